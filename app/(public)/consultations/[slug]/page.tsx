import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { OfficialTextNote } from '@/components/official-text-note';
import { JapaneseDate } from '@/components/japanese-date';
import { Period } from '@/components/period';
import { CaseSubmissionInfo } from '@/components/case-submission-info';
import { StatusBadge } from '@/components/status-badge';
import { TextBlocks } from '@/components/text-blocks';
import { Phrases } from '@/components/phrases';
import { consultationStatus, filterItems, type ItemFilters } from '@/lib/data/consultations';
import { readPublicConsultation } from '@/lib/data/public-reads';
import { requestDb } from '@/lib/auth/request-context';
import { getPublicCaseSummary } from '@/lib/data/cases/summaries';
import { localeHref, requestLocale, rubyRequested } from '@/lib/i18n/server';
import { itemFiltersSchema } from '@/lib/validation/item-filters';
import { throwIfE2eRenderError } from '@/lib/testing/e2e-render-error';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const consultation = await readPublicConsultation((await params).slug);
  if (!consultation) return {};
  const t = await getTranslations('consultation');
  return { title: consultation.title, description: t('description', { title: consultation.title, count: consultation.itemCount }) };
}

export default async function ConsultationPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const consultation = await readPublicConsultation(slug);
  if (!consultation) notFound();
  const query = await searchParams;
  throwIfE2eRenderError(query);
  const filters: ItemFilters = itemFiltersSchema.parse(query);
  const t = await getTranslations('consultation');
  const tSite = await getTranslations('site');
  const href = await localeHref();
  const status = consultationStatus(consultation, new Date());
  const items = filterItems(consultation.items, filters);
  const kinds = [...new Set(consultation.items.map((i) => i.headingKind))];
  const pages = [...new Set(consultation.items.map((i) => i.page))].sort((a, b) => a - b);
  const locale = await requestLocale();
  const ruby = await rubyRequested();
  // Staff's explanation in the reader's language (the official text below stays Japanese).
  const summary = await getPublicCaseSummary(await requestDb(), slug, locale);

  return (
    <>
      <Breadcrumbs trail={[{ href: '/', label: tSite('home') }]} current={consultation.title} currentLang="ja" />
      <h1>
        <StatusBadge status={status} />
        <span lang="ja">
          <Phrases text={consultation.title} />
        </span>
      </h1>
      <OfficialTextNote />
      {summary && (
        <section aria-labelledby="case-summary" className="case-summary" lang={locale}>
          <h2 id="case-summary">{t('summaryHeading')}</h2>
          <p className="pre-line" data-testid="case-summary">
            {summary}
          </p>
          <p className="hint">{t('summaryNote')}</p>
        </section>
      )}
      <dl className="facts">
        <dt>{t('period')}</dt>
        <dd>
          <Period opensAt={consultation.opensAt} closesAt={consultation.closesAt} />
        </dd>
        <dt>{t('department')}</dt>
        <dd lang="ja">{consultation.department}</dd>
      </dl>
      {status === 'closed' && (
        <p>
          <Link href={href(`/consultations/${slug}/results`)}>{t('resultsLink')}</Link>
        </p>
      )}
      {status === 'closed' && consultation.closedEarlyReason && (
        <p className="notice" data-testid="closed-early">
          {t.rich('closedEarly', { reason: consultation.closedEarlyReason, ja: (chunks) => <span lang="ja">{chunks}</span> })}
        </p>
      )}
      {status !== 'open' && (
        <p className="notice" role="status">
          {status === 'closed'
            ? t('closedNotice')
            : t.rich('upcomingNotice', { opens: () => <JapaneseDate value={consultation.opensAt} /> })}
        </p>
      )}

      <h2>{t('overview')}</h2>
      <div lang="ja">
        <TextBlocks blocks={consultation.overview} />
      </div>

      <h2>{t('howToSubmit')}</h2>
      {status === 'open' && (
        <>
          <p>{t('commentLead')}</p>
          <p>
            <Link className="button" href={href(`/consultations/${slug}/comment`)}>
              {t('commentLink')}
            </Link>
          </p>
        </>
      )}
      <CaseSubmissionInfo consultation={consultation} documentHref={(id) => `/consultations/${slug}/documents/${id}`} />

      <h2 id="items">{t('items')}</h2>
      <form method="get" action={href(`/consultations/${slug}#items`)} className="filters" role="search" aria-label={t('filter')}>
        {/* Furigana stay on for the filtered list (server.mjs adds them to any URL with ruby=1). */}
        {ruby && <input type="hidden" name="ruby" value="1" />}
        <div className="field">
          <label htmlFor="filter-kind">{t('filterKind')}</label>
          <select id="filter-kind" name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">{t('filterKindAll')}</option>
            {kinds.map((kind) => (
              <option key={kind} value={kind} lang="ja">
                {kind}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-page">{t('filterPage')}</label>
          <select id="filter-page" name="page" defaultValue={filters.page?.toString() ?? ''}>
            <option value="">{t('filterPageAll')}</option>
            {pages.map((page) => (
              <option key={page} value={page}>
                {t('pageLabel', { page })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-q">{t('filterWords')}</label>
          <input id="filter-q" type="search" name="q" defaultValue={filters.q ?? ''} aria-describedby="filter-q-hint" />
          <span id="filter-q-hint" className="hint">
            {t('filterWordsHint')}
          </span>
        </div>
        <button type="submit" className="button">
          {t('filterApply')}
        </button>
        <Link href={href(`/consultations/${slug}#items`)}>{t('filterClear')}</Link>
      </form>

      <p role="status">{t('itemsCount', { shown: items.length, total: consultation.items.length })}</p>
      {items.length === 0 ? (
        <p>{t('noItems')}</p>
      ) : (
        <div className="table-wrap case-items">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('colNumber')}</th>
                <th scope="col">{t('colPage')}</th>
                <th scope="col">{t('colHeading')}</th>
                <th scope="col">{t('colAfter')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.number}>
                  <td className="num">{item.number}</td>
                  <td className="num">{t('pageLabel', { page: item.page })}</td>
                  <td lang="ja">
                    {/* Plain links: 52 client-side <Link>s would each hydrate and watch the
                        viewport to prefetch; an item page comes from the page cache anyway. */}
                    <a href={href(`/consultations/${slug}/items/${item.number}`)}>{t('itemLink', { number: item.number, heading: item.heading })}</a>
                  </td>
                  <td lang="ja">{excerpt(item.afterText)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function excerpt(text: string, length = 80): string {
  const flat = text.replace(/\n/g, ' ');
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
