import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { consultations, revisionItems } from '@/db/schema';
import { filterItems, getPublicConsultation, listPublicConsultations } from '@/lib/data/consultations';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { importRevisionTable, startOfDayInJapan } from './import-revision-table';
import { ISESAKI_SLUG, seedIsesaki } from './isesaki';
import { RevisionTableError } from './parse-revision-table';

const source = readFileSync(path.join(import.meta.dirname, 'isesaki-2nd-strategy.txt'), 'utf8');
const period = { opensAt: new Date('2025-01-15T00:00:00+09:00'), closesAt: new Date('2025-02-14T00:00:00+09:00') };

describe.each(testDrivers())('importing revision tables on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function countItems(slug: string): Promise<number> {
    const [row] = await handle.db
      .select({ n: count() })
      .from(revisionItems)
      .innerJoin(consultations, eq(consultations.id, revisionItems.consultationId))
      .where(eq(consultations.slug, slug));
    return row?.n ?? 0;
  }

  it('stores the case and its 52 items', async () => {
    const result = await importRevisionTable(handle.db, source, { slug: 'case-a', department: '企画調整課', ...period });
    expect(result).toMatchObject({ itemCount: 52, created: true });
    const c = await getPublicConsultation(handle.db, 'case-a');
    expect(c?.title).toBe('第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）');
    expect(c?.overview).toHaveLength(3);
    expect(c?.items.map((i) => i.number)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
    expect(c?.items[47]).toMatchObject({ number: 48, page: 24 });
    expect(c?.items[22]?.beforeText).toContain('合計特殊出生率');
    expect(c?.items[22]?.afterText).toContain('年少人口');
    expect(c?.items[6]).toMatchObject({ number: 7, before: [], beforeText: '' });
    for (const item of c?.items ?? []) {
      expect(JSON.stringify([item.before, item.after, item.beforeText, item.afterText])).not.toMatch(/[<>]/);
    }
  });

  it('re-imports in place, idempotently', async () => {
    const ids = async () =>
      (await handle.db.select({ id: revisionItems.id }).from(revisionItems).orderBy(revisionItems.id)).map((r) => r.id);
    const before = await ids();
    const result = await importRevisionTable(handle.db, source, { slug: 'case-a', department: '企画調整課', ...period });
    expect(result.created).toBe(false);
    expect(await ids()).toEqual(before);
    expect(await countItems('case-a')).toBe(52);
  });

  it('removes items that are no longer in the file', async () => {
    const shorter = source.split('\n').filter((line) => !/^5[12]\t/.test(line)).join('\n');
    await importRevisionTable(handle.db, shorter, { slug: 'case-b', department: '企画調整課', ...period });
    expect(await countItems('case-b')).toBe(50);
    await importRevisionTable(handle.db, source, { slug: 'case-b', department: '企画調整課', ...period });
    expect(await countItems('case-b')).toBe(52);
    await importRevisionTable(handle.db, shorter, { slug: 'case-b', department: '企画調整課', ...period });
    expect(await countItems('case-b')).toBe(50);
  });

  it('rejects a malformed file with its line number and stores nothing', async () => {
    const lines = source.split('\n');
    const row = lines.findIndex((line) => line.startsWith('23\t'));
    lines[row] = '23\tp.14\t数値目標\tonly four columns';
    const broken = lines.join('\n');
    const error = await importRevisionTable(handle.db, broken, { slug: 'case-c', department: '企画調整課', ...period }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RevisionTableError);
    expect((error as RevisionTableError).line).toBe(row + 1);
    expect(await countItems('case-c')).toBe(0);
    expect(await handle.db.select().from(consultations).where(eq(consultations.slug, 'case-c'))).toEqual([]);

    // An existing case is left exactly as it was.
    const itemsBefore = await getPublicConsultation(handle.db, 'case-a');
    await expect(
      importRevisionTable(handle.db, broken, { slug: 'case-a', department: '別の課', ...period }),
    ).rejects.toBeInstanceOf(RevisionTableError);
    expect(await getPublicConsultation(handle.db, 'case-a')).toEqual(itemsBefore);
  });

  it('seeds the Isesaki case open today for 30 days, and a re-seed keeps its period', async () => {
    const now = new Date('2026-11-24T10:00:00+09:00');
    await seedIsesaki(handle.db, now);
    const first = await getPublicConsultation(handle.db, ISESAKI_SLUG);
    expect(first?.opensAt).toBe(startOfDayInJapan(now).toISOString());
    expect(first?.closesAt).toBe(new Date('2026-12-24T00:00:00+09:00').toISOString());
    expect(first?.department).toBe('企画部 企画調整課');

    await seedIsesaki(handle.db, new Date('2027-03-01T10:00:00+09:00'));
    expect(await getPublicConsultation(handle.db, ISESAKI_SLUG)).toEqual(first);
  });

  it('lists consultations with public fields only', async () => {
    const list = await listPublicConsultations(handle.db);
    expect(list.map((c) => c.slug)).toContain(ISESAKI_SLUG);
    for (const c of list) {
      expect(Object.keys(c).sort()).toEqual(
        ['channels', 'closedEarlyReason', 'closesAt', 'contact', 'department', 'howToSubmit', 'itemCount', 'opensAt', 'overview', 'slug', 'title'].sort(),
      );
    }
  });

  it('filters items by heading kind, page and words', async () => {
    const c = await getPublicConsultation(handle.db, ISESAKI_SLUG);
    const items = c?.items ?? [];
    const goals = filterItems(items, { kind: '数値目標' });
    expect(goals.length).toBeGreaterThan(0);
    expect(goals.every((i) => i.headingKind === '数値目標')).toBe(true);
    expect(goals.map((i) => i.number)).toContain(23);
    expect(filterItems(items, { page: 24 }).map((i) => i.number)).toEqual([46, 47, 48]);
    expect(filterItems(items, { q: 'サテライトオフィス' }).map((i) => i.number)).toEqual([9, 11]);
    // Full-width letters match their half-width forms.
    expect(filterItems(items, { q: 'ｅスポーツ' }).map((i) => i.number)).toEqual(
      filterItems(items, { q: 'eスポーツ' }).map((i) => i.number),
    );
    expect(filterItems(items, { q: 'eスポーツ 交流人口' }).map((i) => i.number)).toEqual([17]);
  });
});
