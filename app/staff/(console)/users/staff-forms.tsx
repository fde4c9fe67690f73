'use client';

import { useTranslations } from 'next-intl';
import { useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { OptionList } from '@/components/ui/option-list';
import { Select } from '@/components/ui/select';
import { addStaffAction } from '@/lib/actions/staff/add-staff';
import { changeStaffRoleAction } from '@/lib/actions/staff/change-staff-role';
import { saveDepartmentAction } from '@/lib/actions/staff/save-department';
import { setStaffDepartmentsAction } from '@/lib/actions/staff/set-staff-departments';
import { resetStaffPasskeysAction } from '@/lib/actions/staff/reset-staff-passkeys';
import { setStaffDisabledAction } from '@/lib/actions/staff/set-staff-disabled';

type RoleOption = { value: string; label: string };

export function AddStaffForm({ roles }: { roles: RoleOption[] }) {
  const t = useTranslations('staffUsers');
  const message = useFieldMessage();
  return (
    <StaffForm name="staff-add" action={addStaffAction} fieldIds={{ email: 'new-email', name: 'new-name', role: 'new-role' }} noValidate>
      {(state) => {
        const errors = state.status === 'error' ? state.fieldErrors : undefined;
        return (
          <>
            <Field id="new-email" label={t('email')} error={message(errors?.email)}>
              {(control) => <input {...control} name="email" type="email" required />}
            </Field>
            <Field id="new-name" label={t('name')} error={message(errors?.name)}>
              {(control) => <input {...control} name="name" type="text" maxLength={100} />}
            </Field>
            <Field id="new-role" label={t('role')} error={message(errors?.role)}>
              {(control) => (
                <Select {...control} name="role" defaultValue="reviewer">
                  <OptionList options={roles} />
                </Select>
              )}
            </Field>
            <Button type="submit">{t('add')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}

export function ChangeRoleForm({ userId, email, role, roles }: { userId: string; email: string; role: string; roles: RoleOption[] }) {
  const t = useTranslations('staffUsers');
  const id = `role-${userId}`;
  return (
    <StaffForm name="staff-role" action={changeStaffRoleAction} version={role} className="inline-form" outcome="bottom">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={id}>{t('roleFor', { email })}</label>
      <Select id={id} name="role" defaultValue={role}>
        <OptionList options={roles} />
      </Select>
      <Button type="submit" variant="secondary" size="small">
        {t('changeRole')}
      </Button>
    </StaffForm>
  );
}

export function SetDisabledForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const t = useTranslations('staffUsers');
  return (
    <StaffForm name="staff-disabled" action={setStaffDisabledAction} version={String(disabled)} className="inline-form" outcome="bottom">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? 'false' : 'true'} />
      <Button type="submit" variant={disabled ? 'secondary' : 'danger'} size="small" aria-label={`${disabled ? t('enable') : t('disable')}（${email}）`}>
        {disabled ? t('enable') : t('disable')}
      </Button>
    </StaffForm>
  );
}

export function ResetPasskeysForm({ userId, email }: { userId: string; email: string }) {
  const t = useTranslations('staffPasskey');
  return (
    <StaffForm name="passkeys-reset" action={resetStaffPasskeysAction} className="inline-form" outcome="bottom">
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" variant="secondary" size="small" aria-label={t('resetLabel', { email })}>
        {t('resetButton')}
      </Button>
    </StaffForm>
  );
}

export function AddDepartmentForm() {
  const t = useTranslations('staffUsers');
  const message = useFieldMessage();
  return (
    <StaffForm name="department-add" action={saveDepartmentAction} fieldIds={{ name: 'new-department' }} noValidate>
      {(state) => (
        <>
          <Field id="new-department" label={t('departmentName')} error={message(state.status === 'error' ? state.fieldErrors?.name : undefined)}>
            {(control) => <input {...control} name="name" type="text" maxLength={100} />}
          </Field>
          <Button type="submit">{t('departmentAdd')}</Button>
        </>
      )}
    </StaffForm>
  );
}

/** One department's name; the form is named after the stored name, its field is 担当課の名前. */
export function RenameDepartmentForm({ id, name }: { id: number; name: string }) {
  const t = useTranslations('staffUsers');
  const message = useFieldMessage();
  const fieldId = `department-${id}-name`;
  return (
    <StaffForm
      name="department-rename"
      action={saveDepartmentAction}
      version={name}
      fieldIds={{ name: fieldId }}
      label={t('departmentRenameLabel', { name })}
      className="inline-form"
      outcome="bottom"
      noValidate
    >
      {(state) => (
        <>
          <input type="hidden" name="id" value={id} />
          <Field id={fieldId} label={t('departmentName')} error={message(state.status === 'error' ? state.fieldErrors?.name : undefined)}>
            {(control) => <input {...control} name="name" type="text" maxLength={100} defaultValue={name} />}
          </Field>
          <Button type="submit" variant="secondary" size="small">
            {t('departmentRename')}
          </Button>
        </>
      )}
    </StaffForm>
  );
}

export function StaffDepartmentsForm({ userId, email, departments, selected }: { userId: string; email: string; departments: { id: number; name: string }[]; selected: number[] }) {
  const t = useTranslations('staffUsers');
  return (
    <StaffForm name="staff-departments" action={setStaffDepartmentsAction} version={selected.join(',')} className="inline-form" outcome="bottom">
      <input type="hidden" name="userId" value={userId} />
      <fieldset>
        <legend>{t('departmentsFor', { email })}</legend>
        {departments.map((d) => (
          <div className="checkbox" key={d.id}>
            <input type="checkbox" id={`staff-${userId}-department-${d.id}`} name={`department-${d.id}`} defaultChecked={selected.includes(d.id)} />
            <label htmlFor={`staff-${userId}-department-${d.id}`}>{d.name}</label>
          </div>
        ))}
      </fieldset>
      <Button type="submit" variant="secondary" size="small" aria-label={`${t('departmentsSave')}（${email}）`}>
        {t('departmentsSave')}
      </Button>
    </StaffForm>
  );
}
