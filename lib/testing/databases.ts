import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DbHandle } from '@/db/client';

export type TestDriver = 'pglite' | 'postgres';

/** The drivers data-layer tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDrivers(): TestDriver[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh, migrated database of its own for one test file: PGlite in memory, or a new
 * database created on the PostgreSQL server named by TEST_DATABASE_URL and dropped on close.
 */
export async function createTestDatabase(driver: TestDriver): Promise<DbHandle> {
  if (driver === 'pglite') return openDatabase({ dataDir: 'memory://', migrate: true });

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  assertLocal(adminUrl);
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), migrate: true, poolMax: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Tests create and drop databases: refuse anything but a server on this machine. */
export function assertLocal(databaseUrl: string): void {
  const host = new URL(databaseUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) {
    throw new Error(`refusing to run tests against a non-local database host: ${host}`);
  }
}
