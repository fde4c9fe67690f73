import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/**
 * Answers every opinion of a case as staff would before publishing, set-based (for benches
 * with thousands of opinions): an opinion without a summary (意見の概要) gets the start of its
 * text, and the opinions on each item are put in approved response groups of `groupSize`.
 */
export async function answerInApprovedGroups(db: Db, consultationId: number, adminId: string, groupSize: number): Promise<void> {
  await db.execute(sql`update opinions set summary = left(text, 60) where consultation_id = ${consultationId} and btrim(summary) = ''`);
  await db.execute(sql`
    with numbered as (
      select id, item_number, (row_number() over (partition by item_number order by id) - 1) / ${groupSize} as bucket
      from opinions where consultation_id = ${consultationId}),
    buckets as (select distinct item_number, bucket from numbered),
    inserted as (
      insert into response_groups (consultation_id, item_number, response, category_code, status, approved_by, approved_at)
      select ${consultationId}, item_number, '市の考え方 ' || coalesce(item_number, 0) || '-' || bucket, 'C', 'approved', ${adminId}, now()
      from buckets returning id, item_number, response)
    insert into response_group_members (group_id, opinion_id)
    select i.id, n.id from inserted i join numbered n
      on n.item_number is not distinct from i.item_number and i.response = '市の考え方 ' || coalesce(n.item_number, 0) || '-' || n.bucket`);
}
