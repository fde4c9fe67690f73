/**
 * npm run bench:publish — at national scale: 100,000 opinions (BENCH_OPINIONS) answered in
 * approved groups, on PostgreSQL (TEST_DATABASE_URL, a database of its own, dropped after).
 *
 * 1. Publishing (the snapshot built in one transaction), a few times: target ≤ 2 s each, next
 *    to a baseline measured in the same run: recomputing the same summary without storing it.
 * 2. Serving that result from its snapshot through the production server (server.mjs): the
 *    results page, the JSON, the CSV and the XLSX, each fetched whole; prints time and size per
 *    format and the server's peak resident memory (VmHWM) before and after, with the growth
 *    against the snapshot's size. Target: the server's peak RSS stays ≤ 1 GiB.
 *
 * Exits 1 when a target is missed. Expects a production build (npm run build).
 */
import { eq, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { openDatabase, queryRows } from '@/db/client';
import { consultations } from '@/db/schema';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';
import { buildResultSnapshot, publishResults } from '@/lib/data/results/publish';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor } from '@/lib/testing/triage-fixtures';
import { answerInApprovedGroups } from '@/lib/testing/results-fixtures';
import { createScratchDatabase, percentile, productionEnv, startServer } from './support';

const OPINIONS = Number(process.env.BENCH_OPINIONS ?? 100_000);
const PORT = Number(process.env.BENCH_PORT ?? 3260);
const GROUP_SIZE = 8;
const PUBLISHES = 3;
const PUBLISH_TARGET_MS = 2_000;
const RSS_TARGET_MB = 1024;

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function time<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { peakMb: number; nowMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}

const database = await createScratchDatabase(adminUrl, `bench_publish_${PORT}`);
const handle = await openDatabase({ url: database.url, migrate: true, poolMax: 5 });
const { db } = handle;
let exitCode = 1;
let server: Awaited<ReturnType<typeof startServer>> | undefined;
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
    // As weeks of autovacuum leave a real case's rows (hint bits set, visibility map filled),
    // not as a bulk insert a second ago leaves them: the first scan would pay for that instead.
    await db.execute(sql`vacuum analyze`);
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
  const [row] = await db.select().from(consultations).where(eq(consultations.id, c.id));
  const header = { id: row!.id, slug: row!.slug, title: row!.title, department: row!.department, opensAt: row!.opensAt, closesAt: row!.closesAt, closed: true };
  const [recomputeMs] = await time(() => buildResultSnapshot(db, header, 0, new Date()));
  const [snapshotRow] = await queryRows<{ bytes: number }>(
    db,
    sql`select octet_length(snapshot::text)::int as bytes from result_publications where consultation_id = ${c.id} order by version desc limit 1`,
  );
  const snapshotMb = Number(snapshotRow!.bytes) / 1024 / 1024;

  // 2. Served by the production server, from the snapshot.
  server = await startServer(PORT, productionEnv(database.url, { MAIL_WORKER_INTERVAL_SECONDS: '0' }));
  const before = memoryOf(server.pid);
  const served: { what: string; status: number; ms: number; mb: number }[] = [];
  for (const [what, path] of [
    ['results page', `/consultations/${c.slug}/results`],
    ['JSON', `/api/consultations/${c.slug}/results`],
    ['CSV', `/api/consultations/${c.slug}/results/csv`],
    ['XLSX', `/api/consultations/${c.slug}/results/xlsx`],
  ] as const) {
    const [ms, response] = await time(async () => {
      const r = await fetch(`${server!.base}${path}`);
      return { status: r.status, bytes: (await r.arrayBuffer()).byteLength };
    });
    served.push({ what, status: response.status, ms, mb: response.bytes / 1024 / 1024 });
  }
  const after = memoryOf(server.pid);

  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  const publishOk = Math.max(...publishTimes) <= PUBLISH_TARGET_MS;
  const servedOk = served.every((s) => s.status === 200);
  const rssOk = after.peakMb <= RSS_TARGET_MB;
  console.log(`bench:publish on PostgreSQL — ${counts!.opinions} opinions in ${counts!.groups} approved groups (generated in ${fmt(generated)})`);
  console.log(`publish (snapshot in one transaction), ${PUBLISHES} runs: median ${fmt(percentile([...publishTimes].sort((a, b) => a - b), 50))}, max ${fmt(Math.max(...publishTimes))}`);
  console.log(`baseline: the same summary recomputed once, not stored: ${fmt(recomputeMs)}; snapshot ${snapshotMb.toFixed(1)} MB`);
  for (const s of served) console.log(`served from the snapshot: ${s.what.padEnd(12)} ${String(s.status)}  ${fmt(s.ms).padStart(8)}  ${s.mb.toFixed(1).padStart(6)} MB`);
  console.log(`server memory: peak RSS ${before.peakMb.toFixed(0)} MB after start, ${after.peakMb.toFixed(0)} MB after serving (${((after.peakMb - before.peakMb) / snapshotMb).toFixed(1)} × the snapshot's size)`);
  console.log(`${publishOk ? 'OK  ' : 'MISS'} publish ≤ ${PUBLISH_TARGET_MS} ms`);
  console.log(`${servedOk && rssOk ? 'OK  ' : 'MISS'} every format served (200), server peak RSS ≤ ${RSS_TARGET_MB} MB`);
  console.log(`ratio (publish max / recompute): ${(Math.max(...publishTimes) / recomputeMs).toFixed(2)}`);
  exitCode = publishOk && servedOk && rssOk ? 0 : 1;
} finally {
  server?.stop();
  await handle.close();
  await database.drop();
}
process.exit(exitCode);
