import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { signOut } from '@/lib/actions/auth/sign-out';
import { requireStaffPage } from '@/lib/auth/require-staff';
import { roleHasPermission } from '@/lib/auth/permissions';
import { localOutboxEnabled } from '@/lib/email/local-outbox';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { robots: { index: false, follow: false } };

/**
 * The staff shell. It sends anonymous visitors to the sign-in page early, but it is not the
 * check that protects anything: every page, data function and action checks again in lib/.
 */
export default async function StaffConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireStaffPage('console.view');
  const t = await getTranslations('staffShell');
  return (
    <div className="staff-shell">
      <nav aria-label={t('nav')} className="staff-nav">
        <span className="staff-area">{t('area')}</span>
        <ul>
          <li>
            <Link href="/staff">{t('home')}</Link>
          </li>
          <li>
            <Link href="/staff/passkeys">{t('passkeys')}</Link>
          </li>
          {roleHasPermission(actor.role, 'staff.manage') && (
            <li>
              <Link href="/staff/users">{t('users')}</Link>
            </li>
          )}
          {roleHasPermission(actor.role, 'personal-data.erase') && (
            <li>
              <Link href="/staff/personal-data">{t('personalData')}</Link>
            </li>
          )}
          {roleHasPermission(actor.role, 'staff.manage') && localOutboxEnabled() && (
            <li>
              <Link href="/staff/local-outbox">{t('localOutbox')}</Link>
            </li>
          )}
          {roleHasPermission(actor.role, 'audit.read') && (
            <li>
              <Link href="/staff/audit">{t('audit')}</Link>
            </li>
          )}
        </ul>
        <p className="staff-identity" data-testid="staff-identity">
          {t('signedInAs', { name: actor.name ?? actor.email, role: t(`roles.${actor.role}`) })}
        </p>
        <form action={signOut}>
          <Button type="submit" variant="secondary" size="small">
            {t('signOut')}
          </Button>
        </form>
      </nav>
      {children}
    </div>
  );
}
