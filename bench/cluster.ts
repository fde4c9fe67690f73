/**
 * npm run test:cluster — the deployment as shipped in deploy/: Debian's nginx with
 * deploy/nginx.conf (only its ports and paths changed, TLS with a certificate made for the run)
 * in front of three server.mjs instances started as deploy/public-comment@.service starts them,
 * on one PostgreSQL server of its own (a private cluster, so it can be restarted) and a real
 * SMTP server. Everything listens on 127.0.0.1 only.
 *
 * 1. The proxy: HTTP redirects to HTTPS; /nginx-health and /api/health answer; /_next/static
 *    is served by nginx from disk (Expires, immutable); a 2.5 MB action post reaches the app
 *    (its Japanese 413), a 4 MB one is refused by nginx.
 * 2. Cross-instance truth: every instance keeps the results page; a publication (committed by
 *    another process, as the staff action on any instance commits it) shows on all three,
 *    directly and through nginx, within one second. A change whose notification is missed
 *    (triggers off) shows everywhere once PAGE_CACHE_SECONDS have passed.
 * 3. Faults under a submission load spread by nginx: one instance SIGKILLed and started again,
 *    PostgreSQL restarted, SMTP down and up; staff sign in through nginx and open the inbox
 *    during the load. Prints sent, acknowledged, stored, mails delivered, duplicates, lost and
 *    the share of requests that got a clear 503 with Retry-After.
 * 4. What is shared through PostgreSQL, asked of each instance directly: a staff session works
 *    on all three and, once its row is deleted (sign-out), on none; the per-e-mail limit is one
 *    count across the instances; a renamed case is found at its new address on all three at
 *    once and its old one answers 404; a form settings change applies everywhere within 5 s;
 *    each instance holds at most DATABASE_POOL_MAX + 1 connections, one of them listening.
 * 5. All instances down: nginx answers the API with the same clear 503.
 *
 * Exits 1 when a figure misses. Needs `.next` (npm run build), nginx, initdb/pg_ctl, openssl.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type DbHandle } from '@/db/client';
import { consultations, responseGroups } from '@/db/schema';
import { addCaseDocument } from '@/lib/data/cases/documents';
import { approveResponse, saveResponseDraft, submitResponse } from '@/lib/data/results/groups';
import { publishResults } from '@/lib/data/results/publish';
import { startMailCatcher } from '@/lib/testing/mail-catcher';
import { createTestActor } from '@/lib/testing/triage-fixtures';
import ja from '@/messages/ja.json';
import { CASES } from '@/e2e/support/cases';
import { deliveredMails, figures, isClearError, newSubmissions, printFigures, submitUntilReceived, type Figures } from './submission-load';
import { createScratchDatabase, hiddenFields, postSubmission, prepareDatabase, productionEnv, startPrivateCluster, submissionBody, waitUntil, type PrivateCluster } from './support';

// nginx's certificate is made for this run; this process alone talks to it, on 127.0.0.1.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const BASE_PORT = Number(process.env.CLUSTER_PORT ?? 5500);
const PG_PORT = BASE_PORT + 1;
const SMTP_PORT = BASE_PORT + 2;
const HTTP_PORT = BASE_PORT + 9;
const HTTPS_PORT = BASE_PORT + 10;
const INSTANCE_PORTS = [BASE_PORT + 11, BASE_PORT + 12, BASE_PORT + 13];
const ORIGIN = `https://127.0.0.1:${HTTPS_PORT}`;
const SUBMISSIONS = Number(process.env.CLUSTER_SUBMISSIONS ?? 600);
const CONCURRENCY = 16;
const EMAIL_LIMIT = 3;
const POOL_MAX = 10;
const PAGE_CACHE_SECONDS = 4;
const SLUG = 'isesaki-2nd-strategy-revision';
const CLOSED = CASES.closed.slug;
// A reviewer: an admin must prove a passkey at sign-in (PASSKEY_REQUIRED_ROLES), which a script cannot.
const STAFF_EMAIL = 'reviewer@cluster.test';
const run = randomUUID().slice(0, 8);

const checks: [string, boolean][] = [];
const check = (what: string, ok: boolean) => {
  checks.push([what, ok]);
  console.log(`${ok ? 'OK  ' : 'MISS'} ${what}`);
};
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** deploy/nginx.conf with its ports and paths moved into `dir`; fails loudly when one is no longer there. */
function nginxConfig(dir: string): string {
  let conf = readFileSync('deploy/nginx.conf', 'utf8');
  const moves: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${HTTP_PORT};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${HTTPS_PORT} ssl http2;`],
    ...INSTANCE_PORTS.map((port, i): [string, string] => [`127.0.0.1:${3001 + i} `, `127.0.0.1:${port} `]),
    ['/srv/public-comment/app/', `${process.cwd()}/`],
    ['/etc/ssl/public-comment/', `${dir}/tls/`],
    ['/run/nginx.pid', `${dir}/nginx.pid`],
    ['/var/log/nginx/', `${dir}/log/`],
    ['/var/lib/nginx/', `${dir}/temp/`],
    ['/var/cache/nginx/', `${dir}/cache/`],
    // Not on 443 here, so the browser's Origin carries the port: the host nginx passes on must too.
    ['proxy_set_header Host $host;', `proxy_set_header Host $host:${HTTPS_PORT};`],
    ['proxy_set_header X-Forwarded-Host $host;', `proxy_set_header X-Forwarded-Host $host:${HTTPS_PORT};`],
  ];
  for (const [from, to] of moves) {
    if (!conf.includes(from)) throw new Error(`deploy/nginx.conf no longer contains "${from}"`);
    conf = conf.split(from).join(to);
  }
  return conf;
}

/** nginx in the foreground, as a child of this process, with a configuration in a temporary directory. */
async function startNginx(): Promise<{ stop: () => void; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cluster-nginx-'));
  for (const sub of ['tls', 'log', 'temp', 'cache']) mkdirSync(path.join(dir, sub));
  if (process.getuid?.() === 0) {
    // The workers run as www-data (the `user` line): they write request bodies under temp/.
    const id = (flag: string) => Number(spawnSync('id', [flag, 'www-data'], { encoding: 'utf8' }).stdout.trim());
    spawnSync('chmod', ['755', dir]);
    for (const sub of ['temp', 'cache']) chownSync(path.join(dir, sub), id('-u'), id('-g'));
  }
  const tls = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', path.join(dir, 'tls', 'privkey.pem'), '-out', path.join(dir, 'tls', 'fullchain.pem'),
  ], { stdio: 'ignore' });
  if (tls.status !== 0) throw new Error('openssl could not make a certificate');
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir));
  const nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', openSync(path.join(dir, 'stderr.log'), 'w')] });
  const stop = () => {
    if (nginx.exitCode === null) nginx.kill('SIGQUIT');
  };
  await waitUntil('nginx to answer', () => fetch(`${ORIGIN}/nginx-health`).then((r) => r.ok, () => false), 15_000, 100).catch((error: Error) => {
    stop();
    throw new Error(`${error.message}: ${readFileSync(path.join(dir, 'stderr.log'), 'utf8')}`);
  });
  return { stop, dir };
}

/** How deploy/public-comment@.service starts an instance: its ExecStart, Environment and WorkingDirectory. */
function unitCommand(port: number): { command: string; args: string[]; env: Record<string, string> } {
  const unit = readFileSync('deploy/public-comment@.service', 'utf8');
  const value = (key: string) => {
    const line = unit.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) throw new Error(`deploy/public-comment@.service has no ${key}=`);
    return line.slice(key.length + 1).replaceAll('%i', String(port));
  };
  if (value('WorkingDirectory') !== '/srv/public-comment/app') throw new Error('the unit runs elsewhere than the app directory');
  const [node, ...args] = value('ExecStart').split(' ');
  if (node !== '/usr/bin/node') throw new Error(`the unit starts ${node}, not node`);
  const env = Object.fromEntries(value('Environment').split(' ').map((pair) => pair.split('=') as [string, string]));
  return { command: process.execPath, args, env };
}

type Instance = { port: number; base: string; process?: ChildProcess; start: () => Promise<void>; kill: () => void; stop: () => void };

function instance(port: number, env: NodeJS.ProcessEnv): Instance {
  const base = `http://127.0.0.1:${port}`;
  const self: Instance = {
    port,
    base,
    async start() {
      const unit = unitCommand(port);
      const log = openSync(`/tmp/cluster-${port}.log`, 'a');
      self.process = spawn(unit.command, unit.args, { env: { ...env, ...unit.env }, stdio: ['ignore', log, log], detached: true });
      await waitUntil(`instance ${port} healthy`, () => fetch(`${base}/api/health`).then((r) => r.ok, () => false), 60_000, 200);
    },
    kill() {
      if (self.process?.pid && self.process.exitCode === null) process.kill(self.process.pid, 'SIGKILL');
    },
    stop() {
      if (self.process?.pid && self.process.exitCode === null) process.kill(self.process.pid, 'SIGTERM');
    },
  };
  return self;
}

