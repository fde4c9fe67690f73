import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';
import { CategoryForm, DeleteCategoryForm } from './category-forms';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('triageCategories');
  return { title: t('title', { title: '' }) };
}

export default async function CategoriesPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('category.manage', slug);
  const consultation = await getConsultationForTriage(await requestDb(), actor, slug);
  if (!consultation) notFound();
  const t = await getTranslations('triageCategories');
  const tt = await getTranslations('triage');
  return (
    <StaffIntl>
      <p>
        <Link href={`/staff/consultations/${slug}`}>{tt('backToInbox')}</Link>
      </p>
      <h1>{t('title', { title: consultation.title })}</h1>
      <p>{t('lead')}</p>
      <Table caption={t('caption')} stacked="phone">
        <thead>
          <tr>
            <th scope="col">{t('colCode')}</th>
            <th scope="col" colSpan={2}>
              {t('colLabel')}・{t('colPosition')}
            </th>
            <th scope="col">{t('colActions')}</th>
          </tr>
        </thead>
        <tbody>
          {consultation.categories.map((c) => (
            <tr key={c.code}>
              <th scope="row">{c.code}</th>
              <td colSpan={2} className="main">
                <CategoryForm consultation={slug} category={c} />
              </td>
              <td>
                <DeleteCategoryForm consultation={slug} code={c.code} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <section aria-labelledby="category-add">
        <h2 id="category-add">{t('addHeading')}</h2>
        <CategoryForm consultation={slug} />
      </section>
    </StaffIntl>
  );
}
