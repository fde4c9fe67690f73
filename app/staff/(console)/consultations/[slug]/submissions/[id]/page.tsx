import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { MODERATION_FLAGS, OPINION_STATUSES } from '@/db/schema';
import { appDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/staff';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';
import { categoryOptions, itemOptions } from '@/lib/data/triage/labels';
import { getSubmissionForTriage } from '@/lib/data/triage/submission';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { OpinionForm, SplitForm } from '../../triage-forms';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('triage');
  return { title: t('submissionTitle', { receiptNumber: '' }) };
}

export default async function SubmissionPage({ params }: Props) {
  const actor = await requireStaffPage('submission.read');
  const { slug, id } = await params;
  const db = await appDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  const submissionId = /^\d{1,15}$/.test(id) ? Number(id) : null;
  const submission = consultation && submissionId ? await getSubmissionForTriage(db, actor, consultation, submissionId) : null;
  if (!consultation || !submission) notFound();
  const t = await getTranslations('triage');
  const itemLabel = (n: number | null) => (n === null ? t('whole') : t('itemLabel', { number: n, heading: consultation.items.find((i) => i.number === n)?.heading ?? '' }));
  const items = itemOptions(consultation, t('whole'), (number, heading) => t('itemLabel', { number, heading }));
  const statuses = OPINION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }));
  const flags = MODERATION_FLAGS.map((f) => ({ value: f, label: t(`flags.${f}`) }));

  return (
    <StaffIntl>
      <p>
        <Link href={`/staff/consultations/${slug}`}>{t('backToInbox')}</Link>
      </p>
      <h1>{t('submissionTitle', { receiptNumber: submission.receiptNumber })}</h1>
      <dl className="meta">
        <dt>{t('colReceived')}</dt>
        <dd>{formatJapaneseDateTime(new Date(submission.receivedAt))}</dd>
        <dt>{t('colChannel')}</dt>
        <dd>{t(`channels.${submission.channel}`)}</dd>
        <dt>{t('colLanguage')}</dt>
        <dd data-testid="submission-language">{t(`languages.${submission.locale}`)}</dd>
      </dl>
      {submission.late && (
        <p className="late-notice" role="note">
          <strong>{t('late')}</strong>：{t('lateNotice')}
        </p>
      )}
      <section aria-labelledby="submitter">
        <h2 id="submitter">{t('submitterHeading')}</h2>
        {submission.submitter ? (
          <dl className="meta">
            <dt>{t('name')}</dt>
            <dd>{submission.submitter.name}</dd>
            <dt>{t('address')}</dt>
            <dd>{submission.submitter.address}</dd>
            <dt>{t('category')}</dt>
            <dd>{submission.submitter.category ?? t('none')}</dd>
            <dt>{t('email')}</dt>
            <dd>{submission.submitter.email ?? t('none')}</dd>
          </dl>
        ) : (
          <p>{t('submitterHidden')}</p>
        )}
      </section>
      {submission.sources.map((source, n) => (
        <section key={source.id} aria-labelledby={`source-${source.id}`} className="source">
          <h2 id={`source-${source.id}`}>{t('sourceHeading', { n: n + 1, target: itemLabel(source.itemNumber) })}</h2>
          {source.uncovered > 0 && <p role="note">{t('uncovered', { count: source.uncovered })}</p>}
          {source.opinions.map((opinion) => {
            const active = MODERATION_FLAGS.filter((f) => opinion[f]);
            return (
              <article key={opinion.id} aria-labelledby={`opinion-${opinion.id}`} className={active.length ? 'opinion flagged' : 'opinion'} data-opinion-id={opinion.id}>
                <h3 id={`opinion-${opinion.id}`}>
                  {t('opinionHeading', { id: opinion.id })}（{itemLabel(opinion.itemNumber)}）
                </h3>
                {active.length > 0 && (
                  <p className="flag-reason">{t('flaggedReason', { flags: active.map((f) => t(`flags.${f}`)).join('・'), reason: opinion.moderationReason ?? t('noReason') })}</p>
                )}
                <blockquote className="passage">{opinion.text}</blockquote>
                <OpinionForm
                  consultation={slug}
                  opinion={opinion}
                  items={items}
                  categories={categoryOptions(consultation)}
                  statuses={statuses}
                  flags={flags}
                />
                <SplitForm consultation={slug} id={opinion.id} version={opinion.version} text={opinion.text} />
              </article>
            );
          })}
        </section>
      ))}
    </StaffIntl>
  );
}
