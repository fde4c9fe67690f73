import type { Db } from '@/db/client';
import { departments as departmentsTable, opinions, staffDepartments, submissionOpinions, submissions, type SubmissionChannel } from '@/db/schema';
import { ensureDepartment } from '@/lib/data/departments/departments';
import { upsertStaffFromCommandLine } from '@/lib/data/staff-accounts';
import { eq } from 'drizzle-orm';
import { createInitialOpinions, toOpinionView, type OpinionView } from '@/lib/data/triage/opinions';
import type { StaffActor } from '@/lib/auth/access';
import type { Role } from '@/lib/auth/permissions';

let counter = 0;

/** A submission stored as the web form stores it (opinions included), without the rate limits. */
export async function insertTestSubmission(
  db: Db,
  consultationId: number,
  input: { texts: { itemNumber: number | null; text: string }[]; channel?: SubmissionChannel; receivedAt?: Date; name?: string; email?: string | null },
): Promise<number> {
  return db.transaction(async (tx) => {
    counter += 1;
    const [row] = await tx
      .insert(submissions)
      .values({
        consultationId,
        receiptNumber: `T${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`.toUpperCase(),
        channel: input.channel ?? 'web',
        receivedAt: input.receivedAt ?? new Date(),
        submitterName: input.name ?? '伊勢崎 花子',
        submitterAddress: '伊勢崎市今泉町二丁目410番地',
        submitterCategory: '市内在住',
        submitterEmail: input.email === undefined ? 'hanako@example.jp' : input.email,
      })
      .returning({ id: submissions.id });
    await tx.insert(submissionOpinions).values(input.texts.map((t, position) => ({ submissionId: row!.id, position, ...t })));
    await createInitialOpinions(tx, row!.id);
    return row!.id;
  });
}

/** The departments of the fixtures' cases (createTestConsultation, the seed). */
export const TEST_DEPARTMENTS = ['企画部 企画調整課', '企画部企画調整課'];

/**
 * A staff member for a test. A reviewer belongs to `departments` (names, created if new), by
 * default to the fixtures' departments and every department that exists now.
 */
export async function createTestActor(
  db: Db,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.jp`,
  departments?: string[],
): Promise<StaffActor> {
  const result = await upsertStaffFromCommandLine(db, { email, role, name: `${role === 'admin' ? '管理' : '担当'} ${email.slice(0, 4)}` });
  const names = departments ?? (role === 'reviewer' ? TEST_DEPARTMENTS : []);
  const ids = [...(await Promise.all(names.map((name) => ensureDepartment(db, name)))), ...(departments ? [] : (await db.select({ id: departmentsTable.id }).from(departmentsTable)).map((d) => d.id))];
  if (ids.length > 0) await db.insert(staffDepartments).values(ids.map((departmentId) => ({ userId: result.id!, departmentId }))).onConflictDoNothing();
  return { id: result.id!, email, name: `${role === 'admin' ? '管理' : '担当'} ${email.slice(0, 4)}`, role };
}

/** Each source text's pieces of a submission, in order (read directly, for assertions). */
export async function opinionsOfSubmission(db: Db, submissionId: number): Promise<OpinionView[]> {
  const rows = await db.select().from(opinions).where(eq(opinions.submissionId, submissionId)).orderBy(opinions.sourceId, opinions.startOffset);
  return rows.map(toOpinionView);
}
