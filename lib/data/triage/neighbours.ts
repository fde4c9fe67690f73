import 'server-only';
import { and, ne, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { opinions } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import type { InboxFilters } from '@/lib/validation/triage';
import { inboxWhere, opinionOrderKeys } from './inbox';

/** A row of the inbox a clerk can go to from a submission: its opinion and its submission. */
export type InboxStep = { opinionId: number; submissionId: number };

/**
 * The rows before and after an opinion in the inbox as the clerk filtered and sorted it,
 * skipping the opinion's own submission (its other opinions are on the same page). Found by
 * comparing sort keys from the opinion (keyset), so each is one index walk, not a count of
 * every row before it. Null when there is none, or the opinion is not in the actor's scope.
 */
export async function inboxNeighbours(
  db: Db,
  actor: StaffActor,
  consultationId: number,
  filters: InboxFilters,
  opinionId: number,
): Promise<{ previous: InboxStep | null; next: InboxStep | null }> {
  assertPermission(actor, 'submission.read');
  const keys = opinionOrderKeys(filters.sort);
  const where = inboxWhere(actor, consultationId, filters);
  const current = sql`(select ${sql.join(
    keys.map((k, i) => sql`${k.key} as ${sql.identifier(`k${i}`)}`),
    sql`, `,
  )}, ${opinions.submissionId} as submission_id from ${opinions} where ${opinions.id} = ${opinionId} and ${opinions.consultationId} = ${consultationId})`;
  const step = async (forward: boolean): Promise<InboxStep | null> => {
    const cur = keys.map((_, i) => sql`cur.${sql.identifier(`k${i}`)}`);
    const beyond = keys.every((k) => k.direction === keys[0]!.direction)
      ? // All keys one way (newest or oldest first): one row comparison, which the inbox index
        // starts its scan from, so a step costs the same on page 1 and in the middle of a million.
        // (The current row's keys as a subquery, not the joined `cur`: a parameter of the scan.)
        sql`(${sql.join(keys.map((k) => k.key), sql`, `)}) ${(keys[0]!.direction === 'asc') === forward ? sql`>` : sql`<`} (select ${sql.join(
          keys.map((k) => k.key),
          sql`, `,
        )} from ${opinions} where ${opinions.id} = ${opinionId} and ${opinions.consultationId} = ${consultationId})`
      : // Mixed directions: key by key, after (or before) the current row in the inbox's order.
        or(
          ...keys.map((k, i) => {
            const later = (k.direction === 'asc') === forward ? sql`>` : sql`<`;
            const equalBefore = keys.slice(0, i).map((e, j) => sql`${e.key} = ${cur[j]}`);
            return and(...equalBefore, sql`${k.key} ${later} ${cur[i]}`)!;
          }),
        )!;
    // Nulls placed as the inbox index places them (the keys themselves are never null).
    const order = keys.map((k) => ((k.direction === 'asc') === forward ? sql`${k.key} asc nulls first` : sql`${k.key} desc nulls last`));
    const rows = await queryRows<{ id: number; submission_id: number }>(
      db,
      sql`select ${opinions.id} as id, ${opinions.submissionId} as submission_id
        from ${opinions} cross join ${current} as cur
        where ${and(where, beyond, ne(opinions.submissionId, sql`cur.submission_id`))}
        order by ${sql.join(order, sql`, `)} limit 1`,
    );
    const row = rows[0];
    return row ? { opinionId: Number(row.id), submissionId: Number(row.submission_id) } : null;
  };
  const [previous, next] = await Promise.all([step(false), step(true)]);
  return { previous, next };
}
