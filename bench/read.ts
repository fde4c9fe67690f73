/**
 * npm run bench:read — requests/s and p99 of an item page against a static file from public/,
 * served by the same server (server.mjs) in the same run (target: ratio ≥ 0.9). Bounded: a fixed
 * duration per target, localhost only. Expects a production build (npm run build).
 */
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { prepareDatabase, startServer } from './support';

const PORT = Number(process.env.BENCH_PORT ?? 3190);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const ITEM = '/consultations/isesaki-2nd-strategy-revision/items/23';
const STATIC = '/robots.txt';
const RESIDENT_PAGES = ['/', '/consultations/isesaki-2nd-strategy-revision', ITEM];
const JS_BUDGET_KB = 150;

/**
 * First-load JS of a page: every script it references, gzipped, as a modern browser fetches
 * it (`noModule` polyfills are skipped by browsers that support modules).
 */
async function firstLoadJsKb(path: string): Promise<number> {
  const html = await fetch(`${BASE}${path}`).then((r) => r.text());
  const tags = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0]));
  const sources = [...new Set(tags.map((m) => m[1]!))];
  let bytes = 0;
  for (const src of sources) {
    const body = Buffer.from(await fetch(new URL(src, BASE)).then((r) => r.text()), 'utf8');
    bytes += gzipSync(body).length;
  }
  return bytes / 1024;
}

function run(path: string): Promise<autocannon.Result> {
  return autocannon({ url: `${BASE}${path}`, connections: CONNECTIONS, duration: DURATION_S });
}

const dataDir = '.data/bench-read';
rmSync(dataDir, { recursive: true, force: true });
const env = { ...process.env, PGLITE_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const };
await prepareDatabase(env);

const server = await startServer(PORT, env);
try {
  // Warm both paths so the item page is in the cache, as it is for every visitor but the first;
  // check that what is measured is the item page, from the cache, with a fresh nonce each time.
  const pages = [];
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${BASE}${ITEM}`);
    pages.push({ cache: response.headers.get('x-page-cache'), csp: response.headers.get('content-security-policy'), html: await response.text() });
  }
  const [first, second] = pages as [(typeof pages)[0], (typeof pages)[0]];
  if (second.cache !== 'hit' || !second.html.includes('改訂箇所 No.23') || first.csp === second.csp) {
    throw new Error(`the item page is not served from the page cache with a fresh nonce (x-page-cache: ${second.cache})`);
  }
  await run(STATIC);
  const staticResult = await run(STATIC);
  const itemResult = await run(ITEM);
  const ratio = itemResult.requests.average / staticResult.requests.average;
  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(12)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p99 ${String(r.latency.p99).padStart(5)} ms   errors ${r.errors + r.non2xx}`;
  console.log(`bench:read — ${CONNECTIONS} connections, ${DURATION_S} s each, ${BASE}`);
  console.log(row('static file', staticResult));
  console.log(row('item page', itemResult));
  console.log(`ratio (item / static): ${ratio.toFixed(2)} (target ≥ 0.90)`);
  for (const path of RESIDENT_PAGES) {
    const kb = await firstLoadJsKb(path);
    console.log(`first-load JS ${path}: ${kb.toFixed(1)} KB gzip (target ≤ ${JS_BUDGET_KB} KB)`);
  }
} finally {
  server.stop();
}
