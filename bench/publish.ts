/**
 * npm run bench:publish — with 10,000 opinions answered in approved groups, how long publishing
 * takes (target ≤ 1 s) and what a read of the published result costs when served from its
 * snapshot, next to a baseline measured in the same run: recomputing the same summary with
 * SQL on every request. Runs in a database of its own on TEST_DATABASE_URL (dropped after).
 *
 * On the site the snapshot read is further cached in memory by Next.js (unstable_cache with a
 * tag that publishing invalidates), so a request normally does not reach the database at all;
 * the snapshot row read measured here is what a cache miss costs.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { consultations } from '@/db/schema';
import { createTestDatabase } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor } from '@/lib/testing/triage-fixtures';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';
import { buildResultSnapshot, publishResults } from '@/lib/data/results/publish';
import { getPublishedResult } from '@/lib/data/results/public';
import { eq } from 'drizzle-orm';
import { answerInApprovedGroups } from '@/lib/testing/results-fixtures';

const OPINIONS = Number(process.env.BENCH_OPINIONS ?? 10_000);
const GROUP_SIZE = 8;
const READS = 50;
const PUBLISHES = 5;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

async function main() {
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const handle = await createTestDatabase('postgres');
  const { db } = handle;
  try {
    const c = await createTestConsultation(db, { items: 52 });
    await ensureDefaultCategories(db, c.id);
    const admin = await createTestActor(db, 'admin');
    const submissionsCount = Math.ceil(OPINIONS / 2);

    const [generated] = await time(async () => {
      // Two opinions per submission, on all channels and items; summaries repeat as in real campaigns.
      await db.execute(sql`
        insert into submissions (consultation_id, receipt_number, channel, received_at, submitter_name, submitter_address, submitter_email)
        select ${c.id}, 'B' || g, (array['web','email','post','fax','in_person'])[1 + g % 5], now() - interval '1 day',
               '氏名' || g, '伊勢崎市' || g, 'p' || g || '@example.jp'
        from generate_series(1, ${submissionsCount}) g`);
      await db.execute(sql`
        insert into submission_opinions (submission_id, item_number, position, text)
        select s.id, case when p = 0 then null else 1 + (s.id % 52)::int end, p, '意見の本文です。番号' || s.id || '-' || p
        from submissions s cross join generate_series(0, 1) p where s.consultation_id = ${c.id}`);
      await db.execute(sql`
        insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, summary, category_code, status, channel, received_at)
        select s.consultation_id, s.id, so.id, 0, char_length(so.text), so.text, so.item_number,
               '意見の概要 ' || (so.id % 400), (array['A','B','C','D','E'])[1 + (so.id % 5)::int], 'classified', s.channel, s.received_at
        from submission_opinions so join submissions s on s.id = so.submission_id where s.consultation_id = ${c.id}`);
      await answerInApprovedGroups(db, c.id, admin.id, GROUP_SIZE);
      await db.execute(sql`analyze`);
      return null;
    });
    await db.update(consultations).set({ opensAt: new Date(Date.now() - 40 * 86_400_000), closesAt: new Date(Date.now() - 1000) }).where(eq(consultations.id, c.id));
    const [counts] = await queryRows<{ opinions: number; groups: number }>(
      db,
      sql`select (select count(*)::int from opinions where consultation_id = ${c.id}) as opinions,
                 (select count(*)::int from response_groups where consultation_id = ${c.id}) as groups`,
    );

    const publishTimes: number[] = [];
    for (let i = 0; i < PUBLISHES; i++) {
      const [ms, result] = await time(() => publishResults(db, admin, { consultationId: c.id }));
      if (!result.ok) throw new Error(`publish failed: ${result.error}`);
      publishTimes.push(ms);
    }

    const snapshotReads: number[] = [];
    const recomputeReads: number[] = [];
    const [row] = await db.select().from(consultations).where(eq(consultations.id, c.id));
    const header = { id: row!.id, slug: row!.slug, title: row!.title, department: row!.department, opensAt: row!.opensAt, closesAt: row!.closesAt, closed: true };
    for (let i = 0; i < READS; i++) {
      const [snapshotMs, result] = await time(() => getPublishedResult(db, c.slug));
      if (result?.status !== 'published') throw new Error('not published');
      snapshotReads.push(snapshotMs);
      // Baseline: the same summary recomputed from the opinions per request.
      const [recomputeMs] = await time(() => buildResultSnapshot(db, header, 0, new Date()));
      recomputeReads.push(recomputeMs);
    }

    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`bench:publish on PostgreSQL — ${counts!.opinions} opinions in ${counts!.groups} approved groups (generated in ${fmt(generated)})`);
    console.log(`publish (snapshot in one transaction), ${PUBLISHES} runs: median ${fmt(percentile(publishTimes, 50))}, max ${fmt(Math.max(...publishTimes))} (target ≤ 1000 ms) ${Math.max(...publishTimes) <= 1000 ? 'OK' : 'OVER'}`);
    const snap50 = percentile(snapshotReads, 50);
    const re50 = percentile(recomputeReads, 50);
    console.log(`results read from the snapshot, ${READS} reads: p50 ${fmt(snap50)}, p95 ${fmt(percentile(snapshotReads, 95))}`);
    console.log(`baseline: recomputed per request,  ${READS} reads: p50 ${fmt(re50)}, p95 ${fmt(percentile(recomputeReads, 95))}`);
    console.log(`ratio (recompute / snapshot, p50): ${(re50 / snap50).toFixed(1)}×`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
