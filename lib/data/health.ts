import 'server-only';
import { sql } from 'drizzle-orm';
import { processDb, withDeadline } from '@/db/client';

/** Whether the database answers a trivial query within `ms` (the readiness check); throws when it does not. */
export async function checkDatabase(ms: number): Promise<void> {
  const db = await processDb();
  await withDeadline(db.execute(sql`select 1`), ms, 'health check');
}
