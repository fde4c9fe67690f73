import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { OPINION_STATUSES, opinionCounts, opinions } from '@/db/schema';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { countedSql, EXCLUDING_FLAGS, isCounted } from './counted';
import { seededRandom as random } from '@/lib/text/seeded-random';

/**
 * "Which opinions count" is written twice: in TypeScript (./counted.ts, used by the result, the
 * workspace and the lookup) and in the SQL of the triggers that keep opinion_counts
 * (db/migrations/0003_triage_counts.sql). Here random opinions go through random inserts,
 * multi-row updates and deletes, and after every statement the triggers' counts must equal the
 * counts the TypeScript rule gives over the rows as they are — and a query with countedSql must
 * find exactly the rows isCounted picks.
 */


const SEED = Number(process.env.COUNTED_SEED ?? Date.now() % 1_000_000);
const ITEMS = 3;
const CATEGORIES = ['a', 'b', null] as const;

describe.each(testDrivers())('the counted-opinion rule in SQL and TypeScript agree on %s', (driver) => {
  let handle: DbHandle;
  let caseId: number;
  const next = random(SEED);
  const pick = <T,>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const chance = (p: number) => next() < p;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    caseId = (await createTestConsultation(handle.db, { items: ITEMS })).id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** The triggers' table, as dimension/key → n (rows at 0 left out). */
  async function stored(): Promise<Record<string, number>> {
    const rows = await handle.db.select().from(opinionCounts).where(eq(opinionCounts.consultationId, caseId));
    return Object.fromEntries(rows.filter((r) => Number(r.n) !== 0 && r.dimension !== 'submissions').map((r) => [`${r.dimension}/${r.key}`, Number(r.n)]));
  }

  /** The same counts from the rows, with the TypeScript rule. */
  async function expected(): Promise<Record<string, number>> {
    const rows = await handle.db.select().from(opinions).where(eq(opinions.consultationId, caseId));
    const counts: Record<string, number> = {};
    const add = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    for (const o of rows) {
      add('all/');
      if (!isCounted(o)) {
        add('excluded/');
        continue;
      }
      add(`item/${o.itemNumber ?? ''}`);
      add(`category/${o.categoryCode ?? ''}`);
      add(`status/${o.status}`);
    }
    return counts;
  }

  async function ids(): Promise<number[]> {
    return (await handle.db.select({ id: opinions.id }).from(opinions).where(eq(opinions.consultationId, caseId))).map((r) => r.id);
  }

  const someOf = (all: number[]) => all.filter(() => chance(0.3));

  it(`after every random statement (seed ${SEED}; COUNTED_SEED=${SEED} replays it)`, async () => {
    let statements = 0;
    for (let round = 0; round < 40; round++) {
      const roll = next();
      if (roll < 0.3 || (await ids()).length < 4) {
        const texts = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => ({ itemNumber: chance(0.25) ? null : 1 + Math.floor(next() * ITEMS), text: `意見 ${round}-${i}` }));
        await insertTestSubmission(handle.db, caseId, { texts });
      } else if (roll < 0.9) {
        const chosen = someOf(await ids());
        if (chosen.length === 0) continue;
        // One statement over several rows: the triggers see them in one transition table.
        await handle.db
          .update(opinions)
          .set({
            ...Object.fromEntries(Object.keys(EXCLUDING_FLAGS).filter(() => chance(0.5)).map((flag) => [flag, chance(0.4)])),
            ...(chance(0.5) ? { thirdPartyPersonalData: chance(0.5) } : {}),
            ...(chance(0.5) ? { status: pick(OPINION_STATUSES) } : {}),
            ...(chance(0.5) ? { itemNumber: chance(0.2) ? null : 1 + Math.floor(next() * ITEMS) } : {}),
            ...(chance(0.5) ? { categoryCode: pick(CATEGORIES) } : {}),
            summary: `round ${round}`,
          })
          .where(and(eq(opinions.consultationId, caseId), inArray(opinions.id, chosen)));
      } else {
        const chosen = someOf(await ids());
        if (chosen.length === 0) continue;
        await handle.db.delete(opinions).where(inArray(opinions.id, chosen));
      }
      statements += 1;
      expect(await stored(), `round ${round}, seed ${SEED}`).toEqual(await expected());
    }
    expect(statements).toBeGreaterThan(20);
    const flags = await handle.db.select().from(opinions).where(eq(opinions.consultationId, caseId));
    // The generator reached both sides of the rule, so the comparison could have failed.
    expect(flags.some(isCounted) && flags.some((o) => !isCounted(o))).toBe(true);
  });

  it('countedSql picks the rows isCounted picks', async () => {
    const rows = await handle.db.select().from(opinions).where(eq(opinions.consultationId, caseId));
    const picked = await queryRows<{ id: number | string }>(handle.db, sql`select o.id from opinions o where o.consultation_id = ${caseId} and ${countedSql('o')} order by o.id`);
    expect(picked.map((r) => Number(r.id))).toEqual(rows.filter(isCounted).map((r) => r.id).sort((a, b) => a - b));
  });
});
