import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { getTranslations } from 'next-intl/server';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/require-staff';
import { listAuditLog } from '@/lib/data/triage/audit-log';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { auditFiltersSchema } from '@/lib/validation/triage';
import { Pagination } from '@/components/ui/pagination';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('triageAudit');
  return { title: t('title') };
}

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

export default async function AuditPage({ searchParams }: Props) {
  const actor = await requireStaffPage('audit.read');
  const filters = auditFiltersSchema.parse(await searchParams);
  const log = await listAuditLog(await requestDb(), actor, filters);
  const t = await getTranslations('triageAudit');
  const query = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, page })) if (v !== undefined && v !== '') params.set(k, String(v));
    return `?${params.toString()}`;
  };
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <form method="get" action="/staff/audit" className="filters" role="search">
        {(['actor', 'action', 'targetType', 'targetId'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`a-${name}`}>{t(name)}</label>
            <input id={`a-${name}`} name={name} type="text" defaultValue={filters[name] ?? ''} maxLength={200} />
          </div>
        ))}
        {(['from', 'to'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`a-${name}`}>{t(name)}</label>
            <input id={`a-${name}`} name={name} type="date" defaultValue={filters[name] ?? ''} />
          </div>
        ))}
        <Button type="submit">{t('apply')}</Button>
      </form>
      {log.rows.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <Table className="audit" stacked="phone" caption={t('caption', { page: log.page })}>
          <thead>
            <tr>
              <th scope="col">{t('colTime')}</th>
              <th scope="col">{t('colActor')}</th>
              <th scope="col">{t('colAction')}</th>
              <th scope="col">{t('colTarget')}</th>
              <th scope="col">{t('colBefore')}</th>
              <th scope="col">{t('colAfter')}</th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((row) => (
              <tr key={row.id}>
                <td data-label={t('colTime')}>{formatJapaneseDateTime(new Date(row.occurredAt))}</td>
                <td data-label={t('colActor')}>{row.actorLabel ?? row.actorId ?? t('anonymous')}</td>
                <td data-label={t('colAction')}>
                  <code>{row.action}</code>
                </td>
                <td data-label={t('colTarget')}>{[row.targetType, row.targetId].filter(Boolean).join(' ')}</td>
                <td className="main" data-label={t('colBefore')}>
                  <code className="json">{json(row.before)}</code>
                </td>
                <td className="main" data-label={t('colAfter')}>
                  <code className="json">{json(row.after)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination
        label={t('pager')}
        previous={log.page > 1 ? { href: `/staff/audit${query(log.page - 1)}`, label: t('previous') } : undefined}
        next={log.hasNext ? { href: `/staff/audit${query(log.page + 1)}`, label: t('next') } : undefined}
      />
    </>
  );
}
