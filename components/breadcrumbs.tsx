import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export async function Breadcrumbs({ trail, current }: { trail: { href: string; label: string }[]; current: string }) {
  const t = await getTranslations('site');
  return (
    <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
      <ol>
        {trail.map((crumb) => (
          <li key={crumb.href}>
            <Link href={crumb.href}>{crumb.label}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
