/**
 * npm run bench:mail — how fast a backlog of receipt mails leaves after an SMTP outage, on
 * PostgreSQL (TEST_DATABASE_URL, a database of its own) to a real SMTP server on 127.0.0.1:
 * 2,000 mails (BENCH_MAILS) due at once, drained by two workers at the same time (two app
 * instances) with drainOutbox, next to a baseline measured in the same run: the same number of
 * mails sent over the same pooled transports (one per worker) with no database at all. Prints
 * both rates and the ratio, checks every mail arrived exactly once, and exits 1 below 100
 * mails/s. The SMTP server (bench/smtp-sink.ts) runs as a process of its own.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { drainOutbox } from '@/lib/email/outbox';
import { createMailTransport, SMTP_CONNECTIONS } from '@/lib/email/transport';
import { createTestDatabase } from '@/lib/testing/databases';
import { waitUntil } from './support';

const MAILS = Number(process.env.BENCH_MAILS ?? 2000);
const SMTP_PORT = Number(process.env.BENCH_MAIL_PORT ?? 5520);
const TARGET_PER_SECOND = 100;

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.AUTH_SECRET ??= 'bench-auth-secret-0123456789abcdefghijklmnop';
process.env.IP_HASH_KEY ??= 'bench-ip-hash-key-0123456789abcdefghijklmnop';

// The SMTP server in a process of its own (bench/smtp-sink.ts), as a real one would be.
const HTTP_PORT = SMTP_PORT + 3;
const smtpUrl = `smtp://127.0.0.1:${SMTP_PORT}`;
const catcherProcess = spawn('npx', ['tsx', 'bench/smtp-sink.ts', String(SMTP_PORT), String(HTTP_PORT)], { stdio: 'ignore', detached: true });
const stopCatcher = () => {
  if (catcherProcess.pid && catcherProcess.exitCode === null) process.kill(-catcherProcess.pid, 'SIGTERM');
};
process.on('exit', stopCatcher);
await waitUntil('the SMTP sink', () => fetch(`http://127.0.0.1:${HTTP_PORT}/subjects`).then((r) => r.ok, () => false), 30_000, 200);
const received = () => fetch(`http://127.0.0.1:${HTTP_PORT}/subjects`).then((r) => r.json() as Promise<string[]>);
const handle = await createTestDatabase('postgres');
/** The app's own transport (lib/email/transport.ts): pooled, connections kept, Nagle off. */
const pooled = () => createMailTransport(smtpUrl);
const perSecond = (count: number, ms: number) => (count / ms) * 1000;
const WORKERS = 2;
let exitCode = 1;
try {
  const run = randomUUID().slice(0, 8);

  // Baseline: the same mails over the same transports (one per worker), no database.
  const baselines = Array.from({ length: WORKERS }, pooled);
  let started = performance.now();
  let next = 0;
  await Promise.all(
    baselines.flatMap((transport) =>
      Array.from({ length: SMTP_CONNECTIONS }, async () => {
        while (next < MAILS) {
          const i = next++;
          await transport.sendMail({ from: 'bench@localhost', to: `base-${i}@example.jp`, subject: `base ${run} ${i}`, text: '受付番号の控え' });
        }
      }),
    ),
  );
  const baselineMs = performance.now() - started;
  for (const transport of baselines) transport.close();

  // The backlog an outage leaves: every mail due now.
  await handle.db.execute(sql`
    insert into mail_outbox (kind, recipient, subject, body)
    select 'submission_receipt', 'drain-' || g || '@example.jp', ${`drain ${run} `} || g, '受付番号の控え'
    from generate_series(1, ${MAILS}) g`);
  const workers = Array.from({ length: WORKERS }, pooled);
  started = performance.now();
  await Promise.all(
    workers.map(async (transport) => {
      for (;;) {
        const report = await drainOutbox(handle.db, transport);
        if (report.sent + report.retrying + report.failed === 0) return;
      }
    }),
  );
  const drainMs = performance.now() - started;
  for (const transport of workers) transport.close();

  const drained = (await received()).filter((subject) => subject.startsWith(`drain ${run} `));
  const distinct = new Set(drained).size;
  const [row] = await queryRows<{ sent: number }>(handle.db, sql`select count(*)::int as sent from mail_outbox where status = 'sent'`);
  const baseRate = perSecond(MAILS, baselineMs);
  const drainRate = perSecond(MAILS, drainMs);
  console.log(`bench:mail — ${MAILS} mails, ${WORKERS} workers (app instances) with ${SMTP_CONNECTIONS} pooled SMTP connections each`);
  console.log(`baseline (transport alone, no database): ${baseRate.toFixed(0)} mails/s (${(baselineMs / 1000).toFixed(2)} s)`);
  console.log(`outbox drain (SKIP LOCKED, batches):     ${drainRate.toFixed(0)} mails/s (${(drainMs / 1000).toFixed(2)} s)`);
  console.log(`delivered ${drained.length}, distinct ${distinct}, recorded sent ${row?.sent}`);
  console.log(`ratio (drain / transport alone): ${(drainRate / baseRate).toFixed(2)}`);
  const ok = drained.length === MAILS && distinct === MAILS && row?.sent === MAILS && drainRate >= TARGET_PER_SECOND;
  console.log(ok ? `OK   ≥ ${TARGET_PER_SECOND} mails/s, each mail once` : `MISS target ≥ ${TARGET_PER_SECOND} mails/s, each mail exactly once`);
  exitCode = ok ? 0 : 1;
} finally {
  await handle.close();
  stopCatcher();
}
process.exit(exitCode);
