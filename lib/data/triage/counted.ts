import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Opinion } from '@/db/schema';

/**
 * Which opinions count — in the inbox's counts, the result's 意見件数 and rows, the response
 * workspace: every opinion but those moderated away. A moderated opinion stays stored. One flagged
 * as holding third-party personal data still counts (it is shown by its summary only).
 *
 * The flags, by property and by column. The inbox's counts are kept in SQL by the triggers'
 * opinion_count_rows() (db/migrations/0003_triage_counts.sql), which must say the same:
 * lib/data/triage/counted.test.ts compares the two on generated opinions.
 */
export const EXCLUDING_FLAGS = { spam: 'spam', outOfScope: 'out_of_scope', hidden: 'hidden' } as const;

type ExcludingFlag = keyof typeof EXCLUDING_FLAGS;

export function isCounted(opinion: Pick<Opinion, ExcludingFlag>): boolean {
  return !(Object.keys(EXCLUDING_FLAGS) as ExcludingFlag[]).some((flag) => opinion[flag]);
}

/** The opinions moderated away, as a condition on the opinions row named `alias` in a raw query. */
export function excludedSql(alias: string): SQL {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`not a table alias: ${alias}`);
  return sql.raw(`(${Object.values(EXCLUDING_FLAGS).map((column) => `${alias}.${column}`).join(' or ')})`);
}

/** The opinions that count, as a condition on the opinions row named `alias` ("o" in `from opinions o`). */
export function countedSql(alias: string): SQL {
  return sql`not ${excludedSql(alias)}`;
}
