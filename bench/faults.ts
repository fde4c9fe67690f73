/**
 * npm run test:faults — the submission path under faults, against the production server (server.mjs, production
 * build), a PostgreSQL server of its own (a private cluster in a temporary directory, so it
 * can be stopped and restarted without touching the shared one) and a real SMTP server:
 *
 * A. SMTP down for the whole of 1,000 API submissions, then back: every submission stored,
 *    every receipt mail delivered exactly once (matched by receipt number).
 * B. PostgreSQL restarted (`pg_ctl restart -m fast`) and later stopped and started again in
 *    the middle of a submission load. Every 201 must have its row; every failed request must
 *    have got a 503 JSON with a Japanese message and Retry-After; each client retries its key
 *    until it gets its receipt (one submission per key); the comment form (posted without
 *    JavaScript) shows the Japanese message with the input kept during the outage, and the
 *    receipt after it; the app recovers without a restart (/api/health back to 200).
 *
 * Prints, per scenario: sent, acknowledged, stored, mails delivered, duplicates (must be 0),
 * lost (must be 0); exits 1 when a figure misses. Needs `.next` (npm run build) and
 * PostgreSQL's binaries (initdb, pg_ctl; run as `postgres` when we are root).
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import ja from '@/messages/ja.json';
import { startMailCatcher } from '@/lib/testing/mail-catcher';
import {
  createScratchDatabase,
  prepareDatabase,
  productionEnv,
  runPool,
  startPrivateCluster,
  startServer,
  hiddenFields,
  waitUntil,
  type PrivateCluster,
} from './support';
import { deliveredMails, figures, newSubmissions, printFigures, submitUntilReceived, type Figures, type Row } from './submission-load';

const PORT = Number(process.env.FAULTS_PORT ?? 3420);
const PG_PORT = PORT + 1;
const SMTP_PORT = PORT + 2;
const SLUG = 'isesaki-2nd-strategy-revision';
const SMTP_DOWN_SUBMISSIONS = Number(process.env.FAULTS_SMTP_SUBMISSIONS ?? 1000);
const RESTART_SUBMISSIONS = Number(process.env.FAULTS_RESTART_SUBMISSIONS ?? 600);
const CONCURRENCY = 16;
const run = randomUUID().slice(0, 8);

async function postForm(base: string, fields: [string, string][], intent: string): Promise<{ status: number; html: string }> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  form.append('intent', intent);
  const response = await fetch(`${base}/consultations/${SLUG}/comment`, { method: 'POST', body: form, headers: { origin: base, 'x-forwarded-for': '10.99.0.1' } });
  return { status: response.status, html: await response.text() };
}

const checks: [string, boolean][] = [];
const check = (what: string, ok: boolean) => {
  checks.push([what, ok]);
  console.log(`${ok ? 'OK  ' : 'MISS'} ${what}`);
};
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const catcher = await startMailCatcher({ smtpPort: SMTP_PORT });
let cluster: PrivateCluster | undefined;
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const cleanUp = () => {
  server?.stop();
  cluster?.remove();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(1);
  });
}

let exitCode = 1;
const table: Figures[] = [];
const t0 = Date.now();
try {
  await catcher.stopSmtp();
  cluster = await startPrivateCluster(PG_PORT);
  const database = await createScratchDatabase(cluster.adminUrl, 'faults');
  const env = productionEnv(database.url, {
    SMTP_URL: catcher.smtpUrl,
    MAIL_WORKER_INTERVAL_SECONDS: '1',
    // The flood test checks the limits; here every request must reach the database.
    SUBMISSION_LIMIT_PER_IP: '1000000',
    SUBMISSION_LIMIT_PER_EMAIL: '1000000',
    TRUSTED_PROXY_HOPS: '1',
  });
  await prepareDatabase(env);
  server = await startServer(PORT, env, { logFile: `/tmp/faults-${PORT}.log` });
  const base = server.base;
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const mailReceipts = () => deliveredMails(catcher.messages).map((m) => m.receipt);
  /** Waits (up to 2 minutes) until every receipt has its mail and the outbox is empty; the figures tell if not. */
  const untilDelivered = (receipts: Set<string>, scenario: string) =>
    waitUntil(
      'every receipt mail and an empty outbox',
      async () => {
        const delivered = new Set(mailReceipts());
        if (![...receipts].every((r) => delivered.has(r))) return false;
        const [row] = await sql<{ pending: string }[]>`select count(*) as pending from mail_outbox where status = 'pending'`;
        return Number(row?.pending) === 0;
      },
      120_000,
      200,
    ).catch((error: Error) => console.log(`${scenario}: ${error.message}`));
  console.log(`test:faults — app ${base}, private PostgreSQL on ${PG_PORT}, SMTP on ${SMTP_PORT}; ready in ${elapsed(t0)}`);

  // A. SMTP down for the whole load, then back.
  {
    const submissions = newSubmissions(run, 'smtp', SMTP_DOWN_SUBMISSIONS);
    const started = Date.now();
    await runPool(submissions.length, CONCURRENCY, (i) => submitUntilReceived(base, SLUG, submissions[i]!, () => {}));
    console.log(`A: ${submissions.length} submissions with SMTP down in ${elapsed(started)}`);
    const [outbox] = await sql<{ pending: string; attempts: string | null }[]>`
      select count(*) filter (where status = 'pending') as pending, max(attempts) as attempts from mail_outbox`;
    console.log(`A: outbox while SMTP is down: ${outbox?.pending} pending, attempts used at most ${outbox?.attempts ?? 0}, mails received ${catcher.messages.length}`);
    check('A: an SMTP outage uses up no delivery attempts', Number(outbox?.attempts ?? 0) === 0);

    await catcher.startSmtp();
    const back = Date.now();
    const receipts = new Set(submissions.flatMap((s) => [...s.receipts]));
    await untilDelivered(receipts, 'A');
    console.log(`A: SMTP back: ${catcher.messages.length} mails delivered in ${elapsed(back)}`);
    table.push(await figures(sql, run, 'smtp', submissions, deliveredMails(catcher.messages)));
  }

  // B. PostgreSQL restarted, then stopped and started, during a load.
  {
    const submissions = newSubmissions(run, 'pg', RESTART_SUBMISSIONS);
    const health = () => fetch(`${base}/api/health`).then((r) => r.status, () => 0);

    // The comment form without JavaScript, up to its confirmation page, before the fault.
    const page = await fetch(`${base}/consultations/${SLUG}/comment`).then((r) => r.text());
    const confirm = await postForm(
      base,
      [
        ...hiddenFields(page),
        ['submitter.name', '障害 花子'],
        ['submitter.address', '伊勢崎市今泉町二丁目410番地'],
        ['submitter.category', '市内在住'],
        ['submitter.email', `form-${run}@example.jp`],
        ['opinions.0.itemNumber', '23'],
        ['opinions.0.text', 'データベースの再起動中に送った意見です。'],
        ['consent', 'on'],
        ['website', ''],
      ],
      'confirm',
    );
    const confirmFields = hiddenFields(confirm.html);
    const formKey = confirmFields.find(([name]) => name === 'idempotencyKey')?.[1] ?? '';
    check('B: form confirmation page reached (JavaScript off)', confirm.html.includes(ja.comment.confirmTitle) && formKey.length > 0);

    let acknowledged = 0;
    let failuresSinceStop = 0;
    let stopped = false;
    const load = runPool(submissions.length, CONCURRENCY, async (i) => {
      await submitUntilReceived(base, SLUG, submissions[i]!, () => {
        if (stopped) failuresSinceStop++;
      });
      acknowledged++;
    });
    const faults = (async () => {
      await waitUntil('a quarter of the load', () => acknowledged >= submissions.length / 4, 60_000, 20);
      let t = Date.now();
      await cluster!.restart();
      console.log(`B: pg_ctl restart -m fast at ${acknowledged} acknowledged, took ${elapsed(t)}`);

      await waitUntil('half of the load', () => acknowledged >= submissions.length / 2, 120_000, 20);
      t = Date.now();
      stopped = true;
      await cluster!.stop();
      await waitUntil('/api/health to report the outage', async () => (await health()) === 503, 15_000);
      const during = await postForm(base, confirmFields, 'send');
      check(
        'B: the form, sent during the outage, shows the Japanese message and keeps the input (no error page)',
        during.status === 200 && during.html.includes(ja.commentErrors.server) && during.html.includes('障害 花子') && !during.html.includes('data-testid="receipt-number"'),
      );
      await waitUntil('failed requests during the outage', () => failuresSinceStop >= 20, 15_000, 20);
      console.log(`B: pg_ctl stop at ${acknowledged} acknowledged; down for ${elapsed(t)} (${failuresSinceStop} failed requests meanwhile)`);
      stopped = false;
      t = Date.now();
      await cluster!.start();
      await waitUntil('/api/health to be 200 again', async () => (await health()) === 200, 30_000);
      console.log(`B: pg_ctl start; /api/health 200 again ${elapsed(t)} after the start, with no app restart`);
      const after = await postForm(base, confirmFields, 'send');
      const formReceipt = /data-testid="receipt-number"[^>]*>\s*([0-9A-Z-]+)/.exec(after.html)?.[1] ?? '';
      const formRows = await sql<Row[]>`select idempotency_key, receipt_number from submissions where idempotency_key = ${formKey}`;
      check(
        `B: the same form sent again after the restart gets its receipt (${formReceipt || 'none'}), one row for its key`,
        after.html.includes(ja.comment.receiptTitle) && formRows.length === 1 && formRows[0]!.receipt_number === formReceipt,
      );
      return formReceipt;
    })();
    const [, formReceipt] = await Promise.all([load, faults]);
    check('B: /api/health is 200 at the end', (await health()) === 200);

    const receipts = new Set([...submissions.flatMap((s) => [...s.receipts]), formReceipt]);
    const back = Date.now();
    await untilDelivered(receipts, 'B');
    console.log(`B: outbox drained ${elapsed(back)} after the load`);
    const form = mailReceipts().filter((r) => r === formReceipt).length;
    check(`B: the form's receipt mail delivered exactly once (${form})`, form === 1);
    table.push(await figures(sql, run, 'pg', submissions, deliveredMails(catcher.messages)));
  }

  const names: Record<string, string> = { smtp: 'A. SMTP down', pg: 'B. PostgreSQL restart' };
  printFigures(table, names);
  for (const f of table) {
    const name = names[f.scenario]!;
    check(`${name}: all acknowledged, all stored, every mail delivered`, f.acknowledged === f.sent && f.stored === f.sent && f.mails === f.sent);
    check(`${name}: duplicates 0, lost 0, unclear errors 0`, f.duplicates === 0 && f.lost === 0 && f.unclear === 0);
  }
  check('A: no request failed while SMTP was down', table[0]!.failedClear === 0);
  check('B: the outage was felt (some requests failed, each with a clear 503)', table[1]!.failedClear > 0);
  await sql.end();
  await database.drop();
  exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
  console.log(`test:faults ${exitCode === 0 ? 'passed' : 'FAILED'} in ${elapsed(t0)}`);
} catch (error) {
  console.error('test:faults failed:', error instanceof Error ? error.message : error);
} finally {
  cleanUp();
  await catcher.close();
}
process.exit(exitCode);
