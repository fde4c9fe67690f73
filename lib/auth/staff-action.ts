import 'server-only';
import { refresh } from 'next/cache';
import { z } from '@/lib/validation/zod';
import type { Db } from '@/db/client';
import { schemaFieldErrors } from '@/lib/actions/message-keys';
import type { Permission } from './permissions';
import type { ActionState } from './staff-action-state';
import { requestDb } from './request-context';
import { requestIpHash, requireStaff, StaffAccessDenied, type StaffActor } from './require-staff';

export type { ActionState } from './staff-action-state';

/** An action's state: ActionState, or a wider one of its own (an import's preview). */
type StaffAction<R = ActionState> = (previous: R | ActionState, formData: FormData) => Promise<R | ActionState>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keyed by any action, whatever state it returns
const permissionsOfActions = new WeakMap<StaffAction<any>, Permission>();

/** The permission an action was built with (the access test reads it to pick the wrong roles). */
export function permissionOfAction(action: unknown): Permission | undefined {
  return typeof action === 'function' ? permissionsOfActions.get(action as StaffAction) : undefined;
}

/**
 * The one wrapper for staff server actions: checks the session and the permission (denials
 * are audited by requireStaff), parses the form with zod, then runs the action's own code;
 * after a change, the current page is refreshed from the database.
 */
export function withStaffAction<S extends z.ZodType, R = ActionState>(
  permission: Permission,
  schema: S,
  handler: (input: z.infer<S>, actor: StaffActor, context: { db: Db; ipHash: string }) => Promise<NoInfer<R> | ActionState>,
): StaffAction<R> {
  const action: StaffAction<R> = async (_previous, formData) => {
    let actor: StaffActor;
    try {
      actor = await requireStaff(permission);
    } catch (error) {
      if (error instanceof StaffAccessDenied) {
        return { status: 'error', formError: error.reason === 'second-factor' ? 'staffCommon.secondFactorRequired' : 'staffCommon.denied', denied: error.reason };
      }
      throw error;
    }
    const parsed = schema.safeParse(Object.fromEntries(formData instanceof FormData ? formData.entries() : []));
    if (!parsed.success) {
      return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: schemaFieldErrors(z.flattenError(parsed.error).fieldErrors) };
    }
    const result = await handler(parsed.data, actor, { db: await requestDb(), ipHash: await requestIpHash() });
    // The page that holds the form is drawn again from the database in the same response, so
    // the form shows what is stored (components/staff/staff-form.tsx), whatever page it is on.
    if ((result as { status?: unknown }).status === 'ok') refresh();
    return result;
  };
  permissionsOfActions.set(action, permission);
  return action;
}
