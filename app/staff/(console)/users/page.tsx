import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { ROLES } from '@/lib/auth/permissions';
import { appDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/staff';
import { listStaff } from '@/lib/data/staff';
import { AddStaffForm, ChangeRoleForm, SetDisabledForm } from './staff-forms';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffUsers');
  return { title: t('title') };
}

export default async function StaffUsersPage() {
  const actor = await requireStaffPage('staff.manage');
  const t = await getTranslations('staffUsers');
  const tShell = await getTranslations('staffShell');
  const staff = await listStaff(await appDb(), actor);
  return (
    <StaffIntl>
      <h1>{t('title')}</h1>
      <section aria-labelledby="add-staff">
        <h2 id="add-staff">{t('addHeading')}</h2>
        <AddStaffForm roles={ROLES.map((role) => ({ value: role, label: tShell(`roles.${role}`) }))} />
      </section>
      <section aria-labelledby="staff-list">
        <h2 id="staff-list">{t('listHeading')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('colEmail')}</th>
              <th scope="col">{t('colName')}</th>
              <th scope="col">{t('colRole')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.email}</th>
                <td>{member.name}</td>
                <td>{tShell(`roles.${member.role}`)}</td>
                <td>{member.disabled ? t('disabled') : t('active')}</td>
                <td>
                  <ChangeRoleForm
                    userId={member.id}
                    email={member.email}
                    role={member.role}
                    roles={ROLES.map((role) => ({ value: role, label: tShell(`roles.${role}`) }))}
                  />
                  <SetDisabledForm userId={member.id} email={member.email} disabled={member.disabled} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </StaffIntl>
  );
}
