/**
 * npm run bench:submit — what one submission costs the app, next to what the framework and the
 * database cost by themselves, all measured in the same run on the same server:
 *
 * - end to end: POST /api/consultations/[slug]/submissions at 50 concurrent clients;
 * - the empty route: GET /api/health/live on the same server (no database, no body), the same
 *   clients: the framework's floor per request;
 * - the raw transaction: the one statement the app sends for one submission (both rate limits,
 *   the idempotency lookup, the period under a share lock, and the write: submission, opinions,
 *   triage opinions, receipt mail), sent directly with postgres.js;
 * - an open-loop run at a fixed offered rate (100/s, whatever the answers take), with p50/p99
 *   measured from each request's planned start.
 *
 * Targets: end to end ≥ 0.5 × the empty route; p99 ≤ 100 ms at 100/s. Exits 1 when one is missed.
 * Bounded: fixed durations, localhost only, a throw-away database on the local PostgreSQL.
 * Expects a production build (npm run build).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { assertLocal } from '@/lib/testing/databases';
import { generateReceiptNumber } from '@/lib/submissions/receipt-number';
import { percentile, prepareDatabase, startServer } from './support';

const PORT = Number(process.env.BENCH_PORT ?? 3250);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const OPEN_RATE = 100;
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 10);
const CONNECTIONS = 50;
const SLUG = 'isesaki-2nd-strategy-revision';
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 100;
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
assertLocal(adminUrl);

/** A resident's comment; each request its own e-mail address (its own counter and receipt mail). */
const comment = (email: string) => ({
  submitter: { name: 'ベンチ 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email },
  opinions: [
    { itemNumber: 23, text: '年少人口の目標値の根拠を示してください。'.repeat(10) },
    { itemNumber: null, text: '全体として分かりやすくなったと思います。'.repeat(5) },
  ],
  consent: true,
});
const body = () => JSON.stringify(comment(`bench-${randomUUID()}@example.jp`));

const dbName = `bench_submit_${PORT}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const DATABASE_URL = url.toString();

const env = {
  ...process.env,
  DATABASE_URL,
  DATABASE_POOL_MAX: '20',
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production' as const,
  AUTH_SECRET: 'bench-auth-secret-0123456789abcdefghijklmnop',
  IP_HASH_KEY: 'bench-ip-hash-key-0123456789abcdefghijklmnop',
  SUBMISSION_LIMIT_PER_IP: '100000000',
  MAIL_WORKER_INTERVAL_SECONDS: '0',
};
await prepareDatabase(env);

const randomIp = () => `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
const submitUrl = `${BASE}/api/consultations/${SLUG}/submissions`;

/** Each request as a different resident: its own key, address (rate-limit row) and e-mail. */
const asResident = (request: autocannon.Request) => ({
  ...request,
  body: body(),
  headers: { ...request.headers, 'idempotency-key': randomUUID(), 'x-forwarded-for': randomIp() },
});

function closedLoop(target: 'submit' | 'empty', seconds = DURATION_S): Promise<autocannon.Result> {
  return target === 'submit'
    ? autocannon({ url: submitUrl, method: 'POST', connections: CONNECTIONS, duration: seconds, headers: { 'content-type': 'application/json' }, requests: [{ setupRequest: asResident }] })
    : autocannon({ url: `${BASE}/api/health/live`, connections: CONNECTIONS, duration: seconds });
}

type Figure = { perSecond: number; p50: number; p99: number; failed: number };
const fromAutocannon = (r: autocannon.Result): Figure => ({ perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failed: r.non2xx + r.errors });

/** The app's one statement for one submission (lib/submissions/accept.ts), without the app. */
async function rawTransaction(): Promise<Figure> {
  const sql = postgres(DATABASE_URL, { max: 20, onnotice: () => {} });
  const [consultation] = await sql<{ id: number }[]>`select id from consultations where slug = ${SLUG}`;
  const id = consultation!.id;
  const latencies: number[] = [];
  let failed = 0;
  const end = Date.now() + DURATION_S * 1000;
  const window = new Date(Math.floor(Date.now() / 600_000) * 600_000);
  const worker = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      const sent = comment(`raw-${randomUUID()}@example.jp`);
      const key = randomUUID();
      try {
        const [o1, o2] = sent.opinions;
        const minute = Math.floor(Date.now() / 60_000);
        const [row] = await sql<{ submission_id: string | null }[]>`
          with period as (
            select opens_at <= clock_timestamp() and not draft as started, closes_at <= clock_timestamp() as ended, clock_timestamp() as now
            from consultations where id = ${id} for share),
          times as (select * from (values (${minute - 1}::bigint, 'a'::text), (${minute}::bigint, 'b'::text), (${minute + 1}::bigint, 'c'::text)) as t(minute, text)),
          clock_ok as (
            select not exists (select 1 from period where floor(extract(epoch from period.now) / 60)::bigint not in (select minute from times)) as ok),
          ip as (
            insert into rate_limits (key, window_start, count) select ${`submission-ip:${key}`}, ${window}, 1 where (select ok from clock_ok)
            on conflict (key) do update set count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
              window_start = excluded.window_start returning count),
          existing as (select id from submissions where consultation_id = ${id} and idempotency_key = ${key} limit 1),
          email as (
            insert into rate_limits (key, window_start, count)
            select ${`submission-email:${key}`}, ${window}, 1 where (select count from ip) <= 100000000 and not exists (select 1 from existing)
              and exists (select 1 from period where started and not ended)
            on conflict (key) do update set count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
              window_start = excluded.window_start returning count),
          go as (
            select period.now, times.text from period join times on times.minute = floor(extract(epoch from period.now) / 60)::bigint
            where (select count from ip) <= 100000000 and not exists (select 1 from existing) and period.started and not period.ended
              and (select count from email) <= 10),
          s as (
            insert into submissions (consultation_id, receipt_number, channel, received_at, submitter_name, submitter_address,
                                     submitter_category, submitter_email, idempotency_key, ip_hash, locale)
            select ${id}, ${generateReceiptNumber()}, 'web', go.now, ${sent.submitter.name}, ${sent.submitter.address},
                   ${sent.submitter.category}, ${sent.submitter.email}, ${key}, 'raw', 'ja' from go
            returning id, consultation_id, channel, received_at),
          sent as (
            insert into submission_opinions (submission_id, item_number, position, text)
            select s.id, o.item_number, o.position, o.text from s,
              (values (${o1!.itemNumber}::int, 0, ${o1!.text}::text), (${o2!.itemNumber}::int, 1, ${o2!.text}::text)) as o(item_number, position, text)
            returning id, item_number, position, text),
          initial as (
            insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at)
            select s.consultation_id, s.id, sent.id, 0, char_length(sent.text), sent.text, sent.item_number, s.channel, s.received_at
            from sent, s order by sent.position),
          mail as (
            insert into mail_outbox (kind, recipient, submission_id, subject, body)
            select 'submission_receipt', ${sent.submitter.email}, s.id, '受付番号', replace('控え #', '#', go.text) from s, go)
          select (select id from s) as submission_id from period`;
        if (!row?.submission_id) throw new Error('not stored');
        latencies.push(performance.now() - started);
      } catch {
        failed++;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (Date.now() - t0) / 1000;
  await sql.end();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), failed };
}

