import 'server-only';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { mailOutbox, personalDataRequests, submissions } from '@/db/schema';

/**
 * What erasing a submission's personal data means, in one place: the submitter's name, address,
 * e-mail and IP hash go, and so do the recipient, text and error of every mail about it (the
 * receipt copy quotes the name and the opinions) and the free-text reason of every 開示・削除
 * request about it (staff are asked not to, but may have quoted the resident). The requests'
 * who, when and outcome stay. The opinions as sent, staff's opinions and
 * summaries, counts and every published result stay exactly as they were: publishing never
 * read these columns (lib/data/results/publish.ts).
 */
export async function erasePersonalData(tx: Db, submissionIds: number[], now: Date): Promise<{ submissions: number[]; mails: number }> {
  if (submissionIds.length === 0) return { submissions: [], mails: 0 };
  const erased = await tx
    .update(submissions)
    .set({ submitterName: '', submitterAddress: '', submitterEmail: null, ipHash: null, personalDataErasedAt: now })
    .where(and(inArray(submissions.id, submissionIds), isNull(submissions.personalDataErasedAt)))
    .returning({ id: submissions.id });
  const ids = erased.map((row) => row.id);
  if (ids.length === 0) return { submissions: [], mails: 0 };
  await tx.update(personalDataRequests).set({ reason: '' }).where(inArray(personalDataRequests.submissionId, ids));
  const mails = await tx
    .update(mailOutbox)
    .set({
      recipient: '',
      body: '',
      lastError: 'personal data erased',
      // A receipt still waiting to go (SMTP down for ever) is not sent to nobody.
      status: sql`case when ${mailOutbox.status} = 'pending' then 'failed' else ${mailOutbox.status} end`,
    })
    .where(inArray(mailOutbox.submissionId, ids))
    .returning({ id: mailOutbox.id });
  return { submissions: ids, mails: mails.length };
}

/** Locks the given submissions that still hold personal data (skipping rows another job holds). */
export async function lockHeldSubmissions(tx: Db, where: ReturnType<typeof sql>, limit: number): Promise<{ id: number; consultationId: number }[]> {
  const rows = await queryRows<{ id: number | string; consultation_id: number }>(
    tx,
    sql`select s.id, s.consultation_id from ${submissions} s
        where s.personal_data_erased_at is null and (${where})
        order by s.id limit ${limit}
        for update of s skip locked`,
  );
  return rows.map((r) => ({ id: Number(r.id), consultationId: Number(r.consultation_id) }));
}
