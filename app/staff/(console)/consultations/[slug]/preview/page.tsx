import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { CaseSubmissionInfo } from '@/components/case-submission-info';
import { ItemComparison } from '@/components/item-comparison';
import { Period } from '@/components/period';
import { CaseNav } from '@/components/staff/case-nav';
import { TextBlocks } from '@/components/text-blocks';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { getCaseForStaff } from '@/lib/data/cases/manage';
import { readConsultationWithItems } from '@/lib/data/consultations';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('caseAdmin');
  return { title: t('previewTitle', { title: (await params).slug }) };
}

/** The case as residents will see it (drafts included), with every item's comparison. */
export default async function CasePreviewPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('consultation.manage', slug);
  const db = await requestDb();
  const c = await getCaseForStaff(db, actor, slug);
  if (!c) notFound();
  const consultation = await readConsultationWithItems(db, c);
  const t = await getTranslations('caseAdmin');
  const tCase = await getTranslations('consultation');
  const tItem = await getTranslations('item');
  const labels = { before: tItem('before'), after: tItem('after'), noBefore: tItem('noBefore'), deleted: tItem('deletedMark'), inserted: tItem('insertedMark'), end: tItem('markEnd') };
  return (
    <>
      <h1>{t('previewTitle', { title: c.title })}</h1>
      <CaseNav slug={c.slug} state={c.state} current="preview" />
      <p className="notice">{t('previewNotice')}</p>
      <article data-testid="case-preview">
        <h2>{consultation.title}</h2>
        <dl className="facts">
          <dt>{tCase('period')}</dt>
          <dd>{c.draft ? t('periodPlaceholder') : <Period opensAt={consultation.opensAt} closesAt={consultation.closesAt} />}</dd>
          <dt>{tCase('department')}</dt>
          <dd>{consultation.department}</dd>
        </dl>
        <h2>{tCase('overview')}</h2>
        <TextBlocks blocks={consultation.overview} />
        <h2>{tCase('howToSubmit')}</h2>
        <CaseSubmissionInfo consultation={consultation} documentHref={(id) => `/api/staff/consultations/${c.slug}/documents/${id}`} />
        <h2>{tCase('items')}</h2>
        <ol className="import-preview">
          {consultation.items.map((item) => (
            <li key={item.number}>
              <h3>
                {tItem('title', { number: item.number })} {tItem.rich('meta', { page: item.page, heading: () => item.heading })}
              </h3>
              <ItemComparison item={item} labels={labels} headingLevel={4} />
            </li>
          ))}
        </ol>
      </article>
    </>
  );
}