/**
 * `rate` requests a second for `seconds`, each started at its planned time whether or not the
 * ones before have answered; a request's latency counts from its planned start, so a server
 * that falls behind shows it (no coordinated omission).
 */
async function openLoop(rate: number, seconds: number): Promise<Figure & { offered: number }> {
  const count = rate * seconds;
  const latencies: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const planned = t0 + (i * 1000) / rate;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    requests.push(
      fetch(submitUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': randomIp() },
        body: body(),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status === 201) latencies.push(performance.now() - planned);
          else failed++;
        },
        () => void failed++,
      ),
    );
  }
  await Promise.all(requests);
  latencies.sort((a, b) => a - b);
  return { offered: rate, perSecond: latencies.length / ((performance.now() - t0) / 1000), p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), failed };
}

const server = await startServer(PORT, env);
let exitCode = 1;
try {
  // Warm up both routes and the pool.
  await closedLoop('empty', 2);
  await closedLoop('submit', 2);
  const empty = fromAutocannon(await closedLoop('empty'));
  const endToEnd = fromAutocannon(await closedLoop('submit'));
  const raw = await rawTransaction();
  const open = await openLoop(OPEN_RATE, OPEN_SECONDS);
  const ratio = endToEnd.perSecond / empty.perSecond;
  const row = (name: string, f: Figure) =>
    `${name.padEnd(34)} ${f.perSecond.toFixed(0).padStart(6)} /s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   failed ${f.failed}`;
  console.log(`bench:submit — ${CONNECTIONS} concurrent clients, ${DURATION_S} s each, PostgreSQL ${url.host}, one server.mjs`);
  console.log(row('end to end (POST submissions)', endToEnd));
  console.log(row('empty route (GET /api/health/live)', empty));
  console.log(row('raw transaction (postgres.js)', raw));
  console.log(row(`open loop, ${open.offered}/s offered for ${OPEN_SECONDS} s`, open));
  console.log(`end to end / raw transaction: ${(endToEnd.perSecond / raw.perSecond).toFixed(2)}`);
  const ratioOk = ratio >= TARGET_RATIO;
  const p99Ok = open.p99 <= TARGET_P99_MS && open.failed === 0 && endToEnd.failed === 0;
  console.log(`${ratioOk ? 'OK  ' : 'MISS'} end to end ≥ ${TARGET_RATIO} × the empty route`);
  console.log(`${p99Ok ? 'OK  ' : 'MISS'} p99 ≤ ${TARGET_P99_MS} ms at ${OPEN_RATE}/s offered, nothing failed`);
  console.log(`ratio (end to end / empty route): ${ratio.toFixed(2)}`);
  exitCode = ratioOk && p99Ok ? 0 : 1;
} finally {
  server.stop();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
}
process.exit(exitCode);
