import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { CaseNav } from '@/components/staff/case-nav';
import { Button, LinkButton } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Pagination } from '@/components/ui/pagination';
import { Table } from '@/components/ui/table';
import { Select } from '@/components/ui/select';
import { OptionList } from '@/components/ui/option-list';
import { roleHasPermission } from '@/lib/auth/permissions';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { getConsultationForTriage, listInbox } from '@/lib/data/triage/inbox';
import { categoryOptions } from '@/lib/data/triage/labels';
import { formatJapaneseDateTime, formatShortJapaneseDateTime } from '@/lib/format/japanese-date';
import { INBOX_SORTS, inboxQuery, MODERATION_FLAGS, OPINION_STATUSES, parseInboxFilters, SUBMISSION_CHANNELS, submissionPath } from '@/lib/validation/triage';
import { BulkForm } from './bulk-form';
import { CampaignClassifyForm, CampaignDecisionForm } from './campaign-forms';
import { RerunForm } from './rerun-form';
import { getCampaign } from '@/lib/data/analysis/campaigns';
import { itemOptions } from '@/lib/data/triage/labels';
import { itemLabelIn, WHOLE_CASE } from '@/lib/format/item-label';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('triage');
  return { title: t('inboxTitle', { title: (await params).slug }) };
}

