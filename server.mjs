// @ts-check
/**
 * The production server: Next.js behind a small in-memory page cache.
 *
 *   node server.mjs [-H HOST] [-p PORT]      (defaults: 0.0.0.0, $PORT or 3000)
 *
 * Every page carries a Content-Security-Policy with a nonce that is new for each response, so
 * Next.js must render pages dynamically and cannot keep them in its full-page cache. Resident
 * pages, however, are the same for everyone until staff change them. This cache renders such a
 * page once with a secret placeholder nonce (proxy.ts accepts it from here only: see
 * lib/page-cache.ts), keeps the HTML for PAGE_CACHE_SECONDS, and serves each copy with the
 * placeholder replaced by a fresh nonce. Publishing and case edits clear it (clearPageCache);
 * other instances see the change within PAGE_CACHE_SECONDS.
 *
 * Only GET requests without a query string for the pages in CACHEABLE, and only 200 HTML
 * responses without cookies, are kept. Nothing personal is on those pages.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import next from 'next';
import { addRuby } from './lib/furigana/ruby.mjs';

/**
 * A resident page in Japanese (no prefix) or under a language's prefix (`/vi`, `/pt-br`,
 * lib/i18n/locales.ts); a prefix that is no language answers 404, which is never kept.
 */
const LANGUAGE = '(?:/[a-z]{2,4}(?:-[a-z]{2,4})?)?';
const CACHEABLE = [
  new RegExp(`^(?:/|${LANGUAGE.slice(0, -1)})$`),
  new RegExp(`^${LANGUAGE}/consultations/[^/]+$`),
  new RegExp(`^${LANGUAGE}/consultations/[^/]+/items/\\d{1,4}$`),
  new RegExp(`^${LANGUAGE}/consultations/[^/]+/results$`),
];
const NONCE_HEADER = 'x-page-cache-nonce';
/** Requests of the client-side router ask for RSC payloads, not HTML: never from the cache. */
const ROUTER_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action'];
const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);
const MAX_ENTRIES = 2000;

const args = process.argv.slice(2);
const option = (/** @type {string} */ flag) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const hostname = option('-H') ?? process.env.HOSTNAME ?? '0.0.0.0';
const port = Number(option('-p') ?? process.env.PORT ?? 3000);
const ttlMs = Number(process.env.PAGE_CACHE_SECONDS ?? 10) * 1000;
/** Where the cache asks this server for a page: its own address, loopback when it listens on all. */
const fillHost = ['0.0.0.0', '::'].includes(hostname) ? '127.0.0.1' : hostname;

/** @typedef {{ parts: Buffer[], headers: [string, string][], expires: number }} Entry */
/** @type {Map<string, Entry>} */
const entries = new Map();
/** @type {Map<string, Promise<Entry | null>>} */
const filling = new Map();
const placeholder = randomBytes(24).toString('base64url');
Object.assign(globalThis, { [Symbol.for('public-comment.page-cache')]: { placeholder, clear: () => entries.clear() } });

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** Pages that can be asked for with furigana (`?ruby=1`): the cacheable ones and the comment form. */
const WITH_RUBY = [...CACHEABLE, new RegExp(`^${LANGUAGE}/consultations/[^/]+/comment$`)];
const RUBY_QUERY = '?ruby=1';

/** @param {import('node:http').IncomingMessage} req */
function cacheKey(req) {
  if (req.method !== 'GET' || !req.url) return null;
  if (ROUTER_HEADERS.some((name) => name in req.headers)) return null;
  // With furigana: made here (lib/furigana/ruby.mjs), so always through fill(), kept or not.
  if (req.url.endsWith(RUBY_QUERY)) {
    const path = req.url.slice(0, -RUBY_QUERY.length);
    return !path.includes('?') && WITH_RUBY.some((pattern) => pattern.test(path)) ? req.url : null;
  }
  if (ttlMs <= 0 || req.url.includes('?')) return null;
  return CACHEABLE.some((pattern) => pattern.test(req.url ?? '')) ? req.url : null;
}

