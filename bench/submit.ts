/**
 * npm run bench:submit — end-to-end submissions/s and p50/p99 through
 * POST /api/consultations/[slug]/submissions at 50 concurrent clients, next to the raw ceiling:
 * the same transaction (period check with a share lock, submission row, opinion rows) done
 * directly with postgres.js in the same run. Bounded: a fixed duration, localhost only, a
 * throw-away database on the local PostgreSQL. Expects a production build (npm run build).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { assertLocal } from '@/lib/testing/databases';
import { generateReceiptNumber } from '@/lib/submissions/receipt-number';
import { prepareDatabase, startServer } from './support';

const PORT = Number(process.env.BENCH_PORT ?? 3250);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const SLUG = 'isesaki-2nd-strategy-revision';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
assertLocal(adminUrl);

const body = JSON.stringify({
  submitter: { name: 'ベンチ 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: '' },
  opinions: [
    { itemNumber: 23, text: '年少人口の目標値の根拠を示してください。'.repeat(10) },
    { itemNumber: null, text: '全体として分かりやすくなったと思います。'.repeat(5) },
  ],
  consent: true,
});

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

function runHttp(): Promise<autocannon.Result> {
  return autocannon({
    url: `${BASE}/api/consultations/${SLUG}/submissions`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    body,
    requests: [
      {
        // Each request as a different resident (its own address, so its own rate-limit row):
        // from a single address every request would queue on one counter row.
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': randomUUID(), 'x-forwarded-for': randomIp() },
        }),
      },
    ],
  });
}

/** The same transaction without the app: what PostgreSQL and postgres.js allow at best. */
async function runRaw(): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const sql = postgres(DATABASE_URL, { max: 20, onnotice: () => {} });
  const [consultation] = await sql<{ id: number }[]>`select id from consultations where slug = ${SLUG}`;
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + DURATION_S * 1000;
  const parsed = JSON.parse(body) as { submitter: Record<string, string>; opinions: { itemNumber: number | null; text: string }[] };
  const worker = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      try {
        await sql.begin(async (tx) => {
          const [period] = await tx<{ open: boolean }[]>`
            select opens_at <= clock_timestamp() and clock_timestamp() < closes_at as open
            from consultations where id = ${consultation!.id} for share`;
          if (!period?.open) throw new Error('closed');
          const [row] = await tx<{ id: string }[]>`
            insert into submissions (consultation_id, receipt_number, submitter_name, submitter_address, submitter_category, idempotency_key, ip_hash)
            values (${consultation!.id}, ${generateReceiptNumber()}, ${parsed.submitter.name!}, ${parsed.submitter.address!}, ${parsed.submitter.category!}, ${randomUUID()}, 'raw')
            returning id`;
          await tx`insert into submission_opinions ${tx(parsed.opinions.map((o, position) => ({ submission_id: row!.id, item_number: o.itemNumber, position, text: o.text })))}`;
        });
        latencies.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (Date.now() - t0) / 1000;
  await sql.end();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
  return { perSecond: latencies.length / seconds, p50: pct(50), p99: pct(99), errors };
}

const server = await startServer(PORT, env);
try {
  // Warm up the route and the pool.
  await autocannon({ url: `${BASE}/api/consultations/${SLUG}/submissions`, method: 'POST', connections: 5, amount: 100, headers: { 'content-type': 'application/json' }, body, requests: [{ setupRequest: (r) => ({ ...r, headers: { ...r.headers, 'idempotency-key': randomUUID() } }) }] });
  const http = await runHttp();
  const raw = await runRaw();
  const ratio = http.requests.average / raw.perSecond;
  console.log(`bench:submit — ${CONNECTIONS} concurrent clients, ${DURATION_S} s each, PostgreSQL ${url.host}`);
  console.log(`end to end (HTTP API)  ${http.requests.average.toFixed(0).padStart(6)} submissions/s   p50 ${String(http.latency.p50).padStart(4)} ms   p99 ${String(http.latency.p99).padStart(4)} ms   non-2xx ${http.non2xx}   errors ${http.errors}`);
  console.log(`raw postgres.js        ${raw.perSecond.toFixed(0).padStart(6)} submissions/s   p50 ${String(raw.p50).padStart(4)} ms   p99 ${String(raw.p99).padStart(4)} ms   errors ${raw.errors}`);
  console.log(`ratio (end to end / raw): ${ratio.toFixed(2)} (target ≥ 0.50; p99 target ≤ 100 ms)`);
} finally {
  server.stop();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
}
