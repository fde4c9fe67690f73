import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { opinionAnalyses, opinions } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/access';
import { splitOpinion } from '@/lib/data/triage/opinions';
import { CAMPAIGN, campaignCopy, createAnalysisCase } from '@/lib/testing/analysis-fixtures';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { decideAnalysis } from './decisions';
import { AnalysisIndexCache, type IndexUse } from './index-cache';
import { getConsultationAnalysis } from './read';
import { analyseNewOpinions, runFullAnalysis } from './run';

/** Opinions that are alike in several ways (copies with edits, a shared core with personal sentences) and some that are not. */
const TEXTS = [
  CAMPAIGN,
  '危険な空き家の除却をもっと早く進めてください。近所の空き家が心配です。',
  campaignCopy(1),
  `私は毎日バスで通院しています。${CAMPAIGN}`,
  'eスポーツの大会で市外から人を呼ぶのは良い取組です。',
  `${CAMPAIGN}\n孫も通学でバスを使っています。運転手さんにはいつも感謝しています。`,
  'コミュニティバスの利用者数の目標を引き下げないで下さい。バスは高齢者や学生の生活の足です。便数を維持し、利用者を増やす具体策を示して下さい。',
  '中学生の海外派遣は続けてください。現地の人と話す経験は何にも代えられません。',
  `${CAMPAIGN}私の家族も同じ思いです。`,
  '危険な空き家の除却をもっと早く進めてください。近所の空き家が心配です。市の補助も増やしてほしい。',
];

/** An unrelated opening sentence and the campaign: one letter that staff later split in two. */
const LETTER_HEAD = '私は伊勢崎駅の近くで小さな店を営んでおり、商店街のイベントにも毎年参加しています。';

