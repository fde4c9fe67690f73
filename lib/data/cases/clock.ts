import 'server-only';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

/** The database clock: lifecycle changes are judged by it, as submissions are (never by the app server's clock). */
export async function databaseNow(db: Db): Promise<Date> {
  const [row] = await queryRows<{ now: string | Date }>(db, sql`select clock_timestamp() as now`);
  return new Date(row!.now);
}
