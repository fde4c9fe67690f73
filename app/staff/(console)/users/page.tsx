import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { countPasskeysByStaff } from '@/lib/auth/passkeys/reads';
import { ROLES } from '@/lib/auth/permissions';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/require-staff';
import { listDepartments, listStaffDepartments } from '@/lib/data/departments/departments';
import { listStaff } from '@/lib/data/staff-accounts';
import { AddDepartmentForm, AddStaffForm, ChangeRoleForm, RenameDepartmentForm, ResetPasskeysForm, SetDisabledForm, StaffDepartmentsForm } from './staff-forms';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffUsers');
  return { title: t('title') };
}

export default async function StaffUsersPage() {
  const actor = await requireStaffPage('staff.manage');
  const t = await getTranslations('staffUsers');
  const tShell = await getTranslations('staffShell');
  const tPasskey = await getTranslations('staffPasskey');
  const db = await requestDb();
  const staff = await listStaff(db, actor);
  const passkeys = await countPasskeysByStaff(db, actor);
  const departments = await listDepartments(db, actor);
  const membership = await listStaffDepartments(db, actor);
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  return (
    <StaffIntl>
      <h1>{t('title')}</h1>
      <section aria-labelledby="add-staff">
        <h2 id="add-staff">{t('addHeading')}</h2>
        <AddStaffForm roles={ROLES.map((role) => ({ value: role, label: tShell(`roles.${role}`) }))} />
      </section>
      <section aria-labelledby="departments">
        <h2 id="departments">{t('departmentsHeading')}</h2>
        <p>{t('departmentsHint')}</p>
        {departments.length === 0 ? (
          <p>{t('departmentsNone')}</p>
        ) : (
          <ul data-testid="departments">
            {departments.map((d) => (
              <li key={d.id}>
                <RenameDepartmentForm id={d.id} name={d.name} /> {t('departmentCounts', { staff: d.staffCount, cases: d.caseCount })}
              </li>
            ))}
          </ul>
        )}
        <AddDepartmentForm />
      </section>
      <section aria-labelledby="staff-list">
        <h2 id="staff-list">{t('listHeading')}</h2>
        {/* Many departments or long addresses make the table wider than a tablet: it scrolls in its own box, not the page; on a phone each member is a block of its own. */}
        <Table region={{ labelledBy: 'staff-list' }} stacked="phone" className="staff-list">
          <thead>
            <tr>
              <th scope="col">{t('colEmail')}</th>
              <th scope="col">{t('colName')}</th>
              <th scope="col">{t('colRole')}</th>
              <th scope="col">{t('colDepartments')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{tPasskey('colPasskeys')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.email}</th>
                <td data-label={t('colName')}>{member.name}</td>
                <td data-label={t('colRole')}>{tShell(`roles.${member.role}`)}</td>
                <td data-testid="staff-departments" data-label={t('colDepartments')}>
                  {(membership.get(member.id) ?? []).map((id) => departmentName.get(id)).join('、') || t('noDepartments')}
                </td>
                <td data-label={t('colStatus')}>{member.disabled ? t('disabled') : t('active')}</td>
                <td data-label={tPasskey('colPasskeys')}>{passkeys.get(member.id) ? tPasskey('passkeyCount', { count: passkeys.get(member.id)! }) : tPasskey('none')}</td>
                <td className="main">
                  <ChangeRoleForm
                    userId={member.id}
                    email={member.email}
                    role={member.role}
                    roles={ROLES.map((role) => ({ value: role, label: tShell(`roles.${role}`) }))}
                  />
                  {departments.length > 0 && (
                    <StaffDepartmentsForm userId={member.id} email={member.email} departments={departments} selected={membership.get(member.id) ?? []} />
                  )}
                  <SetDisabledForm userId={member.id} email={member.email} disabled={member.disabled} />
                  {/* Never one's own: a second admin resets a lost passkey (lib/auth/passkeys/reset.ts). */}
                  {member.id !== actor.id && passkeys.get(member.id) ? <ResetPasskeysForm userId={member.id} email={member.email} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </StaffIntl>
  );
}
