import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { auditLog, consultations, mailOutbox, opinions } from '@/db/schema';
import { getPublicConsultation, listPublicConsultations } from '@/lib/data/consultations';
import { submitComment } from '@/lib/submissions/accept';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';
import { splitOpinion, updateOpinion } from '@/lib/data/triage/opinions';
import { parseCsv } from '@/lib/text/csv';
import { saveItemAmendment } from './amendments';
import { resultCsv, resultXlsx } from './export';
import {
  approveResponse,
  changeGroupMembers,
  createResponseGroup,
  deleteResponseGroup,
  returnResponse,
  saveResponseDraft,
  submitResponse,
} from './groups';
import { publishResults } from './publish';
import { getPublishedResult } from './public';
import type { ResultSnapshot } from '@/db/schema/result-snapshot';
import { getResponseWorkspace } from './workspace';

const AFTER_CLOSE = () => new Date(Date.now() + 60 * 86_400_000);

describe.each(testDrivers())('response summary (実施結果) on %s', (driver) => {
  let handle: DbHandle;
  let reviewer: StaffActor;
  let admin: StaffActor;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    reviewer = await createTestActor(handle.db, 'reviewer');
    admin = await createTestActor(handle.db, 'admin');
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function newCase() {
    const c = await createTestConsultation(handle.db, { items: 3 });
    await ensureDefaultCategories(handle.db, c.id);
    return c;
  }

  async function opinionsOf(consultationId: number) {
    return handle.db.select().from(opinions).where(eq(opinions.consultationId, consultationId)).orderBy(opinions.id);
  }

  /** Classifies an opinion as triage would: summary and category. */
  async function classify(consultationId: number, id: number, summary: string, categoryCode = 'C', extra: Partial<{ spam: boolean; outOfScope: boolean; hidden: boolean; thirdPartyPersonalData: boolean }> = {}) {
    const [row] = await handle.db.select().from(opinions).where(eq(opinions.id, id));
    const result = await updateOpinion(handle.db, reviewer, { consultationId, id, version: row!.version, changes: { summary, categoryCode, status: 'classified', ...extra } });
    expect(result.ok).toBe(true);
  }

  /** Group → draft → submit (reviewer) → approve (admin). */
  async function answer(consultationId: number, itemNumber: number | null, opinionIds: number[], response: string, categoryCode = 'C') {
    const created = await createResponseGroup(handle.db, reviewer, { consultationId, itemNumber, opinionIds });
    if (!created.ok) throw new Error(created.error);
    const drafted = await saveResponseDraft(handle.db, reviewer, { groupId: created.group.id, version: created.group.version, response, categoryCode });
    if (!drafted.ok) throw new Error(drafted.error);
    const submitted = await submitResponse(handle.db, reviewer, { groupId: created.group.id, version: drafted.group.version });
    if (!submitted.ok) throw new Error(submitted.error);
    const approved = await approveResponse(handle.db, admin, { groupId: created.group.id, version: submitted.group.version });
    if (!approved.ok) throw new Error(approved.error);
    return approved.group;
  }

  /** Every text a public reader can get for every version: JSON, CSV and every XLSX cell. */
  async function everyPublicText(slug: string): Promise<string[]> {
    const latest = await getPublishedResult(handle.db, slug);
    const texts: string[] = [];
    for (const v of latest!.versions) {
      const result = await getPublishedResult(handle.db, slug, v.version);
      if (result?.status !== 'published') throw new Error('version not readable');
      texts.push(JSON.stringify(result));
      texts.push(resultCsv(result.snapshot));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await resultXlsx(result.snapshot)) as unknown as ArrayBuffer);
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
    }
    return texts;
  }

  it('four eyes: an admin cannot approve a response they drafted or submitted; another admin can', async () => {
    const c = await newCase();
    await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 2, text: '駐輪場を増やしてください。' }] });
    const [opinion] = await opinionsOf(c.id);
    const otherAdmin = await createTestActor(handle.db, 'admin');
    const created = await createResponseGroup(handle.db, admin, { consultationId: c.id, itemNumber: 2, opinionIds: [opinion!.id] });
    if (!created.ok) throw new Error(created.error);
    const drafted = await saveResponseDraft(handle.db, admin, { groupId: created.group.id, version: created.group.version, response: '検討します。', categoryCode: 'C' });
    if (!drafted.ok) throw new Error(drafted.error);
    const submitted = await submitResponse(handle.db, admin, { groupId: created.group.id, version: drafted.group.version });
    if (!submitted.ok) throw new Error(submitted.error);

    const own = await approveResponse(handle.db, admin, { groupId: created.group.id, version: submitted.group.version });
    expect(own).toMatchObject({ ok: false, error: 'ownWork', current: { status: 'submitted', version: submitted.group.version } });
    const ownView = await getResponseWorkspace(handle.db, admin, c.slug);
    const otherView = await getResponseWorkspace(handle.db, otherAdmin, c.slug);
    const groupIn = (view: typeof ownView) => view!.items.flatMap((i) => i.groups).find((g) => g.id === created.group.id);
    expect(groupIn(ownView)?.ownWork).toBe(true);
    expect(groupIn(otherView)?.ownWork).toBe(false);

    // A reviewer's draft that this admin handed in is the admin's work too.
    const redrafted = await saveResponseDraft(handle.db, reviewer, { groupId: created.group.id, version: submitted.group.version, response: '駐輪場の増設を検討します。', categoryCode: 'C' });
    if (!redrafted.ok) throw new Error(redrafted.error);
    const handedIn = await submitResponse(handle.db, otherAdmin, { groupId: created.group.id, version: redrafted.group.version });
    if (!handedIn.ok) throw new Error(handedIn.error);
    expect(await approveResponse(handle.db, otherAdmin, { groupId: created.group.id, version: handedIn.group.version })).toMatchObject({ ok: false, error: 'ownWork' });
    expect(await approveResponse(handle.db, admin, { groupId: created.group.id, version: handedIn.group.version })).toMatchObject({ ok: true, group: { status: 'approved' } });
  });

  it('a reviewer drafts and submits, an admin approves or returns with a remark; who and when is kept and audited', async () => {
    const c = await newCase();
    await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 1, text: '目標値を上げてください。' }] });
    await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 1, text: '目標値を 上げてください' }] });
    const [a, b] = await opinionsOf(c.id);

    const created = await createResponseGroup(handle.db, reviewer, { consultationId: c.id, itemNumber: 1, opinionIds: [a!.id, b!.id] });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    // An opinion belongs to one group only.
    expect(await createResponseGroup(handle.db, reviewer, { consultationId: c.id, itemNumber: 1, opinionIds: [a!.id] })).toEqual({ ok: false, error: 'alreadyGrouped' });
    // Opinions of another case cannot be taken in.
    const other = await newCase();
    await insertTestSubmission(handle.db, other.id, { texts: [{ itemNumber: 1, text: '別の案件' }] });
    const [foreign] = await opinionsOf(other.id);
    expect(await createResponseGroup(handle.db, reviewer, { consultationId: c.id, itemNumber: 1, opinionIds: [foreign!.id] })).toEqual({ ok: false, error: 'unknownOpinion' });

    const groupId = created.group.id;
    // Nothing to submit yet.
    expect(await submitResponse(handle.db, reviewer, { groupId, version: created.group.version })).toMatchObject({ ok: false, error: 'emptyResponse' });
    expect(await saveResponseDraft(handle.db, reviewer, { groupId, version: created.group.version, response: 'x', categoryCode: 'Z' })).toMatchObject({ ok: false, error: 'unknownCategory' });
    const drafted = await saveResponseDraft(handle.db, reviewer, { groupId, version: created.group.version, response: '目標値は国の推計を基に設定しています。', categoryCode: 'D' });
    expect(drafted).toMatchObject({ ok: true, group: { status: 'draft', version: created.group.version + 1 } });
    if (!drafted.ok) return;
    // A stale version is refused with the current state: no silent overwrite.
    const stale = await saveResponseDraft(handle.db, reviewer, { groupId, version: created.group.version, response: '上書き', categoryCode: 'C' });
    expect(stale).toMatchObject({ ok: false, error: 'conflict', current: { response: '目標値は国の推計を基に設定しています。' } });

    const submitted = await submitResponse(handle.db, reviewer, { groupId, version: drafted.group.version });
    expect(submitted).toMatchObject({ ok: true, group: { status: 'submitted' } });
    if (!submitted.ok) return;
    // A reviewer cannot approve, return or publish: checked here, in the data layer.
    await expect(approveResponse(handle.db, reviewer, { groupId, version: submitted.group.version })).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(returnResponse(handle.db, reviewer, { groupId, version: submitted.group.version, remark: 'x' })).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(publishResults(handle.db, reviewer, { consultationId: c.id }, null, AFTER_CLOSE())).rejects.toBeInstanceOf(StaffAccessDenied);

    expect(await returnResponse(handle.db, admin, { groupId, version: submitted.group.version, remark: '  ' })).toEqual({ ok: false, error: 'emptyRemark' });
    const returned = await returnResponse(handle.db, admin, { groupId, version: submitted.group.version, remark: '根拠の資料名を書いてください。' });
    expect(returned).toMatchObject({ ok: true, group: { status: 'returned', returnRemark: '根拠の資料名を書いてください。' } });
    if (!returned.ok) return;
    // Returned: cannot be approved until submitted again.
    expect(await approveResponse(handle.db, admin, { groupId, version: returned.group.version })).toMatchObject({ ok: false, error: 'invalidState' });
    const resubmitted = await submitResponse(handle.db, reviewer, { groupId, version: returned.group.version });
    if (!resubmitted.ok) throw new Error(resubmitted.error);
    const approved = await approveResponse(handle.db, admin, { groupId, version: resubmitted.group.version });
    expect(approved).toMatchObject({ ok: true, group: { status: 'approved', returnRemark: null } });

    const [row] = await queryRows<Record<string, unknown>>(handle.db, sql`select * from response_groups where id = ${groupId}`);
    expect(row).toMatchObject({ drafted_by: reviewer.id, submitted_by: reviewer.id, approved_by: admin.id, returned_by: admin.id });
    expect(row!.approved_at).toBeTruthy();
    expect(row!.returned_at).toBeTruthy();
    // The opinions follow: approved in the triage status too.
    expect((await opinionsOf(c.id)).map((o) => o.status)).toEqual(['approved', 'approved']);

    const audit = await handle.db
      .select({ action: auditLog.action, actorId: auditLog.actorId, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'response_group'), eq(auditLog.targetId, String(groupId))))
      .orderBy(auditLog.id);
    expect(audit.map((e) => e.action)).toEqual([
      'response_group.created',
      'response_group.drafted',
      'response_group.submitted',
      'response_group.returned',
      'response_group.submitted',
      'response_group.approved',
    ]);
    expect(audit[3]).toMatchObject({ actorId: admin.id, before: { status: 'submitted' }, after: { status: 'returned' } });

    // Changing the members of an approved group sends it back to draft.
    if (!approved.ok) return;
    const changed = await changeGroupMembers(handle.db, reviewer, { groupId, version: approved.group.version, remove: [b!.id] });
    expect(changed).toMatchObject({ ok: true, group: { status: 'draft' } });
    expect((await opinionsOf(c.id)).map((o) => o.status)).toEqual(['drafted', 'classified']);
    if (!changed.ok) return;
    expect(await deleteResponseGroup(handle.db, reviewer, { groupId, version: changed.group.version })).toMatchObject({ ok: true });
    expect(await createResponseGroup(handle.db, reviewer, { consultationId: c.id, itemNumber: 1, opinionIds: [a!.id, b!.id] })).toMatchObject({ ok: true });
  });

  it('publishes only after the period closes, for admins, when every counted opinion has an approved response', async () => {
    const c = await newCase();
    await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 2, text: '意見です。' }] });
    const [o] = await opinionsOf(c.id);
    expect(await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE())).toEqual({ ok: false, error: 'unanswered', count: 1 });
    const group = await createResponseGroup(handle.db, reviewer, { consultationId: c.id, itemNumber: 2, opinionIds: [o!.id] });
    if (!group.ok) throw new Error(group.error);
    const drafted = await saveResponseDraft(handle.db, reviewer, { groupId: group.group.id, version: group.group.version, response: '回答', categoryCode: 'E' });
    const submitted = await submitResponse(handle.db, reviewer, { groupId: group.group.id, version: drafted.ok ? drafted.group.version : 0 });
    // Submitted but not approved: still not publishable.
    expect(await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE())).toEqual({ ok: false, error: 'unanswered', count: 1 });
    await approveResponse(handle.db, admin, { groupId: group.group.id, version: submitted.ok ? submitted.group.version : 0 });
    // No summary written yet.
    expect(await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE())).toEqual({ ok: false, error: 'missingSummary', count: 1 });
    await classify(c.id, o!.id, '意見の概要');
    // The period is still open.
    expect(await publishResults(handle.db, admin, { consultationId: c.id })).toMatchObject({ ok: false, error: 'notClosed' });
    expect((await getPublishedResult(handle.db, c.slug))?.status).toBe('unpublished');
    // Closed: publishes version 1, audited.
    await handle.db.update(consultations).set({ closesAt: new Date(Date.now() - 1000), opensAt: new Date(Date.now() - 86_400_000) }).where(eq(consultations.id, c.id));
    const published = await publishResults(handle.db, admin, { consultationId: c.id });
    expect(published).toMatchObject({ ok: true, version: 1 });
    const [entry] = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'result.published'), eq(auditLog.targetId, String(c.id))));
    expect(entry).toMatchObject({ actorId: admin.id, after: { version: 1, opinions: 1, submitters: 1 } });
  });

  it('canary: no name, address, e-mail or full text reaches any public JSON, CSV or XLSX of any version', async () => {
    const c = await newCase();
    const canary = {
      name: '鐘楼院 唯一郎',
      address: '伊勢崎市カナリア町九丁目八七六番地',
      email: 'canary-7f3a9c@example.jp',
      sentence: 'この一文はカナリア七三九の全文にだけ書かれています。',
    };
    const thirdParty = '隣家の田中一郎氏（電話090-1234-5678）が迷惑です。';
    const submissionId = await insertTestSubmission(handle.db, c.id, {
      texts: [{ itemNumber: 1, text: `公園を増やしてほしい。${canary.sentence}` }, { itemNumber: null, text: thirdParty }],
      name: canary.name,
      email: canary.email,
    });
    await handle.db.execute(sql`update submissions set submitter_address = ${canary.address} where id = ${submissionId}`);
    const spamId = await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 2, text: '広告スパム http://spam.example' }] });
    const [first, third, spam] = await opinionsOf(c.id);
    expect(spam!.submissionId).toBe(spamId);
    // Split the first into two opinions (triage), classify, flag the third party's data and the spam.
    const split = await splitOpinion(handle.db, reviewer, { consultationId: c.id, id: first!.id, version: first!.version, pieces: ['公園を増やしてほしい。', canary.sentence] });
    if (!split.ok) throw new Error(split.error);
    const [park, sentence] = split.opinions;
    await classify(c.id, park!.id, '公園の増設を求める意見', 'C');
    await classify(c.id, sentence!.id, '全文にのみある一文（概要）', 'E');
    await classify(c.id, third!.id, '近隣住民に関する苦情（個人情報を含むため概要のみ掲載）', 'E', { thirdPartyPersonalData: true });
    await classify(c.id, spam!.id, '', 'E', { spam: true });

    await answer(c.id, 1, [park!.id, sentence!.id], '公園の整備は今後の参考とします。', 'C');
    await answer(c.id, null, [third!.id], '個別の事案には回答を差し控えます。', 'E');
    const v1 = await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE());
    expect(v1).toMatchObject({ ok: true, version: 1 });
    const v2 = await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE());
    expect(v2).toMatchObject({ ok: true, version: 2 });

    const texts = await everyPublicText(c.slug);
    const everything = texts.join('\n');
    expect(everything).toContain('公園の増設を求める意見');
    expect(everything).toContain('近隣住民に関する苦情');
    for (const secret of [canary.name, canary.address, canary.email, canary.sentence, thirdParty, '090-1234-5678', '田中一郎', '広告スパム', 'hanako@example.jp']) {
      expect(everything, secret).not.toContain(secret);
    }
    // The spam opinion is neither counted nor shown.
    const result = await getPublishedResult(handle.db, c.slug);
    if (result?.status !== 'published') throw new Error('not published');
    expect(result.snapshot.counts).toMatchObject({ submitters: 1, opinions: 3 });
  });

  it('canary, as a property (fast-check): no public JSON, CSV, XLSX or receipt mail holds any personal value of any generated submission', async () => {
    const kana = fc.stringMatching(/^[ぁ-ゖ]{5,10}$/);
    const submission = fc.record({
      name: kana.map((k) => `鐘${k}`),
      address: kana.map((k) => `伊勢崎市${k}町`),
      email: fc.stringMatching(/^[a-z0-9]{6,12}$/).map((local) => `cn-${local}@example.jp`),
      texts: fc.array(fc.record({ itemNumber: fc.constantFrom(1, 2, 3, null), text: kana.map((k) => `本文${k}です。`) }), { minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(submission, { minLength: 1, maxLength: 3 }), async (generated) => {
        const c = await newCase();
        for (const s of generated) {
          const comment = { submitter: { name: s.name, address: s.address, category: '市内在住', email: s.email }, opinions: s.texts, consent: true };
          const stored = await submitComment(handle.db, c.slug, comment, { ipHash: `ip-${randomUUID()}`, idempotencyKey: `key-${randomUUID()}` });
          if (!stored.ok) throw new Error(stored.error);
        }
        const all = await opinionsOf(c.id);
        for (const o of all) await classify(c.id, o.id, `意見の概要 ${o.id}`);
        for (const item of new Set(all.map((o) => o.itemNumber))) {
          await answer(c.id, item, all.filter((o) => o.itemNumber === item).map((o) => o.id), '今後の参考とします。');
        }
        const published = await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE());
        if (!published.ok) throw new Error(published.error);
        const mails = await handle.db.select({ subject: mailOutbox.subject, body: mailOutbox.body }).from(mailOutbox).where(inArray(mailOutbox.recipient, generated.map((s) => s.email)));
        expect(mails).toHaveLength(generated.length);
        const everything = [
          ...(await everyPublicText(c.slug)),
          JSON.stringify(await getPublicConsultation(handle.db, c.slug)),
          JSON.stringify(await listPublicConsultations(handle.db)),
          ...mails.map((m) => `${m.subject}\n${m.body}`),
        ].join('\n');
        for (const s of generated) {
          for (const secret of [s.name, s.address, s.email, ...s.texts.map((t) => t.text)]) expect(everything, secret).not.toContain(secret);
        }
      }),
      { numRuns: 6 },
    );
  });

  it('counts on the result equal the counts computed from its rows and from the opinions themselves', async () => {
    const c = await newCase();
    const channels = ['web', 'post', 'fax', 'email', 'in_person', 'web', 'post'] as const;
    for (const [i, channel] of channels.entries()) {
      await insertTestSubmission(handle.db, c.id, {
        channel,
        texts: [
          { itemNumber: (i % 3) + 1, text: `項目${(i % 3) + 1}への意見${i}` },
          ...(i % 2 === 0 ? [{ itemNumber: null, text: `全体への意見${i}` }] : []),
        ],
      });
    }
    const all = await opinionsOf(c.id);
    const categories = ['A', 'B', 'C', 'D', 'E'];
    for (const [i, o] of all.entries()) await classify(c.id, o.id, `概要${i % 4}`, categories[i % 5]!, i === 3 ? { outOfScope: true } : i === 5 ? { hidden: true } : {});
    const counted = (await opinionsOf(c.id)).filter((o) => !o.outOfScope && !o.hidden && !o.spam);
    const byItem = new Map<number | null, number[]>();
    for (const o of counted) byItem.set(o.itemNumber, [...(byItem.get(o.itemNumber) ?? []), o.id]);
    let k = 0;
    for (const [itemNumber, ids] of byItem) {
      // Two groups per item where possible, with different categories.
      const half = Math.ceil(ids.length / 2);
      await answer(c.id, itemNumber, ids.slice(0, half), `回答${k}`, categories[k++ % 5]!);
      if (ids.length > half) await answer(c.id, itemNumber, ids.slice(half), `回答${k}`, categories[k++ % 5]!);
    }
    const published = await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE());
    expect(published.ok).toBe(true);
    const result = await getPublishedResult(handle.db, c.slug);
    if (result?.status !== 'published') throw new Error('not published');
    const s: ResultSnapshot = result.snapshot;

    // From the rows of the table.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(s.counts.opinions).toBe(sum(s.rows.map((r) => r.opinionCount)));
    const itemsFromRows = new Map<number | null, number>();
    const categoriesFromRows = new Map<string, number>();
    for (const r of s.rows) {
      itemsFromRows.set(r.itemNumber, (itemsFromRows.get(r.itemNumber) ?? 0) + r.opinionCount);
      categoriesFromRows.set(r.categoryCode, (categoriesFromRows.get(r.categoryCode) ?? 0) + r.opinionCount);
    }
    expect(new Map(s.counts.byItem.map((i) => [i.itemNumber, i.opinions]))).toEqual(itemsFromRows);
    expect(new Map(s.counts.byCategory.map((i) => [i.code, i.opinions]))).toEqual(categoriesFromRows);
    // Rows are ordered by item (全体について first) and numbered from 1.
    expect(s.rows.map((r) => r.no)).toEqual(s.rows.map((_, i) => i + 1));
    const order = s.rows.map((r) => r.itemNumber ?? 0);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // From the opinions, independently of the publishing code.
    expect(s.counts.opinions).toBe(counted.length);
    expect(s.counts.submitters).toBe(new Set(counted.map((o) => o.submissionId)).size);
    const channelCounts = new Map<string, { submitters: Set<number>; opinions: number }>();
    for (const o of counted) {
      const entry = channelCounts.get(o.channel) ?? { submitters: new Set(), opinions: 0 };
      entry.submitters.add(o.submissionId);
      entry.opinions += 1;
      channelCounts.set(o.channel, entry);
    }
    expect(new Map(s.counts.byChannel.map((x) => [x.channel, { submitters: x.submitters, opinions: x.opinions }]))).toEqual(
      new Map([...channelCounts].map(([ch, v]) => [ch, { submitters: v.submitters.size, opinions: v.opinions }])),
    );

    // The CSV holds the same rows.
    const csv = parseCsv(resultCsv(s));
    expect(csv.length).toBe(s.rows.length + 1);
    expect(csv.slice(1).map((r) => Number(r[4]))).toEqual(s.rows.map((r) => r.opinionCount));
  });

  it('snapshots: edits after publishing change nothing public until republished; earlier versions stay readable', async () => {
    const c = await newCase();
    await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 3, text: '交通の便を良くしてほしい' }] });
    const [o] = await opinionsOf(c.id);
    await classify(c.id, o!.id, '交通の改善');
    const group = await answer(c.id, 3, [o!.id], '最初の回答', 'C');
    const noAmendment = await saveItemAmendment(handle.db, reviewer, { consultationId: c.id, itemNumber: 3, version: 0, changed: true, amendedText: '  ', note: '' });
    expect(noAmendment).toEqual({ ok: false, error: 'emptyText' });
    const amendment = await saveItemAmendment(handle.db, reviewer, { consultationId: c.id, itemNumber: 3, version: 0, changed: false, amendedText: '', note: '' });
    expect(amendment).toMatchObject({ ok: true, amendment: { version: 1, changed: false } });
    await publishResults(handle.db, admin, { consultationId: c.id }, null, new Date('2099-01-01T00:00:00Z'));
    const v1 = await getPublishedResult(handle.db, c.slug);

    // Edit the response (it goes back to draft) and the amendment; the public result is unchanged.
    const edited = await saveResponseDraft(handle.db, reviewer, { groupId: group.id, version: group.version, response: '改めた回答', categoryCode: 'A' });
    if (!edited.ok) throw new Error(edited.error);
    expect(await saveItemAmendment(handle.db, reviewer, { consultationId: c.id, itemNumber: 3, version: 0, changed: true, amendedText: 'x', note: '' })).toMatchObject({ ok: false, error: 'conflict' });
    await saveItemAmendment(handle.db, reviewer, { consultationId: c.id, itemNumber: 3, version: 1, changed: true, amendedText: '公共交通を充実させます。', note: '意見を受けて追記' });
    expect(await getPublishedResult(handle.db, c.slug)).toEqual(v1);
    // A draft cannot be published: the edited group must be approved again.
    expect(await publishResults(handle.db, admin, { consultationId: c.id }, null, AFTER_CLOSE())).toEqual({ ok: false, error: 'unanswered', count: 1 });
    const submitted = await submitResponse(handle.db, reviewer, { groupId: group.id, version: edited.group.version });
    if (!submitted.ok) throw new Error(submitted.error);
    await approveResponse(handle.db, admin, { groupId: group.id, version: submitted.group.version });
    expect(await getPublishedResult(handle.db, c.slug)).toEqual(v1);

    await publishResults(handle.db, admin, { consultationId: c.id }, null, new Date('2099-02-01T00:00:00Z'));
    const latest = await getPublishedResult(handle.db, c.slug);
    if (latest?.status !== 'published' || v1?.status !== 'published') throw new Error('not published');
    expect(latest.snapshot.header.version).toBe(2);
    expect(latest.snapshot.rows[0]).toMatchObject({ response: '改めた回答', categoryCode: 'A' });
    expect(latest.snapshot.amendments).toEqual([
      { itemNumber: 3, heading: '数値目標', changed: true, afterText: '', amendedText: '公共交通を充実させます。', note: '意見を受けて追記' },
    ]);
    expect(latest.versions).toEqual([
      { version: 2, publishedAt: '2099-02-01T00:00:00.000Z' },
      { version: 1, publishedAt: '2099-01-01T00:00:00.000Z' },
    ]);
    const old = await getPublishedResult(handle.db, c.slug, 1);
    if (old?.status !== 'published') throw new Error('version 1 not readable');
    expect(old.snapshot).toEqual(v1.snapshot);
    expect(old.snapshot.rows[0]).toMatchObject({ response: '最初の回答', categoryCode: 'C' });
    expect(old.snapshot.header.publishedAt).toBe('2099-01-01T00:00:00.000Z');
    expect((await getPublishedResult(handle.db, c.slug, 9))?.status).toBe('unpublished');
  });
});
