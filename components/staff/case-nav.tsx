import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { CaseState } from '@/lib/data/cases/manage';

/** The links between a case's staff pages, and its state. */
export async function CaseNav({ slug, state }: { slug: string; state: CaseState }) {
  const t = await getTranslations('caseAdmin');
  const base = `/staff/consultations/${slug}`;
  return (
    <>
      <p>
        {t('state')}：<strong data-testid="case-state">{t(`states.${state}`)}</strong>
      </p>
      <nav aria-label={t('settingsLink')}>
        <ul className="actions">
          <li>
            <Link href={`${base}/settings`}>{t('settingsLink')}</Link>
          </li>
          <li>
            <Link href={`${base}/items`}>{t('itemsLink')}</Link>
          </li>
          <li>
            <Link href={`${base}/preview`}>{t('previewLink')}</Link>
          </li>
          <li>
            <Link href={base}>{t('inboxLink')}</Link>
          </li>
          <li>
            <Link href={`${base}/clusters`}>{t('clustersLink')}</Link>
          </li>
          <li>
            <Link href={`${base}/responses`}>{t('responsesLink')}</Link>
          </li>
        </ul>
      </nav>
    </>
  );
}
