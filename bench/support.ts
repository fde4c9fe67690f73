import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { assertLocal } from '@/lib/testing/databases';

/** Migrates and seeds the database named by `env` (DATABASE_URL or PGLITE_DIR). */
export async function prepareDatabase(env: NodeJS.ProcessEnv): Promise<void> {
  const prepare = spawn('sh', ['-c', 'npx tsx --import ./scripts/server-only-hook.mjs db/migrate.ts && npx tsx --import ./scripts/server-only-hook.mjs db/seed/index.ts'], { env, stdio: 'inherit' });
  await new Promise((resolve, reject) =>
    prepare.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`seed exited ${code}`)))),
  );
}

export type BenchServer = { base: string; pid: number; stop: () => void };

/**
 * The production server (server.mjs) on 127.0.0.1:port, resolved once /api/health answers (within a minute). With
 * `logFile`, the server's output goes there (to look at after a failed run). `BENCH_NODE_ARGS` are given to node
 * before server.mjs (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under the load).
 */
export async function startServer(port: number, env: NodeJS.ProcessEnv, options: { logFile?: string } = {}): Promise<BenchServer> {
  const base = `http://127.0.0.1:${port}`;
  const log = options.logFile ? openSync(options.logFile, 'w') : 'ignore';
  const server: ChildProcess = spawn('node', [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'server.mjs', '-H', '127.0.0.1', '-p', String(port)], {
    // A production server refuses to start without its public origin (lib/env.ts publicOrigin).
    env: { ...env, AUTH_URL: env.AUTH_URL ?? base },
    stdio: ['ignore', log, log],
    detached: true,
  });
  const stop = () => {
    if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, pid: server.pid!, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error('server did not become healthy');
}

/** The environment of the production server for a bench or a fault run. */
export function productionEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    AUTH_SECRET: 'bench-auth-secret-0123456789abcdefghijklmnop',
    IP_HASH_KEY: 'bench-ip-hash-key-0123456789abcdefghijklmnop',
    ...extra,
  };
}

/** A throw-away database on a local PostgreSQL server (dropped by `drop`). */
export async function createScratchDatabase(adminUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocal(adminUrl);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    },
  };
}

export type PrivateCluster = {
  /** postgres://postgres@127.0.0.1:port/postgres */
  adminUrl: string;
  /** `pg_ctl stop -m fast`: connections are cut; the server is down when this resolves. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** `pg_ctl restart -m fast`: in-flight transactions are cut; the server is up when this resolves. */
  restart: () => Promise<void>;
  /** Stops the server (immediately) and removes its files; synchronous, safe to call twice. */
  remove: () => void;
};

/**
 * A PostgreSQL server of our own in a temporary directory, for fault tests that stop and
 * restart it (never the shared server on 5432). As root, initdb and pg_ctl run as `postgres`.
 */
export async function startPrivateCluster(port: number): Promise<PrivateCluster> {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const bin = process.env.PG_BIN ?? `/usr/lib/postgresql/${versions.at(-1)}/bin`;
  const dir = mkdtempSync(path.join(tmpdir(), 'faults-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const argv = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', `${bin}/${program}`, ...args]] : [`${bin}/${program}`, args];
  // Asynchronous, so that a load running in this process goes on while the server restarts.
  const run = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [command, rest] = argv(program, args);
      const child = spawn(command, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args[0]} failed: ${stderr}`))));
    });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const ctlArgs = (action: string, ...more: string[]) => [action, '-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', ...more];
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    const [command, rest] = argv('pg_ctl', ctlArgs('stop', '-m', 'immediate'));
    spawnSync(command, rest, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8']);
    await run('pg_ctl', ctlArgs('start', '-o', options));
  } catch (error) {
    remove();
    throw error;
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run('pg_ctl', ctlArgs('stop', '-m', 'fast')),
    start: () => run('pg_ctl', ctlArgs('start', '-o', options)),
    restart: () => run('pg_ctl', ctlArgs('restart', '-m', 'fast', '-o', options)),
    remove,
  };
}

/** A valid API body for the seeded Isesaki case; `email` makes a receipt mail due. */
export function submissionBody(email: string, text = '年少人口の目標値の根拠を示してください。'): string {
  return JSON.stringify({
    submitter: { name: '試験 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email },
    opinions: [
      { itemNumber: 23, text },
      { itemNumber: null, text: '全体として分かりやすくなったと思います。' },
    ],
    consent: true,
  });
}

export type SubmissionResponse = {
  status: number;
  ms: number;
  receiptNumber?: string;
  error?: string;
  message?: string;
  retryAfter: string | null;
  contentType: string;
};

/** One POST /api/consultations/[slug]/submissions as a client at address `ip` (X-Forwarded-For). */
export async function postSubmission(
  base: string,
  slug: string,
  request: { key: string; ip: string; body: string },
): Promise<SubmissionResponse> {
  const started = performance.now();
  const response = await fetch(`${base}/api/consultations/${slug}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': request.key, 'x-forwarded-for': request.ip },
    body: request.body,
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const ms = performance.now() - started;
  let json: { receiptNumber?: string; error?: string; message?: string } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Not JSON: the caller sees an empty body and the content type.
  }
  return { status: response.status, ms, ...json, retryAfter: response.headers.get('retry-after'), contentType };
}

/** Runs `task(0…count-1)` with at most `concurrency` at once. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}

/** Polls `check` until it returns true, or throws after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The comment form as a browser without JavaScript posts it: the hidden fields of a page. */
export function hiddenFields(html: string): [string, string][] {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...html.matchAll(/<input type="hidden" name="([^"]*)"(?: value="([^"]*)")?\/?>/g)].map((m) => [decode(m[1]!), decode(m[2] ?? '')]);
}
