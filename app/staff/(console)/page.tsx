import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Period } from '@/components/period';
import { LinkButton } from '@/components/ui/button';
import { requestDb } from '@/lib/auth/request-context';
import { roleHasPermission } from '@/lib/auth/permissions';
import { requireStaffPage } from '@/lib/auth/require-staff';
import { listConsultationsForStaff } from '@/lib/data/staff-accounts';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffHome');
  return { title: t('title') };
}

export default async function StaffHomePage() {
  const actor = await requireStaffPage('console.view');
  const t = await getTranslations('staffHome');
  const consultations = await listConsultationsForStaff(await requestDb(), actor);
  const tCase = await getTranslations('caseAdmin');
  const manages = roleHasPermission(actor.role, 'consultation.manage');
  return (
    <>
      <h1>{t('title')}</h1>
      {manages && (
        <p>
          <LinkButton variant="primary" href="/staff/consultations/new">
            {tCase('newLink')}
          </LinkButton>
        </p>
      )}
      {consultations.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <Table caption={t('caption')} stacked="phone" className="cases">
          <thead>
            <tr>
              <th scope="col">{t('colTitle')}</th>
              <th scope="col">{t('colDepartment')}</th>
              <th scope="col">{t('colPeriod')}</th>
              <th scope="col">{t('colItems')}</th>
              <th scope="col">{t('colSubmissions')}</th>
              <th scope="col">{t('colOpinions')}</th>
            </tr>
          </thead>
          <tbody>
            {consultations.map((c) => (
              <tr key={c.slug}>
                <th scope="row">
                  <Link href={`/staff/consultations/${c.slug}`}>{c.title}</Link>
                  {manages && (
                    <>
                      {' '}
                      <Link className="row-action" href={`/staff/consultations/${c.slug}/settings`}>
                        {tCase('settingsLink')}
                      </Link>
                    </>
                  )}
                </th>
                <td className="department" data-label={t('colDepartment')}>
                  {c.department}
                </td>
                <td data-label={t('colPeriod')}>
                  <Period opensAt={c.opensAt} closesAt={c.closesAt} />
                </td>
                <td data-label={t('colItems')}>{t('itemCount', { count: c.itemCount })}</td>
                <td data-label={t('colSubmissions')}>{t('itemCount', { count: c.submissionCount })}</td>
                <td data-label={t('colOpinions')}>{t('itemCount', { count: c.opinionCount })}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
