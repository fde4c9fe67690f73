import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { analysisDecisions, analysisRuns, auditLog, opinionAnalyses, opinions } from '@/db/schema';
import { ANALYSIS_METHOD } from '@/lib/analysis/analyse';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { decideAnalysis } from './decisions';
import { getConsultationAnalysis } from './read';
import { analyseNewOpinions, analysePendingOpinions, rerunAnalysis, runFullAnalysis } from './run';
import { CAMPAIGN, campaignCopy, createAnalysisCase } from '@/lib/testing/analysis-fixtures';


describe.each(testDrivers())('opinion analysis on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  let reviewer: StaffActor;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(handle.db, 'admin');
    reviewer = await createTestActor(handle.db, 'reviewer');
  });
  afterAll(async () => {
    await handle?.close();
  });

  const seedCase = () => createAnalysisCase(handle.db);

  async function opinionIds(consultationId: number): Promise<number[]> {
    const rows = await handle.db.select({ id: opinions.id }).from(opinions).where(eq(opinions.consultationId, consultationId)).orderBy(asc(opinions.id));
    return rows.map((row) => row.id);
  }

  async function analysesOf(consultationId: number) {
    return handle.db.select().from(opinionAnalyses).where(eq(opinionAnalyses.consultationId, consultationId)).orderBy(asc(opinionAnalyses.opinionId));
  }

  it('the worker analyses new opinions once, joins later copies to the stored campaign, and records its provenance', async () => {
    const consultation = await seedCase();
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: CAMPAIGN }] });
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: '危険な空き家の除却をもっと早く進めてください。近所の鈴木様の家が心配です。' }] });
    expect(await analysePendingOpinions(handle.db)).toBeGreaterThanOrEqual(2);
    const [first, second] = await analysesOf(consultation.id);
    expect(first!.campaignGroup).toBeNull();
    expect(second!.suggestions[0]!.itemNumber).toBe(52);
    expect(second!.pii).toEqual([expect.objectContaining({ kind: 'name', text: '鈴木' })]);

    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: campaignCopy(1) }] });
    expect(await analyseNewOpinions(handle.db, consultation.id)).toBe(1);
    expect(await analyseNewOpinions(handle.db, consultation.id)).toBe(0);
    const rows = await analysesOf(consultation.id);
    expect(rows).toHaveLength(3);
    const [leader, , follower] = rows;
    expect(follower!.campaignGroup).toBe(leader!.opinionId);
    expect(leader!.campaignGroup).toBe(leader!.opinionId);
    // Analysed once: the first results keep their run.
    expect(rows[0]!.runId).toBe(first!.runId);

    const runs = await handle.db.select().from(analysisRuns).where(eq(analysisRuns.consultationId, consultation.id)).orderBy(asc(analysisRuns.id));
    expect(runs.map((run) => [run.kind, run.method, run.startedBy, run.opinions])).toEqual([
      ['incremental', 'analysis-1', null, 2],
      ['incremental', 'analysis-1', null, 1],
    ]);
    expect(runs[0]!.parameters).toEqual(JSON.parse(JSON.stringify(ANALYSIS_METHOD)));
    expect(runs.every((run) => run.finishedAt !== null)).toBe(true);
  });

  it('workers running at once give one result per opinion and one campaign group', async () => {
    const consultation = await seedCase();
    for (let k = 0; k < 12; k++) await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: campaignCopy(k) }] });
    const done = await Promise.all([analyseNewOpinions(handle.db, consultation.id), analyseNewOpinions(handle.db, consultation.id), analyseNewOpinions(handle.db, consultation.id)]);
    // Whoever got the lock did the batch; a worker that found it taken did nothing.
    expect(done.reduce((a, b) => a + b, 0)).toBe(12);
    const rows = await analysesOf(consultation.id);
    const ids = await opinionIds(consultation.id);
    expect(rows.map((row) => row.opinionId)).toEqual(ids);
    expect(new Set(rows.map((row) => row.campaignGroup))).toEqual(new Set([ids[0]]));
  });

  it('a full re-run replaces the machine results and keeps every staff decision, audited with the person', async () => {
    const consultation = await seedCase();
    for (let k = 0; k < 6; k++) await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: campaignCopy(k) }] });
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: 'ふるさと納税の寄付件数の目標が高すぎます。担当の田中さんに電話090-1234-5678で伝えました。' }] });
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: 'eスポーツの大会で市外から人を呼ぶのは良い取組です。' }] });
    await runFullAnalysis(handle.db, consultation.id, null);
    const ids = await opinionIds(consultation.id);
    const [group] = ids;
    const loose = ids[6]!;
    const before = await getConsultationAnalysis(handle.db, reviewer, consultation.slug);
    expect(before!.campaignGroups).toEqual([{ id: group, representative: group, count: 6, members: ids.slice(0, 6), confirmed: false }]);
    const spans = before!.opinions.find((o) => o.id === loose)!.personalData;
    expect(spans.map((s) => [s.kind, s.text, s.status])).toEqual([
      ['name', '田中', 'proposed'],
      ['phone', '090-1234-5678', 'proposed'],
    ]);
    const suggestion = before!.opinions.find((o) => o.id === loose)!.suggestions[0]!;
    expect(suggestion.itemNumber).toBe(18);
    const cluster = before!.opinions.find((o) => o.id === ids[7])!.clusterKey!;

    const [{ version }] = (await handle.db.select({ version: opinions.version }).from(opinions).where(eq(opinions.id, loose))) as [{ version: number }];
    const decide = (input: Parameters<typeof decideAnalysis>[3]) => decideAnalysis(handle.db, reviewer, consultation.id, input);
    expect(await decide({ kind: 'campaign-confirm', group: group! })).toEqual({ ok: true });
    expect(await decide({ kind: 'campaign-split', group: group!, opinionId: ids[5]! })).toEqual({ ok: true });
    expect(await decide({ kind: 'redaction', opinionId: loose, start: spans[0]!.start, end: spans[0]!.end, accepted: true })).toEqual({ ok: true });
    expect(await decide({ kind: 'redaction', opinionId: loose, start: spans[1]!.start, end: spans[1]!.end, accepted: false })).toEqual({ ok: true });
    expect(await decide({ kind: 'cluster-rename', cluster, label: 'eスポーツで交流' })).toEqual({ ok: true });
    expect(await decide({ kind: 'item-accept', opinionId: loose, itemNumber: suggestion.itemNumber, version })).toEqual({ ok: true });
    expect(await decide({ kind: 'item-accept', opinionId: loose, itemNumber: 99, version })).toEqual({ ok: false, error: 'invalid' });

    await rerunAnalysis(handle.db, admin, consultation.id);
    const after = await getConsultationAnalysis(handle.db, reviewer, consultation.slug);
    expect(after!.campaignGroups).toEqual([{ id: group, representative: group, count: 5, members: ids.slice(0, 5), confirmed: true }]);
    expect(after!.opinions.find((o) => o.id === ids[5])!.campaignGroup).toBeNull();
    expect(after!.opinions.find((o) => o.id === loose)!.personalData.map((s) => s.status)).toEqual(['accepted', 'rejected']);
    expect(after!.opinions.find((o) => o.id === loose)!.itemNumber).toBe(18);
    expect(after!.clusters.find((c) => c.key === cluster)).toMatchObject({ label: ['eスポーツで交流'], named: true });
    expect(after!.method.lastRun).toMatchObject({ kind: 'full', startedBy: admin.id });
    expect(after!.method.grouping).toContain('5文字');

    await decide({ kind: 'campaign-dissolve', group: group! });
    const dissolved = await getConsultationAnalysis(handle.db, reviewer, consultation.slug);
    expect(dissolved!.campaignGroups).toEqual([]);

    const decisions = await handle.db.select().from(analysisDecisions).where(eq(analysisDecisions.consultationId, consultation.id));
    expect(decisions.every((d) => d.decidedBy === reviewer.id)).toBe(true);
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.actorId, reviewer.id), eq(auditLog.action, 'analysis.redaction')));
    expect(audit.length).toBeGreaterThanOrEqual(2);
    const rerunAudit = await handle.db.select().from(auditLog).where(and(eq(auditLog.actorId, admin.id), eq(auditLog.action, 'analysis.rerun')));
    expect(rerunAudit.length).toBeGreaterThanOrEqual(1);
  });

  it('a read carrying personal-data spans is audited as an export of the case; a read without them is not', async () => {
    const consultation = await seedCase();
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: '担当の田中さんに電話090-1234-5678で伝えました。' }] });
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: 'eスポーツの大会で市外から人を呼ぶのは良い取組です。' }] });
    await runFullAnalysis(handle.db, consultation.id, null);
    const auditOf = () =>
      handle.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetType, 'consultation'), eq(auditLog.targetId, String(consultation.id)), eq(auditLog.action, 'personal_data.exported')))
        .orderBy(asc(auditLog.id));

    const withSpans = await getConsultationAnalysis(handle.db, reviewer, consultation.slug);
    expect(withSpans!.opinions.flatMap((o) => o.personalData.map((s) => s.text))).toEqual(['田中', '090-1234-5678']);
    expect((await auditOf()).map((a) => [a.actorId, a.after])).toEqual([[reviewer.id, { source: 'analysis', opinions: 1, spans: 2 }]]);

    // The clusters page shows no spans: it asks for none, gets none, and leaves no row.
    const without = await getConsultationAnalysis(handle.db, reviewer, consultation.slug, { personalData: false });
    expect(without!.opinions.every((o) => o.personalData.length === 0)).toBe(true);
    expect(without!.opinions).toHaveLength(2);
    expect(await auditOf()).toHaveLength(1);

    // An unknown case reads nothing and records nothing.
    expect(await getConsultationAnalysis(handle.db, admin, 'no-such-case')).toBeNull();
    expect(await auditOf()).toHaveLength(1);
  });

  it("a read that finds no personal data records no export; the export's row carries the caller's IP hash", async () => {
    const consultation = await seedCase();
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: 'eスポーツの大会で市外から人を呼ぶのは良い取組です。' }] });
    await runFullAnalysis(handle.db, consultation.id, null);
    const exports = () =>
      handle.db
        .select({ after: auditLog.after, ipHash: auditLog.ipHash })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, 'consultation'), eq(auditLog.targetId, String(consultation.id)), eq(auditLog.action, 'personal_data.exported')));
    const read = await getConsultationAnalysis(handle.db, reviewer, consultation.slug, { ipHash: 'hash-of-the-reader' });
    expect(read!.opinions.flatMap((o) => o.personalData)).toEqual([]);
    expect(await exports()).toEqual([]);

    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: '担当の田中さんに電話090-1234-5678で伝えました。' }] });
    await runFullAnalysis(handle.db, consultation.id, null);
    await getConsultationAnalysis(handle.db, reviewer, consultation.slug, { ipHash: 'hash-of-the-reader' });
    expect(await exports()).toEqual([{ after: { source: 'analysis', opinions: 1, spans: 2 }, ipHash: 'hash-of-the-reader' }]);
  });

  it('only admins start a full re-run; personal data only reaches staff allowed to read it', async () => {
    const consultation = await seedCase();
    await expect(rerunAnalysis(handle.db, reviewer, consultation.id)).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(decideAnalysis(handle.db, { ...reviewer, role: 'nobody' as never }, consultation.id, { kind: 'campaign-confirm', group: 1 })).rejects.toThrow();
    expect(await getConsultationAnalysis(handle.db, reviewer, 'no-such-case')).toBeNull();
  });
});
