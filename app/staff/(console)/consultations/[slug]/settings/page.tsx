import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Period } from '@/components/period';
import { createHash } from 'node:crypto';
import { CaseForm } from '@/components/staff/case-form';
import { CaseSummariesForm } from '@/components/staff/case-summaries-form';
import { CaseNav } from '@/components/staff/case-nav';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { caseFormValues } from '@/lib/cases/case-form-values';
import { DOCUMENT_MAX_BYTES, documentTypeLabel, formatFileSize } from '@/lib/cases/document-type';
import { getCaseForStaff } from '@/lib/data/cases/manage';
import { departmentsForCaseForm } from '@/lib/data/departments/departments';
import { listCaseSummaries } from '@/lib/data/cases/summaries';
import { CloseEarlyForm, DocumentFileInput, ExtendForm, OpenNowForm, RemoveDocumentForm, ScheduleForm } from './lifecycle-forms';
import { Button } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('caseAdmin');
  return { title: t('settingsTitle', { title: (await params).slug }) };
}

/** `YYYY-MM-DDTHH:MM` in Japan, for a datetime-local field. */
function japanDateTime(date: Date): string {
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
}

/** The last day of a period ending at `closesAt` (exclusive), as YYYY-MM-DD in Japan. */
function japanLastDay(closesAt: Date): string {
  return new Date(closesAt.getTime() - 1 + 9 * 3_600_000).toISOString().slice(0, 10);
}

const DOCUMENT_OUTCOMES: Record<string, string> = {
  tooLarge: 'caseErrors.documentTooLarge',
  empty: 'caseErrors.documentEmpty',
  type: 'caseErrors.documentType',
  name: 'caseErrors.documentName',
  malformed: 'caseErrors.documentMalformed',
};

export default async function CaseSettingsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('consultation.manage', slug);
  const db = await requestDb();
  const c = await getCaseForStaff(db, actor, slug);
  if (!c) notFound();
  const departments = await departmentsForCaseForm(db, actor);
  const t = await getTranslations();
  const outcome = (await searchParams).document;
  const documentError = typeof outcome === 'string' && DOCUMENT_OUTCOMES[outcome] ? t(DOCUMENT_OUTCOMES[outcome]) : undefined;
  const slugLocked = !c.draft && c.now >= c.opensAt;
  const summaries = await listCaseSummaries(await requestDb(), c.id);

  return (
    <>
      <h1>{t('caseAdmin.settingsTitle', { title: c.title })}</h1>
      <CaseNav slug={c.slug} state={c.state} current="settings" />
      <StaffIntl>
        <CaseForm values={caseFormValues(c, c.slug)} departments={departments} consultation={c.slug} slugLocked={slugLocked} version={c.updatedAt.toISOString()} />

        <h2 id="summaries">{t('caseAdmin.sectionSummaries')}</h2>
        <CaseSummariesForm consultation={c.slug} values={summaries} version={createHash('sha256').update(JSON.stringify(summaries)).digest('hex').slice(0, 16)} />

        <h2 id="documents">{t('caseAdmin.sectionDocuments')}</h2>
        {outcome === 'added' && <p role="status">{t('caseAdmin.documentAdded')}</p>}
        {c.documents.length === 0 ? (
          <p>{t('caseAdmin.documentsNone')}</p>
        ) : (
          <ul data-testid="staff-documents">
            {c.documents.map((d) => (
              <li key={d.id}>
                <a href={`/api/staff/consultations/${c.slug}/documents/${d.id}`}>{d.name}</a>{' '}
                {t('consultation.documentMeta', { type: documentTypeLabel(d.contentType), size: formatFileSize(d.size) })}{' '}
                <RemoveDocumentForm consultation={c.slug} document={d.id} name={d.name} />
              </li>
            ))}
          </ul>
        )}
        <form method="post" action={`/api/staff/consultations/${c.slug}/documents`} encType="multipart/form-data" data-testid="document-form">
          <DocumentFileInput limit={DOCUMENT_MAX_BYTES} label={t('caseAdmin.documentFile')} tooLarge={t('caseErrors.documentTooLarge')} error={documentError} />
          <Button type="submit">{t('caseAdmin.documentUpload')}</Button>
        </form>

        <h2 id="period">{t('caseAdmin.sectionLifecycle')}</h2>
        <dl className="facts">
          <dt>{t('caseAdmin.period')}</dt>
          <dd data-testid="case-period">{c.draft ? t('caseAdmin.periodPlaceholder') : <Period opensAt={c.opensAt.toISOString()} closesAt={c.closesAt.toISOString()} />}</dd>
          {c.closedEarlyReason && c.state !== 'open' && (
            <>
              <dt>{t('caseAdmin.state')}</dt>
              <dd>{t('caseAdmin.closedEarlyReason', { reason: c.closedEarlyReason })}</dd>
            </>
          )}
        </dl>
        {(c.state === 'draft' || c.state === 'scheduled') && (
          <ScheduleForm consultation={c.slug} opensAt={japanDateTime(c.opensAt)} lastDay={japanLastDay(c.closesAt)} />
        )}
        {c.state === 'scheduled' && <OpenNowForm consultation={c.slug} />}
        {(c.state === 'open' || c.state === 'scheduled') && <ExtendForm consultation={c.slug} lastDay={japanLastDay(new Date(c.closesAt.getTime() + 7 * 86_400_000))} />}
        {c.state === 'open' && <CloseEarlyForm consultation={c.slug} />}
        {(c.state === 'closed' || c.state === 'published') && <p>{t('caseAdmin.publishHint')}</p>}
      </StaffIntl>
    </>
  );
}
