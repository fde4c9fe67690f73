import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { saveRetentionAction } from '@/lib/actions/staff/save-retention';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { env } from '@/lib/env';
import { formatJapaneseDate } from '@/lib/format/japanese-date';
import { getRetention } from '@/lib/retention/retention';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('retention');
  return { title: t('title') };
}

/** 保存期間 of one case: when its submitters' personal data is erased (lib/retention). */
export default async function RetentionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('personal-data.erase', slug);
  const view = await getRetention(await requestDb(), actor, slug, env().RETENTION_DAYS_AFTER_PUBLICATION);
  if (!view) notFound();
  const t = await getTranslations('retention');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{view.title}</p>
      <p>{t('lead', { days: view.defaultDays })}</p>
      <dl className="retention-facts">
        <dt>{t('current')}</dt>
        <dd data-testid="retention-current">{view.retentionDays === null ? t('useDefault', { days: view.defaultDays }) : t('days', { days: view.retentionDays })}</dd>
        <dt>{t('firstPublished')}</dt>
        <dd>{view.firstPublishedAt ? formatJapaneseDate(new Date(view.firstPublishedAt)) : t('notPublished')}</dd>
        <dt>{t('dueAt')}</dt>
        <dd data-testid="retention-due">{view.dueAt ? formatJapaneseDate(new Date(view.dueAt)) : t('notPublished')}</dd>
        <dt>{t('heldCount')}</dt>
        <dd>{t('submissions', { count: view.held })}</dd>
        <dt>{t('erasedCount')}</dt>
        <dd>{t('submissions', { count: view.erased })}</dd>
      </dl>
      <StaffIntl>
        <StaffForm name="retention-period" action={saveRetentionAction} version={view.version} label={t('formLabel')}>
          <input type="hidden" name="consultation" value={view.slug} />
          <input type="hidden" name="version" value={view.version} key={`v${view.version}`} />
          <div className="field">
            <label htmlFor="retention-days">{t('daysLabel')}</label>
            <p id="retention-days-hint" className="hint">
              {t('daysHint', { days: view.defaultDays })}
            </p>
            <input
              id="retention-days"
              name="retentionDays"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              size={6}
              defaultValue={view.retentionDays ?? ''}
              key={`d${view.version}`}
              aria-describedby="retention-days-hint"
            />
          </div>
          <Button type="submit">{t('save')}</Button>
        </StaffForm>
      </StaffIntl>
    </>
  );
}
