import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database or a transaction: query functions take it as their first argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

export type DbHandle = {
  db: Db;
  driver: 'postgres' | 'pglite';
  close: () => Promise<void>;
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
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connection: { application_name: 'public-comment', TimeZone: 'UTC' },
    });
    const db = drizzle(client, { schema, casing: 'snake_case' });
    if (options.migrate) await migrate(db, { migrationsFolder });
    return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
  }

  const dataDir = options.dataDir ?? 'memory://';
  const [{ PGlite }, { pg_trgm }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  if (!dataDir.startsWith('memory://')) mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzle(client, { schema, casing: 'snake_case' });
  // The embedded database belongs to this process alone, so it keeps itself migrated.
  if (options.migrate ?? true) await migrate(db, { migrationsFolder });
  return { db, driver: 'pglite', close: () => client.close() };
}

const globalForDb = globalThis as unknown as { __publicCommentDb?: Promise<DbHandle> };

/**
 * The application's database, opened once per process on first use (never at import, so
 * `next build` opens nothing). Kept on globalThis because Next.js may load this module in
 * more than one bundle, and PGlite must never be opened twice on one data directory.
 */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__publicCommentDb ??= openDatabase({
    url: env().DATABASE_URL,
    dataDir: env().PGLITE_DIR,
    poolMax: env().DATABASE_POOL_MAX,
    migrate: env().DATABASE_URL ? false : true,
  }).catch((error: unknown) => {
    globalForDb.__publicCommentDb = undefined;
    throw error;
  });
  return globalForDb.__publicCommentDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the process's database (scripts call this before they exit). */
export async function closeDb(): Promise<void> {
  const handle = globalForDb.__publicCommentDb;
  globalForDb.__publicCommentDb = undefined;
  if (handle) await (await handle).close();
}

/** Rows of a raw query: postgres.js returns an array, PGlite an object with `rows`. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
