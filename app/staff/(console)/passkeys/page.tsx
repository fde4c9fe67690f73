import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PasskeyCeremony } from '@/components/staff/passkeys/passkey-ceremony';
import { StaffIntl } from '@/components/staff/staff-intl';
import { listOwnPasskeys } from '@/lib/auth/passkeys/reads';
import { relyingParty } from '@/lib/auth/passkeys/relying-party';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/require-staff';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffPasskey');
  return { title: t('manageTitle') };
}

/** Your own passkeys: when each was registered and last used; add one for another device. */
export default async function OwnPasskeysPage() {
  const actor = await requireStaffPage('console.view');
  const t = await getTranslations('staffPasskey');
  const own = await listOwnPasskeys(await requestDb(), actor);
  return (
    <>
      <h1>{t('manageTitle')}</h1>
      <p className="lead">{t('manageLead')}</p>
      {own.passkeys.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <Table caption={t('manageTitle')} stacked="phone">
          <thead>
            <tr>
              <th scope="col">{t('colCreated')}</th>
              <th scope="col">{t('colLastUsed')}</th>
              <th scope="col">{t('colKind')}</th>
            </tr>
          </thead>
          <tbody>
            {own.passkeys.map((p) => (
              <tr key={p.createdAt.toISOString()}>
                <td data-label={t('colCreated')}>{formatJapaneseDateTime(p.createdAt)}</td>
                <td data-label={t('colLastUsed')}>{p.lastUsedAt ? formatJapaneseDateTime(p.lastUsedAt) : t('never')}</td>
                <td data-label={t('colKind')}>{p.synced ? t('kindSynced') : t('kindDevice')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {own.passkeys.length > 0 && <p>{t('unusedCodes', { count: own.unusedRecoveryCodes })}</p>}
      {relyingParty() ? (
        <>
          <noscript>
            <p className="notice">{t('noScript')}</p>
          </noscript>
          <StaffIntl>
            <PasskeyCeremony mode="add" />
          </StaffIntl>
        </>
      ) : (
        <p className="notice">{t('problem.not-configured')}</p>
      )}
    </>
  );
}