const text = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() }));

/** Signs the staff member in through nginx as a browser without JavaScript would, and opens the inbox. */
async function staffSignInAndInbox(catcher: Awaited<ReturnType<typeof startMailCatcher>>): Promise<{ ok: boolean; cookie: string }> {
  const before = catcher.messages.length;
  const page = await text(`${ORIGIN}/staff/sign-in`);
  const form = new FormData();
  for (const [name, value] of hiddenFields(page.body)) form.append(name, value);
  form.append('email', STAFF_EMAIL);
  const requested = await fetch(`${ORIGIN}/staff/sign-in`, { method: 'POST', body: form, headers: { origin: ORIGIN }, redirect: 'manual' });
  const mail = await catcher.waitFor((m) => m.id > before && m.to.includes(STAFF_EMAIL), 20_000);
  const link = /https:\/\/\S+\/staff\/sign-in\/confirm\?\S+/.exec(mail.text)?.[0] ?? '';
  const confirm = new URL(link);
  const callback = `${ORIGIN}/api/auth/callback/nodemailer?${new URLSearchParams({ callbackUrl: '/staff', token: confirm.searchParams.get('token') ?? '', email: STAFF_EMAIL })}`;
  const signedIn = await fetch(callback, { method: 'POST', headers: { origin: ORIGIN }, redirect: 'manual' });
  const cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  // Not followed: a redirect (to sign-in, or to a passkey step) is not the inbox.
  const inbox = await fetch(`${ORIGIN}/staff/consultations/${SLUG}`, { headers: { cookie }, redirect: 'manual' }).then(async (r) => ({ status: r.status, location: r.headers.get('location'), body: await r.text() }));
  const steps: [string, boolean][] = [
    [`link asked for (${requested.status})`, requested.status < 400],
    [`link mailed on ${ORIGIN}`, link.startsWith(`${ORIGIN}/`)],
    ['__Secure- session cookie', cookie.includes('__Secure-')],
    [`inbox ${inbox.status}${inbox.location ? ` → ${inbox.location}` : ''}`, inbox.status === 200 && inbox.body.includes(ja.triage.inboxTitle.split(' — ')[0]!)],
  ];
  const missed = steps.filter(([, ok]) => !ok).map(([what]) => what);
  if (missed.length > 0) console.log(`staff: missed ${missed.join(', ')}`);
  return { ok: missed.length === 0, cookie };
}

