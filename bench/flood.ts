/**
 * npm run test:flood — 20,000 submissions from one client address in bursts (bounded
 * concurrency, localhost only) against the production server (server.mjs) on PostgreSQL with the default limits
 * (SUBMISSION_LIMIT_PER_IP=20 per 10 minutes). The flooder must get 429 with Retry-After and
 * have nothing stored beyond its limit, while a second client's legitimate submissions keep
 * p95 ≤ 1 s. Prints the figures; exits 1 when a target is missed or any answer is a 5xx.
 *
 * "Legitimate" here is the rest of the city while one address floods: a client that sends one
 * submission at a time, at most one every 250 ms, each as another resident (an address and an
 * e-mail address of its own), so each stays far below its own limits and every one must get 201.
 *
 * Needs a production build (npm run build) and PostgreSQL (TEST_DATABASE_URL, default
 * 127.0.0.1:5432), on which it creates and drops a database of its own.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { hashIp } from '@/lib/security/ip-hash';
import { createScratchDatabase, percentile, postSubmission, prepareDatabase, productionEnv, runPool, startServer, submissionBody } from './support';

const PORT = Number(process.env.FLOOD_PORT ?? 3410);
const SLUG = 'isesaki-2nd-strategy-revision';
const FLOOD_TOTAL = Number(process.env.FLOOD_TOTAL ?? 20_000);
const BURST = 2_000;
const CONCURRENCY = Number(process.env.FLOOD_CONCURRENCY ?? 32);
const PAUSE_BETWEEN_BURSTS_MS = 200;
const SECOND_CLIENT_EVERY_MS = 250;
const P95_TARGET_MS = 1_000;
const LIMIT_PER_IP = 20;
const WINDOW_MS = 600_000;
const FLOOD_IP = '203.0.113.66';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const database = await createScratchDatabase(adminUrl, `flood_${PORT}`);
// One proxy in front (this script plays it): X-Forwarded-For names each client.
const env = productionEnv(database.url, { MAIL_WORKER_INTERVAL_SECONDS: '0', TRUSTED_PROXY_HOPS: '1' });
for (const name of ['SUBMISSION_LIMIT_PER_IP', 'SUBMISSION_LIMIT_PER_EMAIL', 'SMTP_URL']) delete env[name];
let server: Awaited<ReturnType<typeof startServer>> | undefined;
let exitCode = 1;
try {
  await prepareDatabase(env);
  server = await startServer(PORT, env, { logFile: `/tmp/flood-${PORT}.log` });
  const base = server.base;

  const flood = { sent: 0, created: 0, limited: 0, limitedWithoutRetryAfter: 0, other: new Map<number, number>() };
  const floodBody = submissionBody('');
  let flooding = true;
  const started = Date.now();
  const floodRun = (async () => {
    for (let offset = 0; offset < FLOOD_TOTAL; offset += BURST) {
      await runPool(Math.min(BURST, FLOOD_TOTAL - offset), CONCURRENCY, async () => {
        const response = await postSubmission(base, SLUG, { key: randomUUID(), ip: FLOOD_IP, body: floodBody });
        flood.sent++;
        if (response.status === 201) flood.created++;
        else if (response.status === 429) {
          flood.limited++;
          if (!(Number(response.retryAfter) > 0)) flood.limitedWithoutRetryAfter++;
        } else flood.other.set(response.status, (flood.other.get(response.status) ?? 0) + 1);
      });
      // Bursts, not a steady stream: the limiter must hold when traffic comes in waves.
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_BURSTS_MS));
    }
    flooding = false;
  })();

  // One client, sending one submission at a time and starting the next 250 ms after the last
  // one started (or at once when that one took longer).
  const second = { latencies: [] as number[], statuses: new Map<number, number>() };
  const secondRun = (async () => {
    for (let i = 0; flooding; i++) {
      const next = Date.now() + SECOND_CLIENT_EVERY_MS;
      // 198.51.100.0/24 and onwards (documentation ranges): one address per resident.
      const ip = `198.51.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`;
      const response = await postSubmission(base, SLUG, { key: randomUUID(), ip, body: submissionBody(`resident-${i}@example.jp`) });
      second.latencies.push(response.ms);
      second.statuses.set(response.status, (second.statuses.get(response.status) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  await Promise.all([floodRun, secondRun]);
  const seconds = (Date.now() - started) / 1000;

  // Fixed windows: a run that crosses a window boundary may be allowed the limit once more.
  const windows = Math.floor(Date.now() / WINDOW_MS) - Math.floor(started / WINDOW_MS) + 1;
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const [stored] = await sql<{ count: string }[]>`select count(*) from submissions where ip_hash = ${hashIp(FLOOD_IP, env.IP_HASH_KEY)}`;
  await sql.end();
  const storedFromFlooder = Number(stored?.count ?? 0);

  const sorted = [...second.latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const max = sorted.at(-1) ?? Number.NaN;
  const secondCreated = second.statuses.get(201) ?? 0;
  const secondOther = [...second.statuses].filter(([status]) => status !== 201);
  const otherStatuses = [...flood.other].map(([status, n]) => `${status}×${n}`).join(' ') || 'none';
  const fiveHundreds = [...flood.other, ...second.statuses].filter(([status]) => status >= 500).reduce((n, [, c]) => n + c, 0);
  const allowedMax = LIMIT_PER_IP * windows;

  const checks: [string, boolean][] = [
    [`flooder's 201 ≤ ${allowedMax} (limit ${LIMIT_PER_IP} per 10 min, ${windows} window(s))`, flood.created <= allowedMax && flood.created > 0],
    ['stored from the flooder = its 201s', storedFromFlooder === flood.created],
    ['every other flood request got 429 with Retry-After', flood.limited === flood.sent - flood.created && flood.limitedWithoutRetryAfter === 0],
    ['second client: every submission 201', secondOther.length === 0 && secondCreated > 0],
    [`second client p95 ≤ ${P95_TARGET_MS} ms`, p95 <= P95_TARGET_MS],
    ['no 5xx', fiveHundreds === 0],
  ];
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(`test:flood — ${FLOOD_TOTAL} submissions from ${FLOOD_IP} in bursts of ${BURST} (${CONCURRENCY} at once), ${seconds.toFixed(1)} s`);
  console.log(`flood      sent ${flood.sent}   201 ${flood.created}   429 ${flood.limited} (without Retry-After ${flood.limitedWithoutRetryAfter})   other ${otherStatuses}   stored ${storedFromFlooder}   ${(flood.sent / seconds).toFixed(0)} requests/s`);
  console.log(`second     sent ${second.latencies.length} (one at a time, at most one every ${SECOND_CLIENT_EVERY_MS} ms, each with its own address and e-mail)   201 ${secondCreated}   other ${secondOther.map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}`);
  console.log(`second     p50 ${ms(p50)}   p95 ${ms(p95)} (target ≤ ${P95_TARGET_MS} ms)   max ${ms(max)}`);
  for (const [what, ok] of checks) console.log(`${ok ? 'OK  ' : 'MISS'} ${what}`);
  exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} catch (error) {
  console.error('test:flood failed:', error instanceof Error ? error.message : error);
} finally {
  server?.stop();
  await database.drop();
}
process.exit(exitCode);
