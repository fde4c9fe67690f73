/**
 * npm run bench:mail — how fast a backlog of receipt mails leaves after an SMTP outage, on
 * PostgreSQL (TEST_DATABASE_URL, a database of its own) to a real SMTP server on 127.0.0.1:
 * 2,000 mails (BENCH_MAILS) due at once, drained by two workers at the same time (two app
 * instances) with drainOutbox, next to a baseline measured in the same run: the same number of
 * mails sent over the same pooled transport with no database at all. Prints both rates and
 * the ratio, checks every mail arrived exactly once, and exits 1 below 100 mails/s.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { drainOutbox } from '@/lib/email/outbox';
import { createMailTransport, SMTP_CONNECTIONS } from '@/lib/email/transport';
import { createTestDatabase } from '@/lib/testing/databases';
import { startMailCatcher } from '@/lib/testing/mail-catcher';

const MAILS = Number(process.env.BENCH_MAILS ?? 2000);
const SMTP_PORT = Number(process.env.BENCH_MAIL_PORT ?? 5520);
const TARGET_PER_SECOND = 100;

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.AUTH_SECRET ??= 'bench-auth-secret-0123456789abcdefghijklmnop';
process.env.IP_HASH_KEY ??= 'bench-ip-hash-key-0123456789abcdefghijklmnop';

const catcher = await startMailCatcher({ smtpPort: SMTP_PORT });
const handle = await createTestDatabase('postgres');
/** The app's own transport (lib/email/transport.ts): pooled, connections kept, Nagle off. */
const pooled = () => createMailTransport(catcher.smtpUrl);
const perSecond = (count: number, ms: number) => (count / ms) * 1000;
let exitCode = 1;
try {
  const run = randomUUID().slice(0, 8);

  // Baseline: the same mails over the same kind of transport, no database.
  const baseline = pooled();
  let started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SMTP_CONNECTIONS }, async () => {
      while (next < MAILS) {
        const i = next++;
        await baseline.sendMail({ from: 'bench@localhost', to: `base-${i}@example.jp`, subject: `base ${run} ${i}`, text: '受付番号の控え' });
      }
    }),
  );
  const baselineMs = performance.now() - started;
  baseline.close();

  // The backlog an outage leaves: every mail due now.
  await handle.db.execute(sql`
    insert into mail_outbox (kind, recipient, subject, body)
    select 'submission_receipt', 'drain-' || g || '@example.jp', ${`drain ${run} `} || g, '受付番号の控え'
    from generate_series(1, ${MAILS}) g`);
  const before = catcher.messages.length;
  const workers = [pooled(), pooled()];
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

  const received = catcher.messages.slice(before).filter((m) => m.subject.startsWith(`drain ${run} `));
  const distinct = new Set(received.map((m) => m.subject)).size;
  const [row] = await queryRows<{ sent: number }>(handle.db, sql`select count(*)::int as sent from mail_outbox where status = 'sent'`);
  const baseRate = perSecond(MAILS, baselineMs);
  const drainRate = perSecond(MAILS, drainMs);
  console.log(`bench:mail — ${MAILS} mails, ${SMTP_CONNECTIONS} pooled SMTP connections per worker`);
  console.log(`baseline (transport alone, no database): ${baseRate.toFixed(0)} mails/s (${(baselineMs / 1000).toFixed(2)} s)`);
  console.log(`outbox drain (2 workers, SKIP LOCKED):   ${drainRate.toFixed(0)} mails/s (${(drainMs / 1000).toFixed(2)} s)`);
  console.log(`delivered ${received.length}, distinct ${distinct}, recorded sent ${row?.sent}`);
  console.log(`ratio (drain / transport alone): ${(drainRate / baseRate).toFixed(2)}`);
  const ok = received.length === MAILS && distinct === MAILS && row?.sent === MAILS && drainRate >= TARGET_PER_SECOND;
  console.log(ok ? `OK   ≥ ${TARGET_PER_SECOND} mails/s, each mail once` : `MISS target ≥ ${TARGET_PER_SECOND} mails/s, each mail exactly once`);
  exitCode = ok ? 0 : 1;
} finally {
  await handle.close();
  await catcher.close();
}
process.exit(exitCode);
