import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { analysisDecisions, auditLog, opinions, revisionItems } from '@/db/schema';
import { seedItems } from '@/lib/analysis/eval/seed-items';
import type { StaffActor } from '@/lib/auth/access';
import { approveResponse, createResponseGroup, saveResponseDraft, submitResponse } from '@/lib/data/results/groups';
import { resultCsv, resultXlsx } from '@/lib/data/results/export';
import { publishResults } from '@/lib/data/results/publish';
import { getPublishedResult } from '@/lib/data/results/public';
import { getResponseWorkspace } from '@/lib/data/results/workspace';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';
import { listInbox } from '@/lib/data/triage/inbox';
import { getSubmissionForTriage } from '@/lib/data/triage/submission';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { campaignSelections, classifyCampaign, getCampaign } from './campaigns';
import { decideAnalysis } from './decisions';
import { rerunAnalysis, runFullAnalysis } from './run';
import { campaignCopy } from '@/lib/testing/analysis-fixtures';

const PERSONAL = 'ふるさと納税の寄付件数の目標が高すぎます。担当の田中さんに電話090-1234-5678で伝えました。';
const AFTER_CLOSE = () => new Date(Date.now() + 60 * 86_400_000);

describe.each(testDrivers())('staff review of the analysis on %s', (driver) => {
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

  async function seedCase(copies: number) {
    const consultation = await createTestConsultation(handle.db, { items: 0 });
    await handle.db.insert(revisionItems).values(seedItems().map((item) => ({ ...item, consultationId: consultation.id })));
    await ensureDefaultCategories(handle.db, consultation.id);
    for (let k = 0; k < copies; k++) await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: campaignCopy(k) }] });
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: PERSONAL }] });
    await runFullAnalysis(handle.db, consultation.id, null);
    const rows = await handle.db.select().from(opinions).where(eq(opinions.consultationId, consultation.id)).orderBy(asc(opinions.id));
    return { consultation, ids: rows.map((r) => r.id) };
  }

  /** The analysis panel of one opinion, as its submission's page reads it. */
  async function panelOf(consultation: { id: number; closesAt: Date }, opinionId: number) {
    const [row] = await handle.db.select({ submissionId: opinions.submissionId }).from(opinions).where(eq(opinions.id, opinionId));
    return (await getSubmissionForTriage(handle.db, reviewer, consultation, row!.submissionId))!.analyses.get(opinionId)!;
  }

  it("a submission's personal-data spans come only with its read, whose one personal_data.read row records them with the caller's IP hash", async () => {
    const { consultation, ids } = await seedCase(0);
    const personal = ids[0]!;
    const [row] = await handle.db.select({ submissionId: opinions.submissionId }).from(opinions).where(eq(opinions.id, personal));
    const view = (await getSubmissionForTriage(handle.db, reviewer, consultation, row!.submissionId, 'hash-of-the-reader'))!;
    expect(view.analyses.get(personal)!.personalData.map((s) => [s.kind, s.text, s.status])).toEqual([
      ['name', '田中', 'proposed'],
      ['phone', '090-1234-5678', 'proposed'],
    ]);
    const reads = await handle.db
      .select({ actorId: auditLog.actorId, ipHash: auditLog.ipHash })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'personal_data.read'), eq(auditLog.targetType, 'submission'), eq(auditLog.targetId, String(row!.submissionId))));
    expect(reads).toEqual([{ actorId: reviewer.id, ipHash: 'hash-of-the-reader' }]);
  });

  it('the inbox shows one row per campaign; classifying the group classifies every member, audited one by one', async () => {
    const { consultation, ids } = await seedCase(8);
    const group = ids[0]!;
    const collapsed = await listInbox(handle.db, reviewer, consultation, { view: 'campaigns' });
    expect(collapsed.rows).toHaveLength(2);
    expect(collapsed.rows.find((r) => r.id === group)!.campaign).toEqual({ group, count: 8, representative: group });
    const members = await listInbox(handle.db, reviewer, consultation, { campaign: group });
    expect(members.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids.slice(0, 8));

    const campaign = (await getCampaign(handle.db, reviewer, consultation.id, group))!;
    // A stale version (someone classified meanwhile) writes nothing.
    expect(await classifyCampaign(handle.db, reviewer, { consultationId: consultation.id, group, version: campaign.representative.version + 1, change: { status: 'classified' } })).toMatchObject({ ok: false, error: 'conflict' });
    const done = await classifyCampaign(handle.db, reviewer, {
      consultationId: consultation.id,
      group,
      version: campaign.representative.version,
      change: { itemNumber: 18, summary: 'コミュニティバスの目標値を維持してほしい', categoryCode: 'D', status: 'classified' },
    });
    expect(done).toEqual({ ok: true, updated: 8 });
    const rows = await handle.db.select().from(opinions).where(eq(opinions.consultationId, consultation.id)).orderBy(asc(opinions.id));
    for (const row of rows.slice(0, 8)) expect([row.itemNumber, row.summary, row.categoryCode, row.status]).toEqual([18, 'コミュニティバスの目標値を維持してほしい', 'D', 'classified']);
    expect(rows[8]!.categoryCode).toBeNull();
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.actorId, reviewer.id), eq(auditLog.action, 'opinion.bulk_updated')));
    expect(audit.filter((a) => ids.slice(0, 8).map(String).includes(String(a.targetId)))).toHaveLength(8);

    // The inbox's bulk form selects a group by its row: every member, or (stale row) the conflict.
    const fresh = (await getCampaign(handle.db, reviewer, consultation.id, group))!;
    expect(await campaignSelections(handle.db, consultation.id, [{ group, version: fresh.representative.version }])).toHaveLength(8);
    expect(await campaignSelections(handle.db, consultation.id, [{ group, version: 1 }])).toEqual([{ id: group, version: 1 }]);

    // Split one member off, then re-run: the member stays out; dissolving empties the collapsed view.
    expect(await decideAnalysis(handle.db, reviewer, consultation.id, { kind: 'campaign-split', group, opinionId: ids[7]! })).toEqual({ ok: true });
    await rerunAnalysis(handle.db, admin, consultation.id);
    expect((await getCampaign(handle.db, reviewer, consultation.id, group))!.members).toHaveLength(7);
    expect((await panelOf(consultation, ids[7]!)).campaign).toBeNull();
    expect(await decideAnalysis(handle.db, reviewer, consultation.id, { kind: 'campaign-dissolve', group })).toEqual({ ok: true });
    expect((await listInbox(handle.db, reviewer, consultation, { view: 'campaigns' })).rows).toHaveLength(9);
  });

  it('accepting an item records the suggestion provenance; publishing waits for every personal-data proposal; accepted spans are removed from every format', async () => {
    const { consultation, ids } = await seedCase(3);
    const personal = ids[3]!;
    const panel = await panelOf(consultation, personal);
    const suggestion = panel.suggestions[0]!;
    const [{ version }] = (await handle.db.select({ version: opinions.version }).from(opinions).where(eq(opinions.id, personal))) as [{ version: number }];
    expect(await decideAnalysis(handle.db, reviewer, consultation.id, { kind: 'item-accept', opinionId: personal, itemNumber: suggestion.itemNumber, version })).toEqual({ ok: true });
    const [decision] = await handle.db.select().from(analysisDecisions).where(and(eq(analysisDecisions.consultationId, consultation.id), eq(analysisDecisions.kind, 'item-accept')));
    expect(decision!.decidedBy).toBe(reviewer.id);
    expect(decision!.value).toMatchObject({ itemNumber: suggestion.itemNumber, suggested: { rank: 1, score: suggestion.score, matchedWords: suggestion.matchedWords, method: 'analysis-1' } });

    // Everything classified and answered; the personal opinion's summary quotes the name and number.
    const group = ids[0]!;
    const campaign = (await getCampaign(handle.db, reviewer, consultation.id, group))!;
    await classifyCampaign(handle.db, reviewer, { consultationId: consultation.id, group, version: campaign.representative.version, change: { summary: 'バスの目標を維持してほしい', categoryCode: 'D', status: 'classified' } });
    const [row] = await handle.db.select().from(opinions).where(eq(opinions.id, personal));
    await handle.db.update(opinions).set({ summary: '寄付件数の目標が高い（田中さんに090-1234-5678で伝えた）' }).where(eq(opinions.id, row!.id));
    const workspace = (await getResponseWorkspace(handle.db, reviewer, consultation.slug))!;
    expect(workspace.items.flatMap((i) => i.suggestions).find((s) => s.opinionIds.includes(group))).toMatchObject({ count: 3 });
    for (const [itemNumber, members, response] of [
      [null, ids.slice(0, 3), 'バスの目標は維持します。'],
      [suggestion.itemNumber, [personal], '目標は実績を踏まえて設定しました。'],
    ] as const) {
      const created = await createResponseGroup(handle.db, reviewer, { consultationId: consultation.id, itemNumber, opinionIds: [...members] });
      if (!created.ok) throw new Error(created.error);
      const drafted = await saveResponseDraft(handle.db, reviewer, { groupId: created.group.id, version: created.group.version, response, categoryCode: 'C' });
      if (!drafted.ok) throw new Error(drafted.error);
      const submitted = await submitResponse(handle.db, reviewer, { groupId: created.group.id, version: drafted.group.version });
      if (!submitted.ok) throw new Error(submitted.error);
      const approved = await approveResponse(handle.db, admin, { groupId: created.group.id, version: submitted.group.version });
      if (!approved.ok) throw new Error(approved.error);
    }

    const refused = await publishResults(handle.db, admin, { consultationId: consultation.id }, null, AFTER_CLOSE());
    expect(refused).toMatchObject({ ok: false, error: 'unreviewedPersonalData', opinions: [{ opinionId: personal, kinds: expect.arrayContaining(['name', 'phone']) }] });
    const spans = panel.personalData;
    const phone = spans.find((s) => s.kind === 'phone')!;
    const name = spans.find((s) => s.kind === 'name')!;
    await decideAnalysis(handle.db, reviewer, consultation.id, { kind: 'redaction', opinionId: personal, start: phone.start, end: phone.end, accepted: true });
    expect(await publishResults(handle.db, admin, { consultationId: consultation.id }, null, AFTER_CLOSE())).toMatchObject({ ok: false, error: 'unreviewedPersonalData' });
    await decideAnalysis(handle.db, reviewer, consultation.id, { kind: 'redaction', opinionId: personal, start: name.start, end: name.end, accepted: false });
    const published = await publishResults(handle.db, admin, { consultationId: consultation.id }, null, AFTER_CLOSE());
    expect(published.ok).toBe(true);

    const result = await getPublishedResult(handle.db, consultation.slug);
    if (!result || result.status !== 'published') throw new Error('not published');
    const snapshot = result.snapshot;
    expect(snapshot.grouping).toContain('同趣旨の意見は');
    const campaignRow = snapshot.rows.find((r) => r.itemNumber === null)!;
    expect([campaignRow.opinionCount, campaignRow.summaries]).toEqual([3, ['バスの目標を維持してほしい']]);
    // Counts stay counts of opinions as received.
    expect(snapshot.counts.opinions).toBe(4);
    const texts = [JSON.stringify(snapshot), resultCsv(snapshot)];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await resultXlsx(snapshot)) as unknown as ArrayBuffer);
    workbook.eachSheet((sheet) => sheet.eachRow((r) => texts.push(JSON.stringify(r.values))));
    const all = texts.join('\n');
    expect(all).not.toContain('090-1234-5678');
    expect(all).toContain('〔個人情報のため削除〕');
    // The rejected span (a name the clerk judged not personal data) stays.
    expect(all).toContain('田中さん');
    expect(all).toContain('同趣旨の意見のまとめ方');
  });
});
