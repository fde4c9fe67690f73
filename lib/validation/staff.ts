import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';

// Messages are keys into messages/ja.json (namespace staffErrors), shown next to the field.
export const staffEmail = z
  .string()
  .trim()
  .min(1, 'staffErrors.emailRequired')
  .max(254, 'staffErrors.emailInvalid')
  .pipe(z.email('staffErrors.emailInvalid'))
  .transform((email) => email.normalize('NFKC').toLowerCase());

export const staffRole = z.enum(ROLES, 'staffErrors.roleInvalid');

export const signInRequestSchema = z.object({ email: staffEmail });

export const addStaffSchema = z.object({
  email: staffEmail,
  name: z.string().trim().max(100, 'staffErrors.nameTooLong').optional().transform((name) => name || null),
  role: staffRole,
});

export const staffIdSchema = z.string().uuid('staffErrors.unknownStaff');

export const changeRoleSchema = z.object({ userId: staffIdSchema, role: staffRole });
export const setDisabledSchema = z.object({ userId: staffIdSchema, disabled: z.enum(['true', 'false']).transform((v) => v === 'true') });
