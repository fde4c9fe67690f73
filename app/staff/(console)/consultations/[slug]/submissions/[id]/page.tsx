import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, requireStaffCasePage } from '@/lib/auth/require-staff';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';
import { categoryOptions, itemOptions } from '@/lib/data/triage/labels';
import { inboxNeighbours, type InboxStep } from '@/lib/data/triage/neighbours';
import { getSubmissionForTriage, type OpinionAnalysisPanel } from '@/lib/data/triage/submission';
import { inboxQuery, MODERATION_FLAGS, OPINION_STATUSES, parseInboxFilters, submissionPath } from '@/lib/validation/triage';
import { TriageKeys } from '@/components/staff/triage-keys';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { OpinionForm } from './opinion-form';
import { SplitForm } from './split-form';
import { CampaignSplitForm } from './campaign-split-form';
import { ItemSuggestions, SuggestionKeys } from './item-suggestions';
import { RedactionReview } from './redaction-review';
import { itemLabelIn } from '@/lib/format/item-label';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('triage');
  return { title: t('submissionTitle', { receiptNumber: '' }) };
}

export default async function SubmissionPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const actor = await requireStaffCasePage('submission.read', slug);
  const db = await requestDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  const submissionId = /^\d{1,15}$/.test(id) ? Number(id) : null;
  const submission = consultation && submissionId ? await getSubmissionForTriage(db, actor, consultation, submissionId, await requestIpHash()) : null;
  if (!consultation || !submission) notFound();
  const t = await getTranslations('triage');
  const itemLabel = (n: number | null) => itemLabelIn(consultation.items, n);
  const items = itemOptions(consultation);
  const statuses = OPINION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }));
  const flags = MODERATION_FLAGS.map((f) => ({ value: f, label: t(`flags.${f}`) }));
  const opinionIds = submission.sources.flatMap((s) => s.opinions.map((o) => o.id));
  const ta = await getTranslations('analysis');
  // Previous / next in the inbox as the clerk filtered it (the filters and the row travel in the URL).
  const query = await searchParams;
  const filters = parseInboxFilters(query);
  const from = typeof query.o === 'string' && /^\d{1,15}$/.test(query.o) && opinionIds.includes(Number(query.o)) ? Number(query.o) : opinionIds[0];
  const steps = from === undefined ? { previous: null, next: null } : await inboxNeighbours(db, actor, consultation.id, filters, from);
  const stepPath = (step: InboxStep | null) => (step ? submissionPath(slug, step.submissionId, filters, step.opinionId) : undefined);
  const [previousPath, nextPath] = [stepPath(steps.previous), stepPath(steps.next)];
  const categories = categoryOptions(consultation);

  return (
    <StaffIntl>
      <nav aria-label={t('stepNav')} className="step-nav">
        <Link href={`/staff/consultations/${slug}${inboxQuery(filters)}`}>{t('backToInbox')}</Link>
        {previousPath ? (
          <Link href={previousPath} rel="prev">
            {t('previousSubmission')}
          </Link>
        ) : (
          <span className="secondary">{t('noPrevious')}</span>
        )}
        {nextPath ? (
          <Link href={nextPath} rel="next">
            {t('nextSubmission')}
          </Link>
        ) : (
          <span className="secondary">{t('noNext')}</span>
        )}
      </nav>
      <h1>{t('submissionTitle', { receiptNumber: submission.receiptNumber })}</h1>
      <SuggestionKeys />
      <TriageKeys categories={categories} statuses={statuses} />
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
                <OpinionAnalysis slug={slug} opinion={opinion} analysis={submission.analyses.get(opinion.id)} itemHeading={(n) => consultation.items.find((i) => i.number === n)?.heading ?? ''} t={ta} />
                <OpinionForm
                  consultation={slug}
                  opinion={opinion}
                  items={items}
                  categories={categories}
                  statuses={statuses}
                  flags={flags}
                  next={nextPath}
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

type AnalysisT = Awaited<ReturnType<typeof getTranslations<'analysis'>>>;

/** What the machine found in one opinion, with the staff decisions on it (lib/analysis, lib/data/analysis). */
function OpinionAnalysis({
  slug,
  opinion,
  analysis,
  itemHeading,
  t,
}: {
  slug: string;
  opinion: { id: number; version: number; itemNumber: number | null };
  analysis: OpinionAnalysisPanel | undefined;
  itemHeading: (n: number) => string;
  t: AnalysisT;
}) {
  if (!analysis) return null;
  return (
    <>
      {analysis.language !== 'ja' && (
        <p className="notice" data-testid={`language-${opinion.id}`}>
          {t('language', { language: t.has(`languageNames.${analysis.language}`) ? t(`languageNames.${analysis.language}`) : analysis.language })} {t('needsTranslation')}
        </p>
      )}
      {analysis.campaign && (
        <div className="campaign-note">
          <p>
            {t('inCampaign', { count: analysis.campaign.count })} <Link href={`/staff/consultations/${slug}?campaign=${analysis.campaign.group}`}>{t('openCampaign')}</Link>
          </p>
          <CampaignSplitForm consultation={slug} group={analysis.campaign.group} opinionId={opinion.id} />
        </div>
      )}
      {opinion.itemNumber === null && analysis.suggestions.length > 0 && (
        <ItemSuggestions
          consultation={slug}
          opinionId={opinion.id}
          version={opinion.version}
          method={analysis.method}
          suggestions={analysis.suggestions.slice(0, 3).map((s, i) => ({ rank: i + 1, itemNumber: s.itemNumber, heading: itemHeading(s.itemNumber), score: s.score, matchedWords: s.matchedWords }))}
        />
      )}
      {analysis.personalData.length > 0 && <RedactionReview consultation={slug} opinionId={opinion.id} spans={analysis.personalData} />}
    </>
  );
}
