/**
 * npm run bench:export — staff exports of a whole case on PostgreSQL, in a database of its own
 * on TEST_DATABASE_URL's server: seed:load N submissions (default 1,000,000, BENCH_N; about
 * 1.33 opinions each), then every opinion with personal columns as CSV and as XLSX through the
 * real route handlers (GET …/export.csv and …/export.xlsx, signed in as an admin), each in a
 * process of its own that reads the body as a fast client would. Printed per phase: rows,
 * seconds, rows/s, bytes, RSS before and peak RSS (50 ms samples and the kernel's maxRSS), next
 * to the baseline of the same run: PostgreSQL's own `COPY (…) TO STDOUT` of the same rows read
 * by the same kind of process. Target: peak RSS ≤ 300 MB for each export; exit 1 when missed.
 * The database is dropped after.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, queryRows } from '@/db/client';
import { ISESAKI_SLUG } from '@/db/seed/isesaki';
import { seedLoadedCase } from './seeded-case';
import { assertLocal } from '@/lib/testing/databases';

const RSS_TARGET_MB = 300;
type Phase = 'copy' | 'csv' | 'xlsx';
type PhaseResult = { rows: number; bytes: number; seconds: number; rssBeforeMb: number; peakRssMb: number; complete: boolean };

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Samples the RSS every 50 ms while `work` runs; the peak is also the kernel's maxRSS of the process. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; rssBeforeMb: number; peakRssMb: number; seconds: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    return { result, rssBeforeMb: mb(before), peakRssMb: mb(peak), seconds };
  } finally {
    clearInterval(timer);
  }
}

/** A fast client: reads every byte, keeps only counts (and the last bytes, to see the file end). */
async function drain(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): Promise<{ bytes: number; lineEnds: number; tail: Buffer }> {
  let bytes = 0;
  let lineEnds = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lineEnds++;
    tail = Buffer.concat([tail, Buffer.from(chunk.subarray(Math.max(0, chunk.length - 64)))]).subarray(-64);
  }
  return { bytes, lineEnds, tail };
}

/** One phase, in this process (started by the parent with --phase). Prints its result as JSON. */
async function runPhase(phase: Phase, url: string, consultationId: number, slug: string, sessionToken: string): Promise<void> {
  process.env.AUTH_SECRET ??= randomBytes(32).toString('hex');
  process.env.IP_HASH_KEY ??= randomBytes(32).toString('hex');
  if (phase === 'copy') {
    const client = postgres(url, { max: 1, onnotice: () => {} });
    const measured = await withPeakRss(async () => {
      const copy = await client
        .unsafe(
          `copy (select o.id, s.receipt_number, o.channel, o.received_at, o.item_number, o.text, o.summary, o.category_code, o.status, o.department,
                  o.spam, o.out_of_scope, o.third_party_personal_data, o.hidden, o.moderation_reason,
                  s.submitter_name, s.submitter_address, s.submitter_category, s.submitter_email
                from opinions o join submissions s on s.id = o.submission_id
                where o.consultation_id = ${Number(consultationId)} order by o.received_at desc, o.id desc) to stdout with (format csv, header)`,
        )
        .readable();
      return drain(copy);
    });
    await client.end();
    const { result } = measured;
    console.log(JSON.stringify({ rows: result.lineEnds - 1, bytes: result.bytes, seconds: measured.seconds, rssBeforeMb: measured.rssBeforeMb, peakRssMb: measured.peakRssMb, complete: true } satisfies PhaseResult));
    return;
  }
  const { runWithRequestContext } = await import('@/lib/auth/request-context');
  const route = phase === 'csv' ? await import('@/app/api/staff/consultations/[slug]/export.csv/route') : await import('@/app/api/staff/consultations/[slug]/export.xlsx/route');
  const handle = await openDatabase({ url, migrate: false, poolMax: 2 });
  try {
    const measured = await withPeakRss(() =>
      runWithRequestContext({ db: handle.db, sessionToken, headers: new Headers() }, async () => {
        const response = await route.GET(new Request(`http://localhost/api/staff/consultations/${slug}/export.${phase}?include=all&personal=1`), {
          params: Promise.resolve({ slug }),
        });
        if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
        return drain(response.body);
      }),
    );
    const [audit] = await queryRows<{ rows: number }>(handle.db, sql`select (after->>'rows')::int as rows from audit_log where action = 'personal_data.exported' order by id desc limit 1`);
    const { result } = measured;
    // A finished CSV has a line per row and the header; a finished XLSX (a zip) ends with its end-of-directory record.
    const complete = phase === 'csv' ? result.lineEnds === Number(audit?.rows) + 1 : result.tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    console.log(JSON.stringify({ rows: Number(audit?.rows), bytes: result.bytes, seconds: measured.seconds, rssBeforeMb: measured.rssBeforeMb, peakRssMb: measured.peakRssMb, complete } satisfies PhaseResult));
  } finally {
    await handle.close();
  }
}

