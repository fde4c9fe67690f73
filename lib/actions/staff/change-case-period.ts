'use server';

import { withStaffAction, type ActionState } from '@/lib/auth/staff-action';
import type { StaffActor } from '@/lib/auth/access';
import type { Db } from '@/db/client';
import { closeCaseEarly, extendCase, openCaseNow, scheduleCase, type LifecycleResult } from '@/lib/data/cases/lifecycle';
import { getCaseForStaff } from '@/lib/data/cases/manage';
import { closeEarlyFormSchema, extendFormSchema, openNowFormSchema, scheduleFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage, type MessageKey } from '../message-keys';

/** Runs one lifecycle step on the case a form names, and says how it went. */
async function step(db: Db, actor: StaffActor, slug: string, run: (id: number) => Promise<LifecycleResult>, done: MessageKey, field: string): Promise<ActionState> {
  const found = await getCaseForStaff(db, actor, slug);
  if (!found) return { status: 'error', formError: 'caseErrors.notFound' };
  const result = await run(found.id);
  if (!result.ok) return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { [field]: [caseErrorMessage(result.error)] } };
  caseChanged(slug);
  return { status: 'ok', message: done };
}

export const scheduleCaseAction = withStaffAction('consultation.manage', scheduleFormSchema, async (input, actor, { db, ipHash }) =>
  step(db, actor, input.consultation, (id) => scheduleCase(db, actor, id, { opensAt: input.opensAt, closesAt: input.lastDay }, ipHash), 'caseAdmin.scheduled', 'lastDay'),
);

export const openCaseNowAction = withStaffAction('consultation.manage', openNowFormSchema, async (input, actor, { db, ipHash }) =>
  step(db, actor, input.consultation, (id) => openCaseNow(db, actor, id, ipHash), 'caseAdmin.opened', 'confirm'),
);

export const extendCaseAction = withStaffAction('consultation.manage', extendFormSchema, async (input, actor, { db, ipHash }) =>
  step(db, actor, input.consultation, (id) => extendCase(db, actor, id, input.lastDay, ipHash), 'caseAdmin.extended', 'lastDay'),
);

export const closeCaseEarlyAction = withStaffAction('consultation.manage', closeEarlyFormSchema, async (input, actor, { db, ipHash }) =>
  step(db, actor, input.consultation, (id) => closeCaseEarly(db, actor, id, input.reason, ipHash), 'caseAdmin.closed', 'reason'),
);
