import 'server-only';

/**
 * Where the database is, read from the environment by db/ itself: db/ imports nothing from lib/,
 * and lib/env.ts takes these three settings from here into the app's environment.
 */
export type DatabaseEnv = {
  /** When set, PostgreSQL through postgres.js; when absent, embedded PGlite. */
  DATABASE_URL: string | undefined;
  /** Data directory of the embedded database; `memory://` keeps it in memory (tests). */
  PGLITE_DIR: string;
  /** Connections per process (PostgreSQL). */
  DATABASE_POOL_MAX: number;
};

export function databaseEnv(source: Record<string, string | undefined> = process.env): DatabaseEnv {
  const { DATABASE_URL, PGLITE_DIR, DATABASE_POOL_MAX } = source;
  if (DATABASE_URL === '') throw new Error('DATABASE_URL is empty: unset it for the embedded database, or give a postgres:// URL');
  if (PGLITE_DIR === '') throw new Error('PGLITE_DIR is empty: unset it for ./.data/pglite, or give a directory (memory:// for none)');
  const poolMax = DATABASE_POOL_MAX === undefined ? 10 : Number(DATABASE_POOL_MAX.trim() || NaN);
  if (!Number.isInteger(poolMax) || poolMax <= 0) throw new Error(`DATABASE_POOL_MAX must be a positive whole number (got ${DATABASE_POOL_MAX})`);
  return { DATABASE_URL, PGLITE_DIR: PGLITE_DIR ?? './.data/pglite', DATABASE_POOL_MAX: poolMax };
}