/** Runs a phase in a child process (its own heap, so the peak RSS is the export's alone). */
function spawnPhase(phase: Phase, args: string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--phase', phase, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as PhaseResult);
      else reject(new Error(`phase ${phase} exited ${code}: ${out}`));
    });
  });
}

async function main(): Promise<void> {
  const N = Number(process.env.BENCH_N ?? process.argv[2] ?? 1_000_000);
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  assertLocal(adminUrl);
  const name = `bench_export_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let allMet = true;
  try {
    const handle = await openDatabase({ url: url.toString(), migrate: true, poolMax: 4 });
    let consultationId: number;
    let sessionToken: string;
    try {
      const db = handle.db;
      await seedLoadedCase(db, N);
      const [row] = await queryRows<{ id: number }>(db, sql`select id from consultations where slug = ${ISESAKI_SLUG}`);
      consultationId = Number(row!.id);
      const { createStaffWithSession } = await import('@/lib/testing/staff-with-session');
      ({ sessionToken } = await createStaffWithSession(db, { email: 'bench-export@example.jp', role: 'admin' }));
    } finally {
      await handle.close();
    }

    const args = [url.toString(), String(consultationId), ISESAKI_SLUG, sessionToken];
    const phases: { phase: Phase; label: string }[] = [
      { phase: 'copy', label: 'baseline: COPY (same rows) TO STDOUT, CSV' },
      { phase: 'csv', label: 'CSV export (route handler, personal, all)' },
      { phase: 'xlsx', label: 'XLSX export (route handler, personal, all)' },
    ];
    const results = new Map<Phase, PhaseResult>();
    for (const { phase } of phases) results.set(phase, await spawnPhase(phase, args));
    const base = results.get('copy')!;
    console.log(`\nN = ${N} submissions; each phase in a process of its own, reading the whole body`);
    console.log(`${'phase'.padEnd(44)} ${'rows'.padStart(9)} ${'s'.padStart(7)} ${'rows/s'.padStart(8)} ${'MB'.padStart(7)} ${'× COPY s'.padStart(9)} ${'RSS before'.padStart(11)} ${'peak RSS'.padStart(9)}   target`);
    for (const { phase, label } of phases) {
      const r = results.get(phase)!;
      const isExport = phase !== 'copy';
      const met = !isExport || (r.peakRssMb <= RSS_TARGET_MB && r.complete && r.rows === base.rows);
      allMet &&= met;
      console.log(
        `${label.padEnd(44)} ${String(r.rows).padStart(9)} ${r.seconds.toFixed(1).padStart(7)} ${Math.round(r.rows / r.seconds).toString().padStart(8)} ${mb(r.bytes).toFixed(0).padStart(7)} ${(r.seconds / base.seconds).toFixed(1).padStart(9)} ${r.rssBeforeMb.toFixed(0).padStart(8)} MB ${r.peakRssMb.toFixed(0).padStart(6)} MB   ` +
          (isExport ? `peak RSS ≤ ${RSS_TARGET_MB} MB, every row, file complete: ${met ? 'met' : `NOT met${r.complete ? '' : ' (file incomplete)'}${r.rows === base.rows ? '' : ` (${r.rows} rows, COPY ${base.rows})`}`}` : 'baseline'),
      );
    }
    console.log(`\ntarget (peak RSS ≤ ${RSS_TARGET_MB} MB per export): ${allMet ? 'met' : 'NOT met'}`);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  if (!allMet) process.exitCode = 1;
}

if (process.argv[2] === '--phase') {
  const [phase, url, consultationId, slug, token] = process.argv.slice(3) as [Phase, string, string, string, string];
  await runPhase(phase, url, Number(consultationId), slug, token);
} else {
  await main();
}