describe.each(testDrivers())('the worker keeps its index between passes on %s', (driver) => {
  let handle: DbHandle;
  let reviewer: StaffActor;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    reviewer = await createTestActor(handle.db, 'reviewer');
  });
  afterAll(async () => {
    await handle?.close();
  });

  const seedCase = () => createAnalysisCase(handle.db);

  async function add(consultationId: number, texts: readonly string[]): Promise<void> {
    for (const text of texts) await insertTestSubmission(handle.db, consultationId, { texts: [{ itemNumber: null, text }] });
  }

  /** One pass by the instance holding `cache`; returns how it came by its index. */
  async function pass(consultationId: number, cache: AnalysisIndexCache): Promise<IndexUse | null> {
    let use: IndexUse | null = null;
    await analyseNewOpinions(handle.db, consultationId, { cache, onIndex: (u) => (use = u) });
    return use;
  }

  /** Each opinion's result by its position in the case (ids differ between cases): group as a position, language, suggestions, cluster. */
  async function resultsByPosition(consultationId: number) {
    const rows = await handle.db
      .select({ id: opinions.id, group: opinionAnalyses.campaignGroup, language: opinionAnalyses.language, suggestions: opinionAnalyses.suggestions, cluster: opinionAnalyses.clusterKey })
      .from(opinions)
      .innerJoin(opinionAnalyses, eq(opinionAnalyses.opinionId, opinions.id))
      .where(eq(opinions.consultationId, consultationId))
      .orderBy(asc(opinions.id));
    const position = new Map(rows.map((row, k) => [row.id, k]));
    return rows.map((row) => ({ group: row.group === null ? null : position.get(row.group), language: row.language, suggestions: row.suggestions, cluster: row.cluster }));
  }

  it('two instances taking turns, each keeping its index, give the results of instances that rebuild every time', async () => {
    const kept = await seedCase();
    const cold = await seedCase();
    const a = new AnalysisIndexCache();
    const b = new AnalysisIndexCache();
    const uses: (IndexUse | null)[] = [];
    const batches = [TEXTS.slice(0, 3), TEXTS.slice(3, 5), TEXTS.slice(5, 7), TEXTS.slice(7, 8), TEXTS.slice(8)];
    const turns = [a, b, a, a, b];
    for (const [k, batch] of batches.entries()) {
      await add(kept.id, batch);
      await add(cold.id, batch);
      uses.push(await pass(kept.id, turns[k]!));
      expect(await pass(cold.id, new AnalysisIndexCache())).toBe('rebuilt');
    }
    // a built its index, then caught up with b's pass, then kept it; b caught up with a's two passes.
    expect(uses).toEqual(['rebuilt', 'rebuilt', 'caught-up', 'kept', 'caught-up']);
    const results = await resultsByPosition(kept.id);
    expect(results).toEqual(await resultsByPosition(cold.id));
    // The copies are one campaign (not a trivial comparison of opinions each alone).
    expect(results.filter((r) => r.group === 0).length).toBeGreaterThanOrEqual(5);

    // Two instances at once: one does the work, the result is the cold instance's.
    await add(kept.id, [campaignCopy(2), '公園の遊具を新しくしてほしい。']);
    await add(cold.id, [campaignCopy(2), '公園の遊具を新しくしてほしい。']);
    const done = await Promise.all([analyseNewOpinions(handle.db, kept.id, { cache: a }), analyseNewOpinions(handle.db, kept.id, { cache: b })]);
    expect(done.reduce((x, y) => x + y, 0)).toBe(2);
    await pass(cold.id, new AnalysisIndexCache());
    expect(await resultsByPosition(kept.id)).toEqual(await resultsByPosition(cold.id));
  });

  it('a full re-run on another instance, a split letter and a staff decision: the next new opinion is analysed on fresh state', async () => {
    const consultation = await seedCase();
    const a = new AnalysisIndexCache();
    const other = new AnalysisIndexCache();
    await add(consultation.id, [`${LETTER_HEAD}${CAMPAIGN}`, '危険な空き家の除却をもっと早く進めてください。']);
    expect(await pass(consultation.id, a)).toBe('rebuilt');
    const [letter] = await handle.db.select().from(opinions).where(eq(opinions.consultationId, consultation.id)).orderBy(asc(opinions.id));

    // Staff split the letter: its first piece keeps the id (now without the campaign), the campaign becomes a new opinion.
    const split = await splitOpinion(handle.db, reviewer, { consultationId: consultation.id, id: letter!.id, version: letter!.version, pieces: [LETTER_HEAD, CAMPAIGN] });
    expect(split.ok).toBe(true);
    await add(consultation.id, [campaignCopy(1)]);
    // The index a kept still holds the letter's old text, which would take the copy: it must not be used.
    expect(await pass(consultation.id, a)).toBe('rebuilt');
    const afterSplit = await handle.db.select().from(opinionAnalyses).where(eq(opinionAnalyses.consultationId, consultation.id)).orderBy(asc(opinionAnalyses.opinionId));
    const piece = afterSplit.at(-2)!;
    const copy = afterSplit.at(-1)!;
    expect(copy.campaignGroup).toBe(piece.opinionId);
    expect(afterSplit[0]!.campaignGroup).toBeNull();

    // A full re-run by another instance (new cluster keys), then a new copy on a: rebuilt, it joins the campaign with the re-run's cluster.
    await runFullAnalysis(handle.db, consultation.id, null, { cache: other });
    await add(consultation.id, [campaignCopy(3)]);
    expect(await pass(consultation.id, a)).toBe('rebuilt');
    const afterRun = await handle.db.select().from(opinionAnalyses).where(eq(opinionAnalyses.consultationId, consultation.id)).orderBy(asc(opinionAnalyses.opinionId));
    expect(afterRun.at(-1)!.campaignGroup).toBe(piece.opinionId);
    expect(afterRun.at(-1)!.clusterKey).toBe(afterRun.find((row) => row.opinionId === piece.opinionId)!.clusterKey);
    expect(afterRun.at(-1)!.clusterKey).not.toBeNull();
    // The instance that ran it kept the run's index: its next pass needs no rebuild.
    await add(consultation.id, [campaignCopy(2)]);
    expect(await pass(consultation.id, other)).toBe('caught-up');

    // Staff dissolve the campaign: decisions are applied when results are read, so the kept index
    // stays valid, and the next copy (grouped by the machine) is shown outside any campaign too.
    expect(await decideAnalysis(handle.db, reviewer, consultation.id, { kind: 'campaign-dissolve', group: piece.opinionId })).toEqual({ ok: true });
    await add(consultation.id, [`${CAMPAIGN}よろしくお願いします。`]);
    expect(await pass(consultation.id, other)).toBe('kept');
    const read = await getConsultationAnalysis(handle.db, reviewer, consultation.slug);
    expect(read!.campaignGroups).toEqual([]);
    expect(read!.opinions.at(-1)!.campaignGroup).toBeNull();
  });
});
