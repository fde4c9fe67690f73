import 'server-only';
import { openDatabase } from './client';
import { databaseEnv } from './env';

// Applies the committed migrations to DATABASE_URL, or to the embedded database.
const { DATABASE_URL, PGLITE_DIR } = databaseEnv();
const handle = await openDatabase({
  url: DATABASE_URL,
  dataDir: PGLITE_DIR,
  migrate: true,
});
await handle.close();
console.log(`migrations applied (${handle.driver})`);