export default async function InboxPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('submission.read', slug);
  const db = await requestDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  if (!consultation) notFound();
  const filters = parseInboxFilters(await searchParams);
  const inbox = await listInbox(db, actor, consultation, filters);
  const t = await getTranslations('triage');
  const ta = await getTranslations('analysis');
  const campaign = filters.campaign ? await getCampaign(db, actor, consultation.id, filters.campaign) : null;
  const base = `/staff/consultations/${slug}`;
  const itemLabel = (n: number | null) => itemLabelIn(consultation.items, n);
  const categoryLabel = (code: string | null) => (code === null ? t('unclassified') : `${code} ${consultation.categories.find((c) => c.code === code)?.label ?? ''}`);
  const flagOptions = MODERATION_FLAGS.map((f) => ({ value: f, label: t(`flags.${f}`) }));
  const statusOptions = OPINION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }));
  const categories = categoryOptions(consultation);
  const headings = { target: t('colTarget'), count: t('colCount') };
  const exportQuery = inboxQuery({ ...filters, page: undefined });

  return (
    <StaffIntl>
      <h1>{t('inboxTitle', { title: consultation.title })}</h1>
      <p>{t('inboxLead')}</p>
      <CaseNav slug={slug} current="inbox" manages={roleHasPermission(actor.role, 'consultation.manage')} />
      <p className="button-row">
        <LinkButton href={`${base}/submissions/new`}>{t('paperLink')}</LinkButton>
        {roleHasPermission(actor.role, 'category.manage') && <LinkButton href={`${base}/categories`}>{t('categoriesLink')}</LinkButton>}
      </p>

      <section aria-labelledby="counts">
        <h2 id="counts">{t('countsHeading')}</h2>
        <p data-testid="counts-total">{t('totals', { submissions: inbox.counts.submissions, opinions: inbox.counts.opinions })}</p>
        <p data-testid="counts-note">{t('countsNote', { counted: inbox.counts.counted, excluded: inbox.counts.excluded })}</p>
        <div className="count-tables">
          <CountTable
            testId="counts-by-item"
            caption={t('byItem')}
            headings={headings}
            rows={inbox.counts.byItem.map((row) => ({ key: String(row.itemNumber), href: `${base}${inboxQuery({}, { item: row.itemNumber ?? 'none' })}`, label: itemLabel(row.itemNumber), count: row.count }))}
          />
          <CountTable
            testId="counts-by-category"
            caption={t('byCategory')}
            headings={headings}
            rows={inbox.counts.byCategory.map((row) => ({ key: String(row.categoryCode), href: `${base}${inboxQuery({}, { category: row.categoryCode ?? 'none' })}`, label: categoryLabel(row.categoryCode), count: row.count }))}
          />
          <CountTable
            testId="counts-by-status"
            caption={t('byStatus')}
            headings={headings}
            rows={inbox.counts.byStatus.map((row) => ({ key: row.status, href: `${base}${inboxQuery({}, { status: row.status })}`, label: t(`statuses.${row.status}`), count: row.count }))}
          />
        </div>
      </section>

      <section aria-labelledby="filters">
        <h2 id="filters">{t('filtersHeading')}</h2>
        <form method="get" action={base} className="filters" role="search">
          <div className="field">
            <label htmlFor="f-q">{t('filterQ')}</label>
            <input id="f-q" name="q" type="search" defaultValue={filters.q ?? ''} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="f-item">{t('filterItem')}</label>
            <Select id="f-item" name="item" defaultValue={filters.item === undefined ? '' : String(filters.item)}>
              <option value="">{t('any')}</option>
              <option value="none">{WHOLE_CASE}</option>
              <OptionList options={consultation.items.map((i) => ({ value: String(i.number), label: itemLabel(i.number) }))} />
            </Select>
          </div>
          <div className="field">
            <label htmlFor="f-category">{t('filterCategory')}</label>
            <Select id="f-category" name="category" defaultValue={filters.category ?? ''}>
              <option value="">{t('any')}</option>
              <option value="none">{t('unclassified')}</option>
              <OptionList options={categories} />
            </Select>
          </div>
          <div className="field">
            <label htmlFor="f-status">{t('filterStatus')}</label>
            <Select id="f-status" name="status" defaultValue={filters.status ?? ''}>
              <option value="">{t('any')}</option>
              <OptionList options={statusOptions} />
            </Select>
          </div>
          <div className="field">
            <label htmlFor="f-channel">{t('filterChannel')}</label>
            <Select id="f-channel" name="channel" defaultValue={filters.channel ?? ''}>
              <option value="">{t('any')}</option>
              <OptionList options={SUBMISSION_CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))} />
            </Select>
          </div>
          <div className="field">
            <label htmlFor="f-from">{t('filterFrom')}</label>
            <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t('filterTo')}</label>
            <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-department">{t('filterDepartment')}</label>
            <input id="f-department" name="department" type="text" defaultValue={filters.department ?? ''} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="f-flag">{t('filterFlag')}</label>
            <Select id="f-flag" name="flag" defaultValue={filters.flag ?? ''}>
              <option value="">{t('any')}</option>
              <option value="flagged">{t('filterFlagged')}</option>
              <option value="clean">{t('filterClean')}</option>
              <OptionList options={flagOptions} />
            </Select>
          </div>
          <div className="field">
            <label htmlFor="f-sort">{t('sort')}</label>
            <Select id="f-sort" name="sort" defaultValue={filters.sort ?? 'received_desc'}>
              <OptionList options={INBOX_SORTS.map((s) => ({ value: s, label: t(`sorts.${s}`) }))} />
            </Select>
          </div>
          <Button type="submit">{t('apply')}</Button> <Link href={base}>{t('clear')}</Link>
        </form>
      </section>

      {campaign && (
        <section aria-labelledby="campaign" className="campaign-panel" data-testid="campaign-panel">
          <h2 id="campaign">{ta('campaignHeading', { count: campaign.members.length })}</h2>
          <p>{ta('campaignLead')}</p>
          <p>
            <strong className="badge">{campaign.confirmed ? ta('campaignConfirmed') : ta('campaignUnconfirmed')}</strong>
          </p>
          <blockquote className="passage">{campaign.representative.text}</blockquote>
          {roleHasPermission(actor.role, 'submission.triage') && (
            <>
              <CampaignDecisionForm consultation={slug} group={campaign.group} />
              <h3>{ta('classifyHeading', { count: campaign.members.length })}</h3>
              <CampaignClassifyForm
                consultation={slug}
                values={{ ...campaign.representative, group: campaign.group, count: campaign.members.length }}
                items={itemOptions(consultation)}
                categories={categories}
                statuses={statusOptions}
              />
            </>
          )}
        </section>
      )}

      <section aria-labelledby="list">
        <h2 id="list">{t(inbox.counts.matchingMore ? 'matchingMore' : 'matching', { opinions: inbox.counts.matchingOpinions })}</h2>
        <p className="view-toggle">
          {filters.view === 'campaigns' ? (
            <Link href={`${base}${inboxQuery({ ...filters, view: undefined, page: undefined })}`}>{ta('viewAll')}</Link>
          ) : (
            <Link href={`${base}${inboxQuery({ ...filters, view: 'campaigns', page: undefined })}`}>{ta('viewCampaigns')}</Link>
          )}
        </p>
        {inbox.rows.length === 0 ? (
          <p>{t('noOpinions')}</p>
        ) : (
          <BulkForm
            consultation={slug}
            categories={categories}
            statuses={statusOptions}
            flags={flagOptions}
          >
            <Table className="inbox" stacked caption={t(inbox.counts.matchingMore ? 'listCaptionMore' : 'listCaption', { page: inbox.page, pageCount: inbox.pageCount })}>
              <thead>
                <tr>
                  <th scope="col">{t('colSelect')}</th>
                  <th scope="col">{t('colReceipt')}</th>
                  <th scope="col">{t('colReceived')}</th>
                  <th scope="col">{t('colChannel')}</th>
                  <th scope="col">{t('colItem')}</th>
                  <th scope="col">{t('colOpinion')}</th>
                  <th scope="col">{t('colCategory')}</th>
                  <th scope="col">{t('colStatus')}</th>
                  <th scope="col">{t('colDepartment')}</th>
                </tr>
              </thead>
              <tbody>
                {inbox.rows.map((row) => {
                  const flags = MODERATION_FLAGS.filter((f) => row[f]);
                  return (
                    <tr key={row.id} className={flags.length ? 'flagged' : undefined} data-opinion-id={row.id}>
                      <td className="select-cell">
                        {/* The label is for screen readers: the column's heading says what the box does. */}
                        {filters.view === 'campaigns' && row.campaign ? (
                          <Checkbox name={`grp-${row.campaign.group}`} value={row.version} id={`sel-${row.id}`} label={<span className="visually-hidden">{ta('selectCampaign', { count: row.campaign.count })}</span>} />
                        ) : (
                          <Checkbox name={`sel-${row.id}`} value={row.version} id={`sel-${row.id}`} label={<span className="visually-hidden">{t('selectOpinion', { id: row.id })}</span>} />
                        )}
                      </td>
                      <td className="nowrap" data-label={t('colReceipt')}>
                        <Link href={submissionPath(slug, row.submissionId, filters, row.id)}>{row.receiptNumber}</Link>
                      </td>
                      <td className="secondary" data-label={t('colReceived')}>
                        <time className="received" dateTime={new Date(row.receivedAt).toISOString()} title={formatJapaneseDateTime(new Date(row.receivedAt))}>
                          {formatShortJapaneseDateTime(new Date(row.receivedAt))}
                        </time>
                        {row.late && <strong className="badge"> {t('late')}</strong>}
                      </td>
                      <td className="secondary" data-label={t('colChannel')}>
                        {t(`channels.${row.channel}`)}
                      </td>
                      <td className="secondary" data-label={t('colItem')}>
                        {itemLabel(row.itemNumber)}
                      </td>
                      <td className="main" data-label={t('colOpinion')}>
                        {row.campaign && (
                          <p className="campaign-count">
                            <Link href={`${base}${inboxQuery({}, { campaign: row.campaign.group })}`} data-testid={`campaign-${row.campaign.group}`}>
                              {ta('campaignLink', { count: row.campaign.count })}
                            </Link>
                          </p>
                        )}
                        {row.summary && <p className="summary">{row.summary}</p>}
                        <p className="excerpt">{row.text.length > 120 ? `${row.text.slice(0, 120)}…` : row.text}</p>
                        {flags.length > 0 && (
                          <p className="flag-reason">{t('flaggedReason', { flags: flags.map((f) => t(`flags.${f}`)).join('・'), reason: row.moderationReason ?? t('noReason') })}</p>
                        )}
                      </td>
                      <td className="secondary" data-label={t('colCategory')}>
                        {categoryLabel(row.categoryCode)}
                      </td>
                      <td className="nowrap secondary" data-label={t('colStatus')}>
                        {t(`statuses.${row.status}`)}
                      </td>
                      <td className="secondary" data-label={t('colDepartment')}>
                        {row.department ?? ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </BulkForm>
        )}
        <Pagination
          label={t('pager')}
          previous={inbox.page > 1 ? { href: `${base}${inboxQuery(filters, { page: inbox.page - 1 })}`, label: t('previous') } : undefined}
          position={t(inbox.counts.matchingMore ? 'pageOfMore' : 'pageOf', { page: inbox.page, pageCount: inbox.pageCount })}
          next={inbox.page < inbox.pageCount ? { href: `${base}${inboxQuery(filters, { page: inbox.page + 1 })}`, label: t('next') } : undefined}
        />
      </section>

      {roleHasPermission(actor.role, 'analysis.rerun') && (
        <section aria-labelledby="rerun">
          <h2 id="rerun">{ta('rerunHeading')}</h2>
          <p>{ta('rerunLead')}</p>
          <RerunForm consultation={slug} />
        </section>
      )}

      <section aria-labelledby="export">
        <h2 id="export">{t('exportHeading')}</h2>
        <form method="get" action={`/api/staff/consultations/${slug}/export.csv`}>
          {Object.entries(Object.fromEntries(new URLSearchParams(exportQuery.slice(1)))).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Checkbox id="export-all" name="include" value="all" label={t('exportIncludeAll')} />
          {roleHasPermission(actor.role, 'personal-data.read') && <Checkbox id="export-personal" name="personal" value="1" label={t('exportPersonal')} />}
          <div className="button-row">
            <Button type="submit" variant="secondary">
              {t('exportCsv')}
            </Button>
            <Button type="submit" variant="secondary" formAction={`/api/staff/consultations/${slug}/export.xlsx`}>
              {t('exportXlsx')}
            </Button>
          </div>
        </form>
      </section>
    </StaffIntl>
  );
}

type CountRow = { key: string; href: string; label: string; count: number };

/** One of the counts at a glance: each target links to the inbox filtered to it. */
function CountTable({ testId, caption, headings, rows }: { testId: string; caption: string; headings: { target: string; count: string }; rows: CountRow[] }) {
  return (
    <Table data-testid={testId} caption={caption}>
      <thead>
        <tr>
          <th scope="col">{headings.target}</th>
          <th scope="col">{headings.count}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">
              <Link href={row.href}>{row.label}</Link>
            </th>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
