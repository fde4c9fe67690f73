import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { localeHref } from '@/lib/i18n/server';

export async function Breadcrumbs({ trail, current, currentLang }: { trail: { href: string; label: string; lang?: string }[]; current: string; currentLang?: string }) {
  const t = await getTranslations('site');
  const href = await localeHref();
  return (
    <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
      <ol>
        {trail.map((crumb) => (
          <li key={crumb.href}>
            <Link href={href(crumb.href)} lang={crumb.lang}>{crumb.label}</Link>
          </li>
        ))}
        <li aria-current="page" lang={currentLang}>
          {current}
        </li>
      </ol>
    </nav>
  );
}
