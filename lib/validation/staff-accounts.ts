import { z } from '@/lib/validation/zod';
import { ROLES } from '@/lib/auth/permissions';
import { charCount, staffText, textProblem, trimInvisible } from './text';

// Messages are keys into messages/ja.json (namespace staffErrors), shown next to the field.
// NFKC before the check, so an address typed in full-width (ｓａｔｏ＠…) is read as ASCII.
export const staffEmail = z
  .string()
  .refine((s) => textProblem(trimInvisible(s), { multiline: false }) === null, { error: 'staffErrors.emailInvalid', abort: true })
  .transform((s) => trimInvisible(s.normalize('NFKC')))
  .pipe(z.string().min(1, 'staffErrors.emailRequired').max(254, 'staffErrors.emailInvalid').pipe(z.email('staffErrors.emailInvalid')))
  .transform((email) => email.toLowerCase());

export const staffRole = z.enum(ROLES, 'staffErrors.roleInvalid');

export const signInRequestSchema = z.object({ email: staffEmail });

export const addStaffSchema = z.object({
  email: staffEmail,
  name: staffText(false)
    .refine((name) => charCount(name) <= 100, 'staffErrors.nameTooLong')
    .optional()
    .transform((name) => name || null),
  role: staffRole,
});

export const staffIdSchema = z.string().uuid('staffErrors.unknownStaff');

export const changeRoleSchema = z.object({ userId: staffIdSchema, role: staffRole });
export const setDisabledSchema = z.object({ userId: staffIdSchema, disabled: z.enum(['true', 'false']).transform((v) => v === 'true') });

/** The setup page's form: the first admin's address and name, and the link's token. */
export const firstAdminSchema = addStaffSchema.omit({ role: true }).extend({ token: z.string().max(100) });

/** 担当課 on the staff page: a new department (no id) or a rename. */
export const departmentSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'staffErrors.unknownDepartment')
    .transform(Number)
    .optional(),
  name: staffText(false)
    .refine((name) => name.length > 0, { error: 'staffErrors.departmentNameRequired', abort: true })
    .refine((name) => charCount(name) <= 100, 'staffErrors.departmentNameTooLong'),
});

/** Which departments a staff member belongs to: one checkbox `department-<id>` per department. */
export const staffDepartmentsSchema = z.looseObject({ userId: staffIdSchema }).transform((input) => ({
  userId: input.userId,
  departmentIds: Object.keys(input)
    .map((key) => /^department-([1-9][0-9]{0,8})$/.exec(key)?.[1])
    .filter((id): id is string => id !== undefined && (input as Record<string, unknown>)[`department-${id}`] === 'on')
    .map(Number),
}));
