import { openDatabase } from '@/db/client';

// A process that holds an embedded data directory until it is told to stop (a stand-in for the
// running app in db/data-dir-lock.test.ts): npx tsx --import ./scripts/server-only-hook.mjs lib/testing/hold-database.ts DIR
const handle = await openDatabase({ dataDir: process.argv[2], migrate: false });
console.log('holding');
process.on('SIGTERM', () => {
  void handle.close().then(() => process.exit(0));
});
setInterval(() => {}, 60_000);