/** Test setup, not under test: the closed case made publishable (every group approved, no loose opinion). */
async function makePublishable(sql: postgres.Sql): Promise<void> {
  const [c] = await sql<{ id: number }[]>`select id from consultations where slug = ${CLOSED}`;
  await sql`update opinions o set spam = true where o.consultation_id = ${c!.id}
              and not exists (select 1 from response_group_members m where m.opinion_id = o.id)`;
  await sql`update opinions set summary = '意見の概要' where consultation_id = ${c!.id} and btrim(summary) = ''`;
  await sql`update response_groups set status = 'approved', response = case when btrim(response) = '' then '回答です。' else response end
              where consultation_id = ${c!.id}`;
}

/**
 * A new answer approved through the data layer (nothing public changes yet); the returned
 * function publishes it, committed by this process as the staff action on any instance commits it.
 */
async function approveMarker(handle: DbHandle, marker: string): Promise<() => Promise<void>> {
  const { db } = handle;
  const [c] = await db.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, CLOSED));
  const [group] = await db.select().from(responseGroups).where(eq(responseGroups.consultationId, c!.id)).limit(1);
  const reviewer = await createTestActor(db, 'reviewer');
  const admin = await createTestActor(db, 'admin');
  const must = <T extends { ok: boolean }>(result: T, what: string) => {
    if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result)}`);
    return result as Extract<T, { ok: true }> & { group: { id: number; version: number } };
  };
  let g = must(await saveResponseDraft(db, reviewer, { groupId: group!.id, version: group!.version, response: marker, categoryCode: group!.categoryCode ?? 'C' }), 'draft').group;
  g = must(await submitResponse(db, reviewer, { groupId: g.id, version: g.version }), 'submit').group;
  must(await approveResponse(db, admin, { groupId: g.id, version: g.version }), 'approve');
  return async () => {
    const published = await publishResults(db, admin, { consultationId: c!.id });
    if (!published.ok) throw new Error(`publish: ${JSON.stringify(published)}`);
  };
}

/** Until every instance (directly) and `rounds` requests in a row through nginx show `expected` on `page`. */
async function everywhere(instances: Instance[], page: string, expected: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await waitUntil(
    `"${expected}" on every instance`,
    async () => {
      // Each instance directly, and twice as many requests through nginx as there are
      // instances (round robin gives each instance two of them), all at once.
      const urls = [...instances.map((i) => `${i.base}${page}`), ...instances.flatMap(() => [`${ORIGIN}${page}`, `${ORIGIN}${page}`])];
      const seen = await Promise.all(urls.map((url) => text(url).then((r) => r.body.includes(expected))));
      return seen.every(Boolean);
    },
    timeoutMs,
    20,
  );
  return Date.now() - started;
}

/** Fills every instance's cache with `page` and says whether each serves it from there now. */
async function keptEverywhere(instances: Instance[], page: string): Promise<boolean> {
  const again = await Promise.all(instances.map((i) => text(`${i.base}${page}`).then(() => text(`${i.base}${page}`))));
  return again.every((r) => r.status === 200 && r.headers.get('x-page-cache') === 'hit');
}

const catcher = await startMailCatcher({ smtpPort: SMTP_PORT });
let cluster: PrivateCluster | undefined;
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
const instances: Instance[] = [];
const cleanUp = () => {
  for (const i of instances) i.stop();
  nginx?.stop();
  cluster?.remove();
  if (nginx) rmSync(nginx.dir, { recursive: true, force: true });
};
// Whatever ends this process (an exception included), the instances (detached), nginx and the
// private PostgreSQL go with it.
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(1);
  });
}

let exitCode = 1;
const t0 = Date.now();
try {
  cluster = await startPrivateCluster(PG_PORT);
  const database = await createScratchDatabase(cluster.adminUrl, 'cluster');
  const env = productionEnv(database.url, {
    SMTP_URL: catcher.smtpUrl,
    MAIL_WORKER_INTERVAL_SECONDS: '1',
    // The killed instance's taken mails go to another after a minute (not ten), within the run.
    MAIL_LEASE_SECONDS: '60',
    SUBMISSION_LIMIT_PER_IP: '1000000',
    // Low, to see one count shared by the instances (5.); the load uses an address per submission.
    SUBMISSION_LIMIT_PER_EMAIL: String(EMAIL_LIMIT),
    AUTH_URL: ORIGIN,
    APP_URL: ORIGIN,
    PAGE_CACHE_SECONDS: String(PAGE_CACHE_SECONDS),
    DATABASE_POOL_MAX: String(POOL_MAX),
  });
  await prepareDatabase(env);
  // The reviewer belongs to the seeded case's department: reviewers see only their departments' cases.
  for (const script of ['npx tsx --import ./scripts/server-only-hook.mjs e2e/fixtures/seed-other-periods.ts', `npx tsx --import ./scripts/server-only-hook.mjs scripts/staff-add.ts --email ${STAFF_EMAIL} --role reviewer --name クラスタ職員 --department '企画部 企画調整課'`]) {
    const done = spawnSync('sh', ['-c', script], { env, stdio: 'inherit' });
    if (done.status !== 0) throw new Error(`${script} exited ${done.status}`);
  }
  for (const port of INSTANCE_PORTS) instances.push(instance(port, env));
  await Promise.all(instances.map((i) => i.start()));
  nginx = await startNginx();
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const handle = await openDatabase({ url: database.url, poolMax: 2 });
  console.log(`test:cluster — nginx ${ORIGIN} → ${INSTANCE_PORTS.join(', ')}; PostgreSQL on ${PG_PORT}; SMTP on ${SMTP_PORT}; ready in ${elapsed(t0)}`);

  // 1. The proxy as configured.
  {
    const plain = await fetch(`http://127.0.0.1:${HTTP_PORT}/consultations/${SLUG}`, { redirect: 'manual' });
    check('1: HTTP is redirected to HTTPS', plain.status === 301 && (plain.headers.get('location') ?? '').startsWith('https://'));
    check(
      '1: /nginx-health, /api/health and /api/health/live answer 200 through nginx',
      (await fetch(`${ORIGIN}/nginx-health`)).status === 200 && (await fetch(`${ORIGIN}/api/health`)).status === 200 && (await fetch(`${ORIGIN}/api/health/live`)).status === 200,
    );
    const home = await text(`${ORIGIN}/consultations/${SLUG}`);
    const asset = /\/_next\/static\/[^"]+\.js/.exec(home.body)?.[0] ?? '';
    const script = await fetch(`${ORIGIN}${asset}`);
    check(
      `1: ${asset || 'a script'} is served by nginx from disk (Expires, immutable, gzip, HSTS)`,
      asset !== '' && script.status === 200 && script.headers.has('expires') && /immutable/.test(script.headers.get('cache-control') ?? '') &&
        script.headers.has('strict-transport-security') &&
        script.headers.get('content-encoding') === 'gzip',
    );
    // A public case document: read from PostgreSQL by an instance once, then from nginx's cache.
    const admin = await createTestActor(handle.db, 'admin');
    const pdf = new TextEncoder().encode(`%PDF-1.4\n% cluster ${run}\n${'0'.repeat(200_000)}\n%%EOF\n`);
    const added = await addCaseDocument(handle.db, admin, SLUG, { name: '資料.pdf', bytes: pdf });
    if (!added.ok) throw new Error(`document: ${added.error}`);
    const documentUrl = `${ORIGIN}/consultations/${SLUG}/documents/${added.id}`;
    const first = await fetch(documentUrl).then(async (r) => ({ cache: r.headers.get('x-cache-status'), bytes: (await r.arrayBuffer()).byteLength }));
    const again = await fetch(documentUrl).then(async (r) => ({ cache: r.headers.get('x-cache-status'), hsts: r.headers.has('strict-transport-security'), bytes: (await r.arrayBuffer()).byteLength }));
    check(
      `1: a case document comes from an instance once (${first.cache}), then from nginx's cache (${again.cache}), whole both times`,
      first.cache === 'MISS' && again.cache === 'HIT' && again.hsts && first.bytes === pdf.byteLength && again.bytes === pdf.byteLength,
    );
    const actionPost = (bytes: number) =>
      fetch(`${ORIGIN}/consultations/${SLUG}/comment`, {
        method: 'POST',
        headers: { 'next-action': 'x', origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
        body: 'x'.repeat(bytes),
      }).then(async (r) => ({ status: r.status, body: await r.text() }));
    const large = await actionPost(2.5 * 1024 * 1024);
    const tooLarge = await actionPost(4 * 1024 * 1024);
    check(`1: a 2.5 MB post reaches the app (its Japanese 413: ${large.status}); 4 MB is refused by nginx (${tooLarge.status})`, large.status === 413 && /[\u3040-\u30ff]/.test(large.body) && tooLarge.status === 413 && tooLarge.body.includes('nginx'));
  }

  // 2. Cross-instance truth.
  {
    const results = `/consultations/${CLOSED}/results`;
    await makePublishable(sql);
    const marker = `クラスタ公表 ${run}`;
    const publish = await approveMarker(handle, marker);
    // Kept just before publishing, so that what follows is the announcement, not an expiry.
    check('2: every instance keeps the results page', await keptEverywhere(instances, results));
    const publishing = Date.now();
    await publish();
    const committed = Date.now();
    const ms = await everywhere(instances, results, marker, 5_000).catch(() => Infinity);
    check(
      `2: a publication shows on all three instances and through nginx within 1 s of its commit (${ms} ms; kept ${committed - publishing + ms} ms < ${PAGE_CACHE_SECONDS} s after the check)`,
      ms <= 1_000 && committed - publishing + ms < PAGE_CACHE_SECONDS * 1000,
    );

    const casePage = `/consultations/${SLUG}`;
    check('2: every instance keeps the case page', await keptEverywhere(instances, casePage));
    // Every copy was rendered before this moment, so none is kept beyond PAGE_CACHE_SECONDS from it.
    const filled = Date.now();
    const title = `通知なしの改題 ${run}`;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update consultations set title = ${title} where slug = ${SLUG}`;
    });
    const stale = await Promise.all(instances.map((i) => text(`${i.base}${casePage}`).then((r) => !r.body.includes(title))));
    const ttlMs = await everywhere(instances, casePage, title, (PAGE_CACHE_SECONDS + 5) * 1000).then(() => Date.now() - filled, () => Infinity);
    check(
      `2: a missed notification: the kept copies stay (${stale.filter(Boolean).length}/3), then the TTL brings the change everywhere (${ttlMs} ms after they were kept ≤ ${PAGE_CACHE_SECONDS} s + 3 s to render and look)`,
      stale.every(Boolean) && ttlMs <= (PAGE_CACHE_SECONDS + 3) * 1000,
    );
  }

  // 3. Faults under load through nginx.
  let table: Figures | undefined;
  let staffCookie = '';
  {
    // The load sends at least SUBMISSIONS and goes on until the faults below are over (at most
    // three times as many), so every fault, and the staff's sign-in, happens under it however
    // fast this machine answers.
    const planned = newSubmissions(run, 'cluster', SUBMISSIONS * 3);
    let acknowledged = 0;
    let started = 0;
    let faultsDone = false;
    const more = () => started < SUBMISSIONS || (!faultsDone && started < planned.length);
    const load = Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (more()) {
          await submitUntilReceived(ORIGIN, SLUG, planned[started++]!, () => {});
          acknowledged++;
        }
      }),
    );
    // Each fault comes a sixth of SUBMISSIONS after the step before it ended, so each has load
    // around it even when a step (a restart, the sign-in) took long.
    let mark = 0;
    const next = () => {
      const target = Math.max(mark, acknowledged) + SUBMISSIONS / 6;
      mark = target;
      return waitUntil(`${target} acknowledged`, () => acknowledged >= target, 120_000, 20);
    };
    const faults = (async () => {
      await next();
      const killed = instances[1]!;
      killed.kill();
      const down = acknowledged;
      console.log(`3: SIGKILL instance ${killed.port} at ${acknowledged} acknowledged`);
      await next();
      console.log(`3: ${acknowledged - down} acknowledged while it was down`);
      let t = Date.now();
      await killed.start();
      console.log(`3: instance ${killed.port} started again, healthy in ${elapsed(t)}`);
      const before = acknowledged;
      const staff = await staffSignInAndInbox(catcher);
      staffCookie = staff.cookie;
      const meanwhile = acknowledged - before;
      check(`3: staff sign in through nginx and open the inbox during the load (${meanwhile} submissions acknowledged meanwhile)`, staff.ok && meanwhile > 0);
      await next();
      t = Date.now();
      await cluster!.restart();
      console.log(`3: pg_ctl restart -m fast at ${acknowledged} acknowledged, took ${elapsed(t)}`);
      await next();
      await catcher.stopSmtp();
      console.log(`3: SMTP down at ${acknowledged} acknowledged`);
      await next();
      await catcher.startSmtp();
      console.log(`3: SMTP up at ${acknowledged} acknowledged`);
    })().finally(() => (faultsDone = true));
    await Promise.all([load, faults]);
    const submissions = planned.slice(0, started);
    const receipts = new Set(submissions.flatMap((s) => [...s.receipts]));
    const mailReceipts = () => deliveredMails(catcher.messages).map((m) => m.receipt);
    const back = Date.now();
    await waitUntil(
      'every receipt mail, none of the load\'s left in the outbox',
      async () => {
        const delivered = new Set(mailReceipts());
        if (![...receipts].every((r) => delivered.has(r))) return false;
        const [row] = await sql<{ pending: string }[]>`
          select count(*) as pending from mail_outbox where status = 'pending' and recipient like 'cluster-%@example.jp'`;
        return Number(row?.pending) === 0;
      },
      120_000,
      200,
    ).catch((error: Error) => console.log(`3: ${error.message}`));
    console.log(`3: outbox drained ${elapsed(back)} after the load`);
    table = await figures(sql, run, 'cluster', submissions, deliveredMails(catcher.messages));
    printFigures([table], { cluster: '3. kill, PG restart, SMTP down' });
    const share = table.requests > 0 ? table.failedClear / table.requests : 0;
    console.log(`3: share of requests answered with a clear 503 and Retry-After: ${(share * 100).toFixed(1)} % (${table.failedClear} of ${table.requests})`);
    check('3: all acknowledged, all stored, every mail delivered', table.acknowledged === table.sent && table.stored === table.sent && table.mails === table.sent);
    check('3: duplicates 0, lost 0, every failed request a clear 503', table.duplicates === 0 && table.lost === 0 && table.unclear === 0);
  }

  // 4. What OPERATIONS.md says is shared, seen from every instance (each asked directly, with
  // the headers nginx sets).
  {
    const asNginx = { 'x-forwarded-proto': 'https', 'x-forwarded-host': `127.0.0.1:${HTTPS_PORT}`, 'x-forwarded-for': '10.5.0.1' };
    const inboxOn = (i: Instance) =>
      fetch(`${i.base}/staff/consultations/${SLUG}`, { headers: { ...asNginx, cookie: staffCookie }, redirect: 'manual' }).then((r) => r.status);
    const before = await Promise.all(instances.map(inboxOn));
    // What signing out does: the session row goes; no instance keeps a copy of it.
    await sql`delete from sessions where user_id = (select id from users where email = ${STAFF_EMAIL})`;
    const after = await Promise.all(instances.map(inboxOn));
    check(
      `4: one staff session works on every instance (${before.join(', ')}), and once its row is gone on none (${after.join(', ')})`,
      before.every((status) => status === 200) && after.every((status) => status !== 200),
    );

    // The e-mail limit is one count in PostgreSQL, whichever instance takes the request.
    const email = `limit-${run}@example.jp`;
    const answers: number[] = [];
    for (let n = 0; n < EMAIL_LIMIT + 3; n++) {
      const instanceBase = instances[n % instances.length]!.base;
      const response = await postSubmission(instanceBase, SLUG, { key: `cluster-${run}-limit-${n}`, ip: `10.6.0.${n + 1}`, body: submissionBody(email) });
      answers.push(response.status);
    }
    check(
      `4: ${EMAIL_LIMIT} submissions per e-mail address across the three instances, then 429 (${answers.join(', ')})`,
      answers.slice(0, EMAIL_LIMIT).every((status) => status === 201) && answers.slice(EMAIL_LIMIT).every((status) => status === 429),
    );

    // A case renamed on one instance is found at its new address on every instance at once
    // (the known paths reload on an unknown path), and its old address answers 404.
    const renamed = `cluster-renamed-${run}`;
    await sql`update consultations set slug = ${renamed} where slug = ${CASES.upcoming.slug}`;
    const found = await Promise.all(instances.map((i) => text(`${i.base}/consultations/${renamed}`).then((r) => r.status)));
    const gone = await Promise.all(instances.map((i) => text(`${i.base}/consultations/${CASES.upcoming.slug}`).then((r) => r.status)));
    check(`4: a renamed case at its new address on every instance at once (${found.join(', ')}), its old one 404 (${gone.join(', ')})`, found.every((s) => s === 200) && gone.every((s) => s === 404));

    // Form settings are kept 5 s per instance: a change (the e-mail made required) applies on
    // every instance within that. Asked in rounds (each instance once per round) until a round
    // sees it everywhere; a round that starts 5 s or more after the change must (it cannot
    // be answered from a copy older than the change), whatever the machine's load.
    let probe = 0;
    const refusesWithoutEmail = (i: Instance) =>
      postSubmission(i.base, SLUG, { key: `cluster-${run}-settings-${probe++}`, ip: `10.7.0.${(probe % 250) + 1}`, body: submissionBody('') }).then(
        (r) => r.status === 422 && r.error === 'validation',
      );
    const changed = Date.now();
    await sql`update consultations set form_settings = jsonb_set(form_settings, '{required,email}', 'true') where slug = ${SLUG}`;
    let round: { startedMs: number; everywhere: boolean };
    do {
      const startedMs = Date.now() - changed;
      round = { startedMs, everywhere: (await Promise.all(instances.map(refusesWithoutEmail))).every(Boolean) };
      if (!round.everywhere && startedMs < 5_000) await new Promise((resolve) => setTimeout(resolve, 200));
    } while (!round.everywhere && round.startedMs < 5_000);
    await sql`update consultations set form_settings = jsonb_set(form_settings, '{required,email}', 'false') where slug = ${SLUG}`;
    check(
      `4: a form settings change applies on every instance within 5 s (${round.everywhere ? `seen everywhere by the round asked ${round.startedMs} ms after it` : `not everywhere ${round.startedMs} ms after it`})`,
      round.everywhere,
    );

    // Each instance: at most DATABASE_POOL_MAX connections plus the one it listens on.
    const [connections] = await sql<{ listening: number; total: number }[]>`
      select count(*) filter (where query ilike 'listen %')::int as listening, count(*)::int as total
      from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    const bound = instances.length * (POOL_MAX + 1) + 4;
    check(
      `4: one listening connection per instance (${connections?.listening}); ${connections?.total} connections in all ≤ 3 × (DATABASE_POOL_MAX ${POOL_MAX} + 1) + this test's 4`,
      connections?.listening === instances.length && (connections?.total ?? Infinity) <= bound,
    );
  }

  // 5. No instance left: nginx's own clear 503.
  {
    for (const i of instances) i.stop();
    await waitUntil('every instance stopped', () => instances.every((i) => i.process?.exitCode !== null), 20_000, 100);
    const response = await postSubmission(ORIGIN, SLUG, { key: `cluster-${run}-none`, ip: '10.0.0.1', body: submissionBody('none@example.jp') });
    check(`5: with no instance, the API gets a clear 503 with Retry-After from nginx (${response.status})`, isClearError(response));
  }

  await handle.close();
  await sql.end();
  await database.drop();
  exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
  console.log(`test:cluster ${exitCode === 0 ? 'passed' : 'FAILED'} in ${elapsed(t0)}`);
} catch (error) {
  console.error('test:cluster failed:', error instanceof Error ? error.message : error);
} finally {
  cleanUp();
  await catcher.close();
}
process.exit(exitCode);
