import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { DiffText } from '@/components/diff-text';
import { JapaneseDate } from '@/components/japanese-date';
import { OfficialTextNote } from '@/components/official-text-note';
import { Period } from '@/components/period';
import { readPublishedResult } from '@/lib/data/results/public-reads';
import { localeHref, requestLocale } from '@/lib/i18n/server';
import { charDiff } from '@/lib/text/char-diff';
import { Pagination } from '@/components/ui/pagination';
import { parseResultPage, parseResultVersion, RESULT_ROWS_PER_PAGE } from '@/lib/validation/result-version';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await readPublishedResult((await params).slug);
  const t = await getTranslations('results');
  if (!result) return {};
  const title = result.status === 'published' ? result.snapshot.header.title : result.title;
  return { title: t.markup('title', { title, ja: (chunks) => chunks }), description: t('description', { title }) };
}

/** The case's own (Japanese) text inside a message in the reader's language. */
const japanese = (chunks: ReactNode) => <span lang="ja">{chunks}</span>;

/** 実施結果: served from the published snapshot only (cached until the next publication). */
export default async function ResultsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const version = parseResultVersion(query.version);
  const result = await readPublishedResult(slug, version);
  // Unknown cases are answered with a 404 by the proxy before this page runs.
  if (!result) notFound();
  const t = await getTranslations('results');
  const tSite = await getTranslations('site');
  const tItem = await getTranslations('item');
  const href = await localeHref();
  const caseHref = `/consultations/${slug}`;

  if (result.status === 'unpublished') {
    return (
      <>
        <Breadcrumbs trail={[{ href: '/', label: tSite('home') }, { href: caseHref, label: result.title, lang: 'ja' }]} current={t('breadcrumb')} />
        <h1>{t.rich('title', { title: result.title, ja: japanese })}</h1>
        <p className="notice" role="status">
          {version !== undefined && result.versions.length > 0 ? t('notPublishedVersion') : t('notPublished')}
        </p>
        {result.versions.length > 0 && <Link href={href(`${caseHref}/results`)}>{t('latestLink')}</Link>}
        <p>
          <Link href={href(`${caseHref}/lookup`)}>{t('lookupLink')}</Link>
        </p>
        <p>
          <Link href={href(caseHref)}>{t('backToCase')}</Link>
        </p>
      </>
    );
  }

  const { snapshot, versions } = result;
  const { header, counts } = snapshot;
  const latest = versions[0]!.version;
  const marks = { deleted: tItem('deletedMark'), inserted: tItem('insertedMark'), end: tItem('markEnd'), lang: await requestLocale() };
  const itemLabel = (itemNumber: number | null, heading: string | null) =>
    itemNumber === null ? t('whole') : t('itemLabel', { number: itemNumber, heading: heading ?? '' });
  const download = (format: 'csv' | 'xlsx') => `/api/consultations/${slug}/results/${format}?version=${header.version}`;
  const changedItems = snapshot.amendments.filter((a) => a.changed);
  // A national-scale result has thousands of rows: the table is read a page at a time (the CSV and XLSX hold every row).
  const pages = Math.max(1, Math.ceil(snapshot.rows.length / RESULT_ROWS_PER_PAGE));
  const page = Math.min(parseResultPage(query.page), pages);
  const rows = snapshot.rows.slice((page - 1) * RESULT_ROWS_PER_PAGE, page * RESULT_ROWS_PER_PAGE);
  const pageHref = (n: number) => href(`${caseHref}/results?${header.version !== latest ? `version=${header.version}&` : ''}page=${n}`);
  const tablePagination = pages > 1 && (
    <Pagination
      label={t('tablePages')}
      previous={page > 1 ? { href: pageHref(page - 1), label: t('tablePrevious') } : undefined}
      next={page < pages ? { href: pageHref(page + 1), label: t('tableNext') } : undefined}
      position={t('tablePosition', { from: rows[0]?.no ?? 0, to: rows.at(-1)?.no ?? 0, total: snapshot.rows.length })}
    />
  );

  return (
    <article className="result-document">
      <Breadcrumbs trail={[{ href: '/', label: tSite('home') }, { href: caseHref, label: header.title, lang: 'ja' }]} current={t('breadcrumb')} />
      <h1>{t.rich('title', { title: header.title, ja: japanese })}</h1>
      <OfficialTextNote />
      {header.version !== latest && (
        <p className="notice" role="status">
          {t('olderVersionNotice', { version: header.version, latest })} <Link href={href(`${caseHref}/results`)}>{t('latestLink')}</Link>
        </p>
      )}
      <dl className="facts">
        <dt>{t('caseTitle')}</dt>
        <dd lang="ja">{header.title}</dd>
        <dt>{t('period')}</dt>
        <dd>
          <Period opensAt={header.opensAt} closesAt={header.closesAt} />
        </dd>
        <dt>{t('department')}</dt>
        <dd lang="ja">{header.department}</dd>
        <dt>{t('publishedOn')}</dt>
        <dd data-testid="published-on">
          <JapaneseDate value={header.publishedAt} /> {t('versionLabel', { version: header.version })}
        </dd>
      </dl>

      <nav aria-labelledby="versions-heading" className="no-print result-versions">
        <h2 id="versions-heading">{t('versions')}</h2>
        <ul>
          {versions.map((v) => (
            <li key={v.version}>
              <Link href={href(`${caseHref}/results?version=${v.version}`)} aria-current={v.version === header.version ? 'page' : undefined}>
                {t.rich('versionItem', { version: v.version, date: () => <JapaneseDate value={v.publishedAt} /> })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="downloads-heading" className="no-print">
        <h2 id="downloads-heading">{t('downloads')}</h2>
        <ul>
          <li>
            <a href={download('csv')} download>
              {t('downloadCsv')}
            </a>
          </li>
          <li>
            <a href={download('xlsx')} download>
              {t('downloadXlsx')}
            </a>
          </li>
          <li>
            <a href={`/api/consultations/${slug}/results?version=${header.version}`}>{t('downloadJson')}</a>
          </li>
        </ul>
        <p className="hint">{t('printHint')}</p>
      </section>

      <p className="no-print">
        <Link href={href(`${caseHref}/lookup`)}>{t('lookupLink')}</Link>
      </p>

      <section aria-labelledby="counts-heading" className="result-section">
        <h2 id="counts-heading">{t('counts')}</h2>
        <dl className="facts" data-testid="result-totals">
          <dt>{t('submitters')}</dt>
          <dd data-testid="count-submitters">{t('personValue', { count: counts.submitters })}</dd>
          <dt>{t('opinions')}</dt>
          <dd data-testid="count-opinions">{t('countValue', { count: counts.opinions })}</dd>
        </dl>
        <div className="count-tables">
          <table data-testid="count-by-channel">
            <caption>{t('byChannel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colChannel')}</th>
                <th scope="col">{t('submitters')}</th>
                <th scope="col">{t('opinions')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.byChannel.map((c) => (
                <tr key={c.channel}>
                  <th scope="row">{t(`channels.${c.channel as 'web'}`)}</th>
                  <td className="num">{c.submitters}</td>
                  <td className="num">{c.opinions}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table data-testid="count-by-item">
            <caption>{t('byItem')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colItem')}</th>
                <th scope="col">{t('opinions')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.byItem.map((i) => (
                <tr key={i.itemNumber ?? 'whole'}>
                  <th scope="row" lang={i.itemNumber === null ? undefined : 'ja'}>
                    {itemLabel(i.itemNumber, i.heading)}
                  </th>
                  <td className="num">{i.opinions}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table data-testid="count-by-category">
            <caption>{t('byCategory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colCategory')}</th>
                <th scope="col">{t('opinions')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.byCategory.map((c) => (
                <tr key={c.code}>
                  <th scope="row" lang="ja">
                    {c.code} {c.label}
                  </th>
                  <td className="num">{c.opinions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="amendments-heading" className="result-section">
        <h2 id="amendments-heading">{t('amendments')}</h2>
        <p>{t('amendmentsLead')}</p>
        <table data-testid="amendments">
          <thead>
            <tr>
              <th scope="col">{t('colItem')}</th>
              <th scope="col">{t('colAmended')}</th>
              <th scope="col">{t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.amendments.map((a) => (
              <tr key={a.itemNumber}>
                <th scope="row" lang="ja">
                  {itemLabel(a.itemNumber, a.heading)}
                </th>
                <td>{a.changed ? t('changed') : t('unchanged')}</td>
                <td lang="ja">{a.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {changedItems.length === 0 && <p>{t('noAmendments')}</p>}
        {changedItems.map((a) => (
          <section key={a.itemNumber} className="amendment" aria-labelledby={`amendment-${a.itemNumber}`}>
            <h3 id={`amendment-${a.itemNumber}`}>
              <span lang="ja">{itemLabel(a.itemNumber, a.heading)}</span> {t('amendedDiff')}
            </h3>
            <DiffText segments={charDiff(a.afterText ?? '', a.amendedText ?? '')} marks={marks} />
          </section>
        ))}
      </section>

      <section aria-labelledby="table-heading" className="result-section">
        <h2 id="table-heading">{t('table')}</h2>
        <p>{t('tableLead')}</p>
        {pages > 1 && <p className="no-print">{t('tablePaged', { perPage: RESULT_ROWS_PER_PAGE })}</p>}
        {tablePagination}
        <table className="result-table" data-testid="result-table">
          <thead>
            <tr>
              <th scope="col">{t('colNo')}</th>
              <th scope="col">{t('colItem')}</th>
              <th scope="col">{t('colSummary')}</th>
              <th scope="col">{t('colResponse')}</th>
              <th scope="col">{t('colKind')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.no} data-opinions={r.opinionCount} data-item={r.itemNumber ?? ''} data-category={r.categoryCode}>
                <td className="num" data-label={t('colNo')}>
                  {r.no}
                </td>
                {/* 全体について is in the reader's language; an item's heading is the official Japanese. */}
                <td lang={r.itemNumber === null ? undefined : 'ja'} data-label={t('colItem')}>
                  {itemLabel(r.itemNumber, r.heading)}
                </td>
                <td data-label={t('colSummary')}>
                  <ul className="summaries" lang="ja">
                    {r.summaries.map((s, i) => (
                      <li key={i}>{s}</li>
                    ))}
                  </ul>
                  {r.opinionCount > 1 && <span className="same-count">{t('sameOpinions', { count: r.opinionCount })}</span>}
                </td>
                <td className="pre-line" lang="ja" data-label={t('colResponse')}>
                  {r.response}
                </td>
                <td className="num" data-label={t('colKind')}>
                  {r.categoryCode}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tablePagination}
        {snapshot.grouping && (
          <p lang="ja" data-testid="result-grouping">
            {snapshot.grouping}
          </p>
        )}
        <h3>{t('categoryLegend')}</h3>
        <dl className="facts">
          {counts.byCategory.map((c) => (
            <div key={c.code} className="contents">
              <dt>{c.code}</dt>
              <dd lang="ja">{c.label}</dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}
