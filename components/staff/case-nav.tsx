import { getTranslations } from 'next-intl/server';
import { Tabs } from '@/components/ui/tabs';
import type { CaseState } from '@/lib/data/cases/manage';

export type CasePage = 'settings' | 'items' | 'preview' | 'inbox' | 'clusters' | 'responses';

/**
 * A case's staff pages as tabs (links: they work without JavaScript and can be bookmarked), the
 * current one marked, and the case's state when the page knows it. `manages` hides the pages
 * that only a case manager may open (settings, items, preview).
 */
export async function CaseNav({ slug, state, current, manages = true }: { slug: string; state?: CaseState; current: CasePage; manages?: boolean }) {
  const t = await getTranslations('caseAdmin');
  const base = `/staff/consultations/${slug}`;
  const pages: { page: CasePage; href: string; label: string; manage?: boolean }[] = [
    { page: 'settings', href: `${base}/settings`, label: t('settingsLink'), manage: true },
    { page: 'items', href: `${base}/items`, label: t('itemsLink'), manage: true },
    { page: 'preview', href: `${base}/preview`, label: t('previewLink'), manage: true },
    { page: 'inbox', href: base, label: t('inboxLink') },
    { page: 'clusters', href: `${base}/clusters`, label: t('clustersLink') },
    { page: 'responses', href: `${base}/responses`, label: t('responsesLink') },
  ];
  return (
    <>
      {state && (
        <p>
          {t('state')}：<strong data-testid="case-state">{t(`states.${state}`)}</strong>
        </p>
      )}
      <Tabs label={t('caseNav')} tabs={pages.filter((p) => manages || !p.manage).map((p) => ({ href: p.href, label: p.label, current: p.page === current }))} />
    </>
  );
}
