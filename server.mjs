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
 * placeholder replaced by a fresh nonce. A change to public content clears it on every instance
 * at once (PostgreSQL NOTIFY, lib/page-cache.ts); the TTL catches a notification that was missed.
 *
 * What is kept and under which key, the header names and the TTL's rule are the contract in
 * lib/page-cache-contract.mjs, which the app imports too. Only 200 HTML responses without
 * cookies are kept. Nothing personal is on those pages.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import next from 'next';
import {
  PAGE_CACHE_NONCE_HEADER,
  PAGE_CACHE_REGISTRY,
  PAGE_CACHE_STATUS_HEADER,
  isWellFormedPath,
  NOT_FOUND_PATH,
  pageCacheKey,
  pageCacheSecondsSchema,
  RUBY_QUERY,
  rubyRequested,
} from './lib/page-cache-contract.mjs';

/** The TCP peer's address, for the client IP with TRUSTED_PROXY_HOPS=0 (lib/security/ip-hash.ts). */
const SOCKET_ADDRESS_HEADER = 'x-socket-remote-address';
import { addRuby } from './lib/furigana/ruby.mjs';
const DROPPED_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);
const MAX_ENTRIES = 2000;
const KEEP_ALIVE_SECONDS = 75;
/**
 * A relayed answer larger than this (a confirmation of a very long comment) is sent without
 * furigana: reading a few hundred thousand characters would hold up every other request.
 */
const RELAY_RUBY_MAX_BYTES = 256 * 1024;

const args = process.argv.slice(2);
const option = (/** @type {string} */ flag) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
// Not $HOSTNAME: containers set it to their own name, and the app would not answer on localhost.
const hostname = option('-H') ?? '0.0.0.0';
const port = Number(option('-p') ?? process.env.PORT ?? 3000);
const ttlMs = pageCacheSecondsSchema.parse(process.env.PAGE_CACHE_SECONDS) * 1000;
/** Where the cache asks this server for a page: its own address, loopback when it listens on all. */
const fillHost = ['0.0.0.0', '::'].includes(hostname) ? '127.0.0.1' : hostname;

/** @typedef {{ parts: Buffer[], headers: [string, string][], expires: number }} Entry */
/** @type {Map<string, Entry>} */
const entries = new Map();
/** @type {Map<string, Promise<Entry | null>>} */
const filling = new Map();
const placeholder = randomBytes(24).toString('base64url');
Object.assign(globalThis, { [PAGE_CACHE_REGISTRY]: { placeholder, clear: () => entries.clear() } });

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

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
        headers: { [PAGE_CACHE_NONCE_HEADER]: placeholder, 'accept-encoding': 'identity', 'user-agent': 'public-comment page cache' },
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
  headers[PAGE_CACHE_STATUS_HEADER] = status;
  res.writeHead(200, headers);
  res.end(body);
}

/**
 * A resident page asked for with `ruby=1` that is not kept (other query parameters too, or a form
 * posted without JavaScript): the request goes through this server once more, as fill() does,
 * and a 200 HTML answer comes back with furigana; any other answer is passed on as it is. Never
 * kept: a posted answer (a confirmation, a receipt, a lookup) is one resident's.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<void>}
 */
function relayWithRuby(req, res) {
  return new Promise((resolve) => {
    /** @type {Record<string, string | string[]>} */
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name !== 'connection' && name !== 'keep-alive') headers[name] = value;
    headers[PAGE_CACHE_NONCE_HEADER] = placeholder;
    headers['accept-encoding'] = 'identity';
    const internal = httpRequest({ host: fillHost, port, method: req.method, path: req.url, headers }, (response) => {
      /** @type {Buffer[]} */
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', () => {
        if (!res.headersSent) res.statusCode = 502;
        res.end();
        resolve();
      });
      response.on('end', async () => {
        const nonce = randomBytes(16).toString('base64');
        const swap = (/** @type {string} */ text) => text.split(placeholder).join(nonce);
        let body = Buffer.concat(chunks);
        const type = String(response.headers['content-type'] ?? '');
        // Every text answer (a 404 or error page, a flight response too) may carry the placeholder
        // nonce, a secret of this process: it never leaves it.
        if (type.startsWith('text/')) {
          let text = body.toString('utf8');
          if (response.statusCode === 200 && type.startsWith('text/html') && body.length <= RELAY_RUBY_MAX_BYTES) {
            try {
              // One resident's answer: its texts are not kept in the furigana cache.
              text = await addRuby(text, { keep: false });
            } catch (error) {
              console.error('server: furigana failed', error instanceof Error ? error.message : 'unknown');
            }
          }
          body = Buffer.from(swap(text), 'utf8');
        }
        /** @type {Record<string, string | string[] | number>} */
        const out = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (DROPPED_HEADERS.has(name) || value === undefined) continue;
          out[name] = Array.isArray(value) ? value.map(swap) : swap(value);
        }
        if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
          body = gzipSync(body, { level: 4 });
          out['content-encoding'] = 'gzip';
        }
        out['content-length'] = body.length;
        res.writeHead(response.statusCode ?? 500, out);
        res.end(body);
        resolve();
      });
    });
    internal.on('error', () => {
      if (!res.headersSent) res.statusCode = 502;
      res.end();
      resolve();
    });
    // A client that goes away takes the relayed request with it.
    res.on('close', () => {
      if (!res.writableFinished) internal.destroy();
    });
    req.pipe(internal);
  });
}

const server = createServer(async (req, res) => {
  try {
    // proxy.ts sends a malformed page path to the 404 page, but it does not see the submission API
    // and the document upload (its config says why): their paths are sent there here.
    const path = req.url?.split('?', 1)[0] ?? '';
    if (path.startsWith('/api/') && !isWellFormedPath(path)) req.url = NOT_FOUND_PATH;
    // The cache's own request comes from this server's address to itself.
    const internal = req.headers[PAGE_CACHE_NONCE_HEADER] === placeholder && req.socket.remoteAddress === req.socket.localAddress;
    if (!internal) delete req.headers[PAGE_CACHE_NONCE_HEADER];
    // Always ours, never the client's: the rate limits' key when no proxy is trusted. A request
    // relayed by relayWithRuby carries the resident's, which it set itself.
    if (!internal || !req.headers[SOCKET_ADDRESS_HEADER]) req.headers[SOCKET_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    // A page with furigana is made here (lib/furigana/ruby.mjs), so always through fill(), kept or not.
    const key = internal || (ttlMs <= 0 && !req.url?.endsWith(RUBY_QUERY)) ? null : pageCacheKey(req);
    const cached = key ? await lookup(key) : null;
    if (cached) serve(cached.entry, cached.status, req, res);
    else if (!internal && !key && rubyRequested(req)) await relayWithRuby(req, res);
    else await handle(req, res);
  } catch (error) {
    console.error('server: request failed', error instanceof Error ? error.name : 'unknown');
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  }
});
// An idle connection stays open longer than its client keeps it: nginx reuses upstream connections
// for up to 60 s (deploy/nginx.conf), and Node's 5 s default closes one just as a request is sent
// on it, which the client sees as a reset (a 502 behind nginx).
server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000;
server.headersTimeout = (KEEP_ALIVE_SECONDS + 5) * 1000;
server.listen(port, hostname, () => console.log(`ready on http://${hostname}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
