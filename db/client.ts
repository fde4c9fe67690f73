import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type postgres from 'postgres';
import type { PgDatabase, PgDialect, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { databaseEnv } from './env';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database or a transaction: query functions take it as their first argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

export type DbHandle = {
  db: Db;
  driver: 'postgres' | 'pglite';
  close: () => Promise<void>;
  /**
   * LISTEN on `channel`: `onNotify` for each notification, `onListen` each time listening
   * (re)starts. postgres.js listens on a connection of its own and listens again after it
   * reconnects; notifications sent while it was away are lost, hence `onListen`.
   */
  listen: (channel: string, onNotify: (payload: string) => void, onListen: () => void) => Promise<void>;
};

/**
 * Opens a database: PostgreSQL through postgres.js when a URL is given, otherwise an
 * embedded PGlite in `dataDir` (`memory://` for tests). Everything above this works the same
 * on both.
 */
export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  poolMax?: number;
  migrate?: boolean;
}): Promise<DbHandle> {
  if (options.url) {
    const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
      import('postgres'),
      import('drizzle-orm/postgres-js'),
      import('drizzle-orm/postgres-js/migrator'),
    ]);
    const settings = {
      onnotice: () => {},
      connection: {
        application_name: 'public-comment',
        TimeZone: 'UTC',
        // postgres.js 3.4.9 defers writes under 1 KB to a timer, and a connection that closes
        // with such a write pending never sends its startup message again: it times out on
        // every reconnect (porsager/postgres#1154 and #1208; LanternOps/breeze#3225). A startup
        // message of 1 KB or more is written at once, which also clears that stale state, so
        // every reconnect after a database restart goes through. The setting itself is inert.
        'public_comment.startup_padding': 'x'.repeat(1024),
      },
      // A database restart must cost seconds, not minutes: give up on a connection attempt
      // after 5 s (default 30) and reconnect within 2 s (the default backoff grows to 20 s).
      connect_timeout: 5,
      backoff: (retries: number) => Math.min(0.1 * 2 ** retries, 2) * (0.5 + Math.random() / 2),
    } satisfies postgres.Options<Record<string, never>>;
    const client = postgres(options.url, { ...settings, max: options.poolMax ?? 10 });
    const listeners: (() => Promise<void>)[] = [];
    const db = drizzle(client, { schema, casing: 'snake_case' });
    settleOnConnectionLoss(db);
    if (options.migrate) await migrate(db, { migrationsFolder });
    return {
      db,
      driver: 'postgres',
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), ...listeners.splice(0).map((stop) => stop())]);
      },
      listen: async (channel, onNotify, onListen) => {
        listeners.push(await keepListening(postgres, options.url!, settings, channel, onNotify, onListen));
      },
    };
  }

  const dataDir = options.dataDir ?? 'memory://';
  const [{ PGlite }, { pg_trgm }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // The embedded database belongs to one process: a second one (a script while the app runs)
  // is refused here, before PGlite touches the files (db/data-dir-lock).
  const lock = dataDir.startsWith('memory://') ? null : lockOrExit(dataDir);
  try {
    if (!dataDir.startsWith('memory://')) mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), { recursive: true });
    const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    const db = drizzle(client, { schema, casing: 'snake_case' });
    // The embedded database belongs to this process alone, so it keeps itself migrated.
    if (options.migrate ?? true) await migrate(db, { migrationsFolder });
    return {
      db,
      driver: 'pglite',
      close: async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
      listen: async (channel, onNotify, onListen) => {
        await client.listen(channel, onNotify);
        onListen();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/**
 * Takes the data directory's lock. A command-line script (outside Next.js) that finds it held
 * prints the one message that names the running app and exits 1; the app itself gets the error.
 */
function lockOrExit(dataDir: string) {
  try {
    return acquireDataDirLock(dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError && !process.env.NEXT_RUNTIME) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * LISTEN on a connection of its own that listens again whenever it comes back. postgres.js's
 * own `listen` tries once to listen again after its connection closes and drops the listener
 * when that try fails (a database still restarting), so it would stop hearing for good.
 */
async function keepListening(
  connect: typeof postgres,
  url: string,
  settings: postgres.Options<Record<string, never>>,
  channel: string,
  onNotify: (payload: string) => void,
  onListen: () => void,
): Promise<() => Promise<void>> {
  let retry: NodeJS.Timeout | undefined;
  let ended = false;
  const again = () => {
    if (!retry && !ended) retry = setTimeout(() => ((retry = undefined), void start()), 1000);
  };
  const sql = connect(url, {
    ...settings,
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    onclose: again,
    // Passed to the connection like postgres.js's own listen does; not in its public types.
    ...({ onnotify: (name: string, payload: string) => name === channel && onNotify(payload) } as object),
  });
  const start = async () => {
    try {
      await sql.unsafe(`LISTEN "${channel.replace(/"/g, '""')}"`);
      onListen();
    } catch {
      again();
    }
  };
  await start();
  return () => {
    ended = true;
    clearTimeout(retry);
    return sql.end({ timeout: 5 });
  };
}

/** Whether an error (or its cause) says the connection to the database is gone or cannot be made. */
export function isConnectionLoss(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (/^(CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|08\w{3}|57P0[123])$/.test(code)) return true;
  }
  return false;
}

/**
 * Rejects when `work` has not settled within `ms`: a backstop, so that a request never waits
 * for ever on a driver that lost its connection without telling the query.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer within ${ms} ms`), { code: 'DEADLINE' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * postgres.js 3.4.9 loses a transaction whose connection dies: begin() then sends ROLLBACK on
 * the closed connection, which throws from a timer and leaves the promise pending for ever
 * (porsager/postgres#1154). When the transaction's work failed because the connection is gone,
 * the server has ended the session and there is nothing to roll back, so we answer at once.
 */
function settleOnConnectionLoss(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) =>
    new Promise((resolve, reject) => {
      transaction(async (tx) => {
        try {
          return await run(tx);
        } catch (error) {
          if (isConnectionLoss(error)) reject(error);
          throw error;
        }
      }, config).then(resolve, reject);
    })) as Db['transaction'];
}

const globalForDb = globalThis as unknown as { __publicCommentDb?: Promise<DbHandle> };

/**
 * The process's own database (DATABASE_URL, or the embedded one in PGLITE_DIR), opened once per
 * process on first use (never at import, so `next build` opens nothing). Kept on globalThis
 * because Next.js may load this module in more than one bundle, and PGlite must never be opened
 * twice on one data directory. Workers and scripts use it; code that serves a request asks
 * requestDb() (lib/auth/request-context.ts) instead, which a test may point elsewhere.
 */
export function processDbHandle(): Promise<DbHandle> {
  const settings = databaseEnv();
  globalForDb.__publicCommentDb ??= openDatabase({
    url: settings.DATABASE_URL,
    dataDir: settings.PGLITE_DIR,
    poolMax: settings.DATABASE_POOL_MAX,
    migrate: settings.DATABASE_URL ? false : true,
  }).catch((error: unknown) => {
    globalForDb.__publicCommentDb = undefined;
    throw error;
  });
  return globalForDb.__publicCommentDb;
}

/** The process's own database (see processDbHandle): for workers and scripts, not for request code. */
export async function processDb(): Promise<Db> {
  return (await processDbHandle()).db;
}

/** Closes the process's database (scripts call this before they exit). */
export async function closeProcessDb(): Promise<void> {
  const handle = globalForDb.__publicCommentDb;
  globalForDb.__publicCommentDb = undefined;
  if (handle) await (await handle).close();
}

type PreparingClient = { unsafe: (query: string, params: unknown[], options: { prepare: boolean }) => Promise<unknown[]> };

/**
 * Rows of a raw query that is sent again and again with other values (the submission's one
 * statement): on PostgreSQL a named prepared statement, parsed and planned once per connection
 * instead of once per request; on PGlite (one process, no network) the same as queryRows. The
 * query's text must depend on its shape only, never on its values (drizzle's `sql` template
 * makes every interpolated value a parameter).
 */
export async function queryPreparedRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const client = (db as { $client?: Partial<PreparingClient> }).$client;
  if (typeof client?.unsafe !== 'function') return queryRows<T>(db, query);
  const { sql: text, params } = (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(query);
  return (await client.unsafe(text, params, { prepare: true })) as T[];
}

/** Rows of a raw query: postgres.js returns an array, PGlite an object with `rows`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
