'use server';

import { parseRevisionRows, RevisionTableError, type RevisionTableProblem } from '@/db/seed/parse-revision-table';
import { withStaffAction, type ActionState } from '@/lib/auth/staff-action';
import { readTableFile } from '@/lib/cases/table-file';
import { commitItemImport, planItemImport, type ImportPlan } from '@/lib/data/cases/items';
import { importFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage, type MessageKey } from '../message-keys';

const FILE_ERRORS: Record<'empty' | 'tooLarge' | 'encoding' | 'unreadable', MessageKey> = {
  empty: 'caseErrors.fileEmpty',
  tooLarge: 'caseErrors.fileTooLarge',
  encoding: 'caseErrors.fileEncoding',
  unreadable: 'caseErrors.fileUnreadable',
};

/** The import form's state: besides the usual outcomes, a preview to confirm, or the file's problems. */
export type ImportState =
  | ActionState
  /** `fieldErrors`: the preview shown again because the import was refused (an unconfirmed import into a live case). */
  | { status: 'preview'; plan: ImportPlan; format: string; fileName: string; formError?: MessageKey; fieldErrors?: Record<string, MessageKey[]> }
  | { status: 'problems'; problems: RevisionTableProblem[]; format: string; fileName: string };

/**
 * Upload → preview → confirm, one action: `intent=preview` reads the file and shows what it
 * would change; `intent=commit` reads the same file again and stores it only if the items are
 * still those of the preview (`digest`). A malformed file stores nothing. Whether the case is
 * live (scheduled or open, so the import needs `confirmOpen`) is decided by the data layer under
 * the case's lock; refused for want of it, the preview is shown again with the case's state as it
 * is now, and the message at the confirmation.
 */
export const importItemsAction = withStaffAction<typeof importFormSchema, ImportState>(
  'consultation.manage',
  importFormSchema,
  async (input, actor, { db, ipHash }) => {
    const file = await readTableFile(new Uint8Array(await input.file.arrayBuffer()));
    if (!file.ok) {
      return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { file: [FILE_ERRORS[file.error]] } };
    }
    let table;
    try {
      table = parseRevisionRows(file.rows);
    } catch (error) {
      if (error instanceof RevisionTableError) return { status: 'problems', problems: error.problems, format: file.format, fileName: input.file.name };
      throw error;
    }
    if (input.intent === 'preview') {
      const plan = await planItemImport(db, actor, input.consultation, table);
      if ('error' in plan) return { status: 'error', formError: caseErrorMessage(plan.error) };
      return { status: 'preview', plan, format: file.format, fileName: input.file.name };
    }
    const result = await commitItemImport(db, actor, input.consultation, table, input.digest ?? '', { confirmedLive: input.confirmOpen, ipHash });
    if (!result.ok && result.error === 'confirmRequired') {
      const plan = await planItemImport(db, actor, input.consultation, table);
      if ('error' in plan) return { status: 'error', formError: caseErrorMessage(plan.error) };
      return { status: 'preview', plan, format: file.format, fileName: input.file.name, formError: 'staffCommon.fixErrors', fieldErrors: { confirmOpen: ['caseErrors.confirmOpenImport'] } };
    }
    if (!result.ok) return { status: 'error', formError: caseErrorMessage(result.error) };
    caseChanged(input.consultation);
    return { status: 'ok', message: 'caseAdmin.imported', values: { added: result.added, changed: result.changed, removed: result.removed } };
  },
);
