import { env } from '@/lib/env';
import { openDatabase } from './client';

// Applies the committed migrations to DATABASE_URL, or to the embedded database.
const handle = await openDatabase({
  url: env().DATABASE_URL,
  dataDir: env().PGLITE_DIR,
  migrate: true,
});
await handle.close();
console.log(`migrations applied (${handle.driver})`);