/**
 * Renders the page through this very server with the placeholder nonce.
 * @param {string} path
 * @returns {Promise<Entry | null>}
 */
function fill(path) {
  return new Promise((resolve) => {
    const internal = httpRequest(
      {
        host: fillHost,
        port,
        path,
        // A user agent, so Next.js keeps <title> and meta in <head> (htmlLimitedBots in next.config.js).
        headers: { [NONCE_HEADER]: placeholder, 'accept-encoding': 'identity', 'user-agent': 'public-comment page cache' },
      },
      (response) => {
        /** @type {Buffer[]} */
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', () => resolve(null));
        response.on('end', async () => {
          const html = String(response.headers['content-type']).startsWith('text/html');
          if (response.statusCode !== 200 || !html || response.headers['set-cookie']) return resolve(null);
          // Never keep a page rendered with a real nonce: every copy would then carry the same one.
          if (!String(response.headers['content-security-policy'] ?? '').includes(placeholder)) return resolve(null);
          /** @type {[string, string][]} */
          const headers = Object.entries(response.headers)
            .filter(([name, value]) => !DROPPED_HEADERS.has(name) && typeof value === 'string')
            .map(([name, value]) => [name, /** @type {string} */ (value)]);
          let text = Buffer.concat(chunks).toString('utf8');
          if (path.endsWith(RUBY_QUERY)) {
            try {
              text = await addRuby(text);
            } catch (error) {
              console.error('server: furigana failed', error instanceof Error ? error.message : 'unknown');
              return resolve(null);
            }
          }
          const parts = text.split(placeholder).map((part) => Buffer.from(part, 'utf8'));
          resolve({ parts, headers, expires: Date.now() + ttlMs });
        });
      },
    );
    internal.on('error', () => resolve(null));
    internal.end();
  });
}

/**
 * The page from the cache ('hit'), or rendered now for this and the next requests ('miss').
 * @param {string} key
 * @returns {Promise<{ entry: Entry, status: 'hit' | 'miss' } | null>}
 */
async function lookup(key) {
  const entry = entries.get(key);
  if (entry && entry.expires > Date.now()) return { entry, status: 'hit' };
  let pending = filling.get(key);
  if (!pending) {
    pending = fill(key).finally(() => filling.delete(key));
    filling.set(key, pending);
  }
  const filled = await pending;
  if (!filled) return null;
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value ?? '');
  entries.set(key, filled);
  return { entry: filled, status: 'miss' };
}

/**
 * @param {Entry} entry
 * @param {'hit' | 'miss'} status
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function serve(entry, status, req, res) {
  const nonce = randomBytes(16).toString('base64');
  const nonceBytes = Buffer.from(nonce, 'latin1');
  /** @type {Buffer[]} */
  const pieces = [];
  entry.parts.forEach((part, index) => (index === 0 ? pieces.push(part) : pieces.push(nonceBytes, part)));
  let body = Buffer.concat(pieces);
  /** @type {Record<string, string | number>} */
  const headers = {};
  for (const [name, value] of entry.headers) headers[name] = value.includes(placeholder) ? value.split(placeholder).join(nonce) : value;
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = gzipSync(body, { level: 4 });
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = body.length;
  // Says where the page came from (as X-Cache does on CDNs); e2e/page-cache.spec.ts reads it.
  headers['x-page-cache'] = status;
  res.writeHead(200, headers);
  res.end(body);
}

const server = createServer(async (req, res) => {
  try {
    // The cache's own request comes from this server's address to itself.
    const internal = req.headers[NONCE_HEADER] === placeholder && req.socket.remoteAddress === req.socket.localAddress;
    if (!internal) delete req.headers[NONCE_HEADER];
    const key = internal ? null : cacheKey(req);
    const cached = key ? await lookup(key) : null;
    if (cached) serve(cached.entry, cached.status, req, res);
    else await handle(req, res);
  } catch (error) {
    console.error('server: request failed', error instanceof Error ? error.name : 'unknown');
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  }
});
server.listen(port, hostname, () => console.log(`ready on http://${hostname}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
