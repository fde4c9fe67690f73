import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { auditLog, opinions, submissionOpinions } from '@/db/schema';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission, opinionsOfSubmission } from '@/lib/testing/triage-fixtures';
import { parseCsv } from '@/lib/text/csv';
import { parseInboxFilters } from '@/lib/validation/triage';
import { DEFAULT_COMMENT_FORM_SETTINGS } from '@/db/schema/comment-form-settings';
import { submitComment } from '@/lib/submissions/accept';
import { listAuditLog } from './audit-log';
import { deleteCategory, listCategories, saveCategory } from './categories';
import { codePoints } from './coverage';
import { exportCsv, exportOpinions, exportXlsx } from './export';
import { getConsultationForTriage, listInbox } from './inbox';
import { bulkUpdateOpinions, splitOpinion, updateOpinion } from './opinions';
import { enterPaperSubmission } from './paper';
import { getSubmissionForTriage } from './submission';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
resetEnvForTests();

const LETTER = '年少人口の目標値の根拠を示してください。𠮷田町の公園整備も進めてほしいです。全体として分かりやすくなりました。';

describe.each(testDrivers())('triage on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  let reviewer: StaffActor;
  let reviewer2: StaffActor;
  let consultation: { id: number; slug: string; closesAt: Date };

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(handle.db, 'admin');
    reviewer = await createTestActor(handle.db, 'reviewer');
    reviewer2 = await createTestActor(handle.db, 'reviewer');
    consultation = await createTestConsultation(handle.db, { items: 5 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const auditFor = async (targetType: string, targetId: string | number) =>
    handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, String(targetId))))
      .orderBy(asc(auditLog.id));

  it('a web submission arrives with one opinion per text it sent, holding the whole text', async () => {
    const result = await submitComment(handle.db, consultation.slug, validComment(), { ipHash: `ip-${randomUUID()}`, idempotencyKey: `key-${randomUUID()}` });
    expect(result.ok).toBe(true);
    const [source] = await handle.db.select().from(submissionOpinions).orderBy(asc(submissionOpinions.id)).limit(1);
    const pieces = await opinionsOfSubmission(handle.db, source!.submissionId);
    expect(pieces.map((p) => [p.itemNumber, p.text, p.startOffset, p.status])).toEqual([
      [2, '年少人口の目標値の根拠を示してください。', 0, 'new'],
      [null, '全体として分かりやすくなったと思います。', 0, 'new'],
    ]);
  });

  it('splitting keeps every character of the original exactly once, and audits it', async () => {
    const submissionId = await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: LETTER }] });
    const [whole] = await opinionsOfSubmission(handle.db, submissionId);
    const pieces = ['年少人口の目標値の根拠を示してください。', '𠮷田町の公園整備も進めてほしいです。', '全体として分かりやすくなりました。'];
    const result = await splitOpinion(handle.db, reviewer, { consultationId: consultation.id, id: whole!.id, version: whole!.version, pieces });
    expect(result.ok).toBe(true);

    const stored = await opinionsOfSubmission(handle.db, submissionId);
    expect(stored.map((o) => o.text)).toEqual(pieces);
    expect(stored[0]!.id).toBe(whole!.id);
    // Each character position of the source is covered by exactly one opinion, and the
    // opinion's text is exactly the source's characters at its offsets.
    const chars = codePoints(LETTER);
    const cover = new Array<number>(chars.length).fill(0);
    for (const o of stored) {
      expect(chars.slice(o.startOffset, o.endOffset).join('')).toBe(o.text);
      for (let i = o.startOffset; i < o.endOffset; i++) cover[i]! += 1;
    }
    expect(cover.every((n) => n === 1)).toBe(true);

    const view = await getSubmissionForTriage(handle.db, reviewer, consultation, submissionId);
    expect(view!.sources[0]!.uncovered).toBe(0);
    // M6: opening the submitter block is a read of personal data, audited per view.
    expect(view!.submitter).not.toBeNull();
    expect((await auditFor('submission', submissionId)).map((a) => [a.action, a.actorId])).toEqual([['personal_data.read', reviewer.id]]);
    const audit = await auditFor('opinion', whole!.id);
    expect(audit.map((a) => a.action)).toEqual(['opinion.split']);
    expect(audit[0]!.actorId).toBe(reviewer.id);
    expect(audit[0]!.after).toEqual({ pieces: stored.map((o) => ({ id: o.id, startOffset: o.startOffset, endOffset: o.endOffset })) });
  });

  it('a split that drops characters is refused, says what was left out, and writes nothing', async () => {
    const submissionId = await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: 1, text: LETTER }] });
    const [whole] = await opinionsOfSubmission(handle.db, submissionId);
    const result = await splitOpinion(handle.db, reviewer, {
      consultationId: consultation.id,
      id: whole!.id,
      version: whole!.version,
      pieces: ['年少人口の目標値の根拠を示してください。', '全体として分かりやすくなりました。'],
    });
    expect(result).toEqual({ ok: false, error: 'coverage', problems: [{ kind: 'missing', at: 20, text: '𠮷田町の公園整備も進めてほしいです。' }] });
    expect((await opinionsOfSubmission(handle.db, submissionId)).map((o) => [o.text, o.version])).toEqual([[LETTER, 1]]);
    expect(await auditFor('opinion', whole!.id)).toEqual([]);
  });

  it('re-assigns an opinion to another item or to the case as a whole; an unknown item is refused', async () => {
    const submissionId = await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: 1, text: '項目1についての意見です。' }] });
    const [o] = await opinionsOfSubmission(handle.db, submissionId);
    const moved = await updateOpinion(handle.db, reviewer, { consultationId: consultation.id, id: o!.id, version: 1, changes: { itemNumber: 3 } });
    expect(moved).toMatchObject({ ok: true, opinion: { itemNumber: 3, version: 2 } });
    const whole = await updateOpinion(handle.db, reviewer, { consultationId: consultation.id, id: o!.id, version: 2, changes: { itemNumber: null } });
    expect(whole).toMatchObject({ ok: true, opinion: { itemNumber: null, version: 3 } });
    expect(await updateOpinion(handle.db, reviewer, { consultationId: consultation.id, id: o!.id, version: 3, changes: { itemNumber: 99 } })).toEqual({
      ok: false,
      error: 'invalid',
      field: 'itemNumber',
    });
    const audit = await auditFor('opinion', o!.id);
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ['opinion.updated', { itemNumber: 1, version: 1 }, { itemNumber: 3, version: 2 }],
      ['opinion.updated', { itemNumber: 3, version: 2 }, { itemNumber: null, version: 3 }],
    ]);
    // The text the resident sent is never changed by triage.
    const [source] = await handle.db.select().from(submissionOpinions).where(eq(submissionOpinions.submissionId, submissionId));
    expect(source!.itemNumber).toBe(1);
  });

  it('when two staff save the same opinion, the second gets a conflict with the first one\'s change', async () => {
    const submissionId = await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: 2, text: '目標値の根拠が分かりません。' }] });
    const [o] = await opinionsOfSubmission(handle.db, submissionId);
    const first = await updateOpinion(handle.db, reviewer, { consultationId: consultation.id, id: o!.id, version: 1, changes: { categoryCode: 'C', summary: '根拠を示すべき' } });
    expect(first.ok).toBe(true);
    const second = await updateOpinion(handle.db, reviewer2, { consultationId: consultation.id, id: o!.id, version: 1, changes: { categoryCode: 'D' } });
    expect(second).toMatchObject({ ok: false, error: 'conflict', updatedByName: reviewer.name, current: { categoryCode: 'C', summary: '根拠を示すべき', version: 2, updatedBy: reviewer.id } });
    const [row] = await handle.db.select().from(opinions).where(eq(opinions.id, o!.id));
    expect([row!.categoryCode, row!.version]).toEqual(['C', 2]);
    expect((await auditFor('opinion', o!.id)).map((a) => a.actorId)).toEqual([reviewer.id]);
    // A split from a stale version is refused the same way.
    expect(await splitOpinion(handle.db, reviewer2, { consultationId: consultation.id, id: o!.id, version: 1, pieces: ['目標値の', '根拠が分かりません。'] })).toMatchObject({
      ok: false,
      error: 'conflict',
    });
  });

  it('bulk changes are all or nothing, with one audit row per opinion', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const s = await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: 4, text: `まとめて分類する意見${i}` }] });
      ids.push((await opinionsOfSubmission(handle.db, s))[0]!.id);
    }
    await updateOpinion(handle.db, reviewer2, { consultationId: consultation.id, id: ids[2]!, version: 1, changes: { summary: '先に編集' } });
    const stale = await bulkUpdateOpinions(handle.db, reviewer, {
      consultationId: consultation.id,
      selections: ids.map((id) => ({ id, version: 1 })),
      change: { categoryCode: 'B', status: 'classified' },
    });
    expect(stale).toEqual({ ok: false, error: 'conflict', conflicts: [{ id: ids[2], version: 2 }] });
    const untouched = await handle.db.select().from(opinions).where(inArray(opinions.id, ids));
    expect(untouched.every((o) => o.categoryCode === null)).toBe(true);

    const done = await bulkUpdateOpinions(handle.db, reviewer, {
      consultationId: consultation.id,
      selections: ids.map((id, i) => ({ id, version: i === 2 ? 2 : 1 })),
      change: { categoryCode: 'B', status: 'classified', department: '企画調整課', flag: 'spam', moderationReason: '宣伝' },
    });
    expect(done).toEqual({ ok: true, updated: 3 });
    for (const id of ids) {
      const audit = await auditFor('opinion', id);
      const bulk = audit.filter((a) => a.action === 'opinion.bulk_updated');
      expect(bulk).toHaveLength(1);
      expect(bulk[0]!.after).toMatchObject({ categoryCode: 'B', status: 'classified', department: '企画調整課', spam: true, moderationReason: '宣伝' });
      expect(bulk[0]!.before).toMatchObject({ categoryCode: null, status: 'new', spam: false });
    }
    const unknown = await bulkUpdateOpinions(handle.db, reviewer, { consultationId: consultation.id, selections: [{ id: ids[0]!, version: 2 }], change: { categoryCode: 'Z' } });
    expect(unknown).toEqual({ ok: false, error: 'invalid', field: 'categoryCode' });
  });

  it('a bulk flag with no reason typed keeps each opinion its own reason; a campaign classified as 未分類 clears the category', async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const s = await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: 3, text: `理由を残す意見${i}` }] });
      ids.push((await opinionsOfSubmission(handle.db, s))[0]!.id);
    }
    await updateOpinion(handle.db, reviewer, { consultationId: consultation.id, id: ids[0]!, version: 1, changes: { thirdPartyPersonalData: true, moderationReason: '氏名が書かれているため', categoryCode: 'B' } });
    const flagged = await bulkUpdateOpinions(handle.db, reviewer, {
      consultationId: consultation.id,
      selections: [{ id: ids[0]!, version: 2 }, { id: ids[1]!, version: 1 }],
      change: { flag: 'hidden', moderationReason: '' },
    });
    expect(flagged).toEqual({ ok: true, updated: 2 });
    const rows = await handle.db.select().from(opinions).where(inArray(opinions.id, ids)).orderBy(asc(opinions.id));
    expect(rows.map((o) => [o.hidden, o.thirdPartyPersonalData, o.moderationReason])).toEqual([
      [true, true, '氏名が書かれているため'],
      [true, false, null],
    ]);
    // What the campaign form sends for 対応区分 未分類: null, written to every member.
    const cleared = await bulkUpdateOpinions(handle.db, reviewer, {
      consultationId: consultation.id,
      selections: [{ id: ids[0]!, version: 3 }, { id: ids[1]!, version: 2 }],
      change: { itemNumber: null, summary: '同趣旨', categoryCode: null, status: 'classified' },
    });
    expect(cleared).toEqual({ ok: true, updated: 2 });
    const after = await handle.db.select().from(opinions).where(inArray(opinions.id, ids)).orderBy(asc(opinions.id));
    expect(after.map((o) => [o.categoryCode, o.itemNumber, o.summary, o.moderationReason])).toEqual([
      [null, null, '同趣旨', '氏名が書かれているため'],
      [null, null, '同趣旨', null],
    ]);
  });

  it('a reviewer cannot do admin-only things (categories, the audit log), checked in the data layer', async () => {
    await expect(saveCategory(handle.db, reviewer, { consultationId: consultation.id, code: 'F', label: '勝手な区分', position: 9 })).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(deleteCategory(handle.db, reviewer, { consultationId: consultation.id, code: 'E' })).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(listAuditLog(handle.db, reviewer, {})).rejects.toBeInstanceOf(StaffAccessDenied);
    expect((await listCategories(handle.db, reviewer, consultation.id)).map((c) => c.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('admins configure the categories per consultation, audited; a category in use cannot be deleted', async () => {
    const other = await createTestConsultation(handle.db, { items: 1 });
    expect((await listCategories(handle.db, admin, other.id)).map((c) => `${c.code} ${c.label}`)).toEqual([
      'A 意見を反映し修正する',
      'B 既に盛り込み済み',
      'C 今後の参考とする',
      'D 反映できない',
      'E その他（質問・感想等）',
    ]);
    expect(await saveCategory(handle.db, admin, { consultationId: other.id, code: 'F', label: '要望', position: 5 })).toEqual({ ok: true });
    expect(await saveCategory(handle.db, admin, { consultationId: other.id, code: 'E', label: '質問', position: 4 })).toEqual({ ok: true });
    expect(await deleteCategory(handle.db, admin, { consultationId: other.id, code: 'D' })).toEqual({ ok: true });
    expect((await listCategories(handle.db, admin, other.id)).map((c) => `${c.code} ${c.label}`)).toEqual([
      'A 意見を反映し修正する',
      'B 既に盛り込み済み',
      'C 今後の参考とする',
      'E 質問',
      'F 要望',
    ]);
    // The first consultation's list is its own.
    expect((await listCategories(handle.db, admin, consultation.id)).map((c) => c.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await deleteCategory(handle.db, admin, { consultationId: consultation.id, code: 'B' })).toEqual({ ok: false, error: 'inUse' });
    expect((await auditFor('handling_category', `${other.id}:E`)).map((a) => [a.action, a.before, a.after])).toEqual([
      ['category.updated', { label: 'その他（質問・感想等）', position: 4 }, { label: '質問', position: 4 }],
    ]);
    expect((await auditFor('handling_category', `${other.id}:D`)).map((a) => a.action)).toEqual(['category.deleted']);
    const log = await listAuditLog(handle.db, admin, { action: 'category.', actor: admin.email });
    expect(log.rows.map((r) => r.action).sort()).toEqual(['category.added', 'category.deleted', 'category.updated']);
  });

  it('paper submissions use the web form\'s validation; one after the deadline is stored and flagged late', async () => {
    const closed = await createTestConsultation(handle.db, { opensAt: new Date('2025-01-06T00:00:00+09:00'), closesAt: new Date('2025-02-05T00:00:00+09:00'), items: 3 });
    const target = { id: closed.id, closesAt: closed.closesAt, settings: DEFAULT_COMMENT_FORM_SETTINGS, itemNumbers: [1, 2, 3] };
    const invalid = await enterPaperSubmission(handle.db, reviewer, target, {
      channel: 'post',
      receivedOn: '2025-01-20',
      comment: { submitter: { name: '', address: '伊勢崎市', category: '市内在住' }, opinions: [{ itemNumber: 7, text: '意見' }], consent: true },
    });
    expect(invalid).toEqual({ ok: false, error: 'validation', fields: { 'submitter.name': 'nameRequired', 'opinions.0.itemNumber': 'itemUnknown' } });

    const comment = { submitter: { name: '郵送 次郎', address: '伊勢崎市曲輪町', category: '市内在住' }, opinions: [{ itemNumber: 2, text: 'FAXで送ります。' }], consent: true };
    const onTime = await enterPaperSubmission(handle.db, reviewer, target, { channel: 'fax', receivedOn: '2025-02-04', comment });
    const late = await enterPaperSubmission(handle.db, reviewer, target, { channel: 'post', receivedOn: '2025-02-05', comment });
    expect(onTime).toMatchObject({ ok: true, late: false });
    expect(late).toMatchObject({ ok: true, late: true });
    if (!late.ok || !onTime.ok) return;
    const view = await getSubmissionForTriage(handle.db, reviewer, closed, late.submissionId);
    expect(view).toMatchObject({ channel: 'post', late: true, submitter: { name: '郵送 次郎' } });
    expect(view!.sources[0]!.opinions.map((o) => o.text)).toEqual(['FAXで送ります。']);
    const audit = await auditFor('submission', late.submissionId);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['submission.entered', reviewer.id],
      ['personal_data.read', reviewer.id],
    ]);
    expect(JSON.stringify(audit[0]!.after)).not.toContain('郵送 次郎');
    const inbox = await listInbox(handle.db, reviewer, closed, parseInboxFilters({ channel: 'post' }));
    expect(inbox.rows.map((r) => [r.submissionId, r.late])).toEqual([[late.submissionId, true]]);
  });

  it('the counts kept by triggers equal counts computed from the rows, after splits, bulk changes, moderation and deletes', async () => {
    // Every earlier test wrote to this consultation; delete one submission too.
    const [victim] = await handle.db.select({ id: opinions.submissionId }).from(opinions).where(eq(opinions.consultationId, consultation.id)).limit(1);
    await handle.db.execute(sql`delete from submissions where id = ${victim!.id}`);
    const rows = await handle.db.select().from(opinions).where(eq(opinions.consultationId, consultation.id));
    const counted = rows.filter((r) => !r.spam && !r.outOfScope && !r.hidden);
    const tally = <K,>(values: K[]) => [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<K, number>())];
    const page = await listInbox(handle.db, reviewer, consultation, parseInboxFilters({}));
    const [submissionsCount] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from submissions where consultation_id = ${consultation.id}`);
    expect(page.counts.submissions).toBe(submissionsCount!.n);
    expect(page.counts.opinions).toBe(rows.length);
    expect(page.counts.counted).toBe(counted.length);
    expect(page.counts.excluded).toBe(rows.length - counted.length);
    expect(page.counts.excluded).toBeGreaterThan(0);
    expect(new Map(page.counts.byItem.map((r) => [r.itemNumber, r.count]))).toEqual(new Map(tally(counted.map((r) => r.itemNumber))));
    expect(new Map(page.counts.byCategory.map((r) => [r.categoryCode, r.count]))).toEqual(new Map(tally(counted.map((r) => r.categoryCode))));
    expect(new Map(page.counts.byStatus.map((r) => [r.status, r.count]))).toEqual(new Map(tally(counted.map((r) => r.status))));
  });

  describe('inbox and exports', () => {
    let c: { id: number; slug: string; closesAt: Date };
    beforeAll(async () => {
      c = await createTestConsultation(handle.db, { items: 3 });
      const day = (d: number) => new Date(`2025-03-${String(d).padStart(2, '0')}T10:00:00+09:00`);
      const rows: [number | null, string, 'web' | 'post' | 'fax', number][] = [
        [1, '公園の遊具を増やしてほしい。', 'web', 1],
        [1, '子育て支援の拡充を望みます。', 'post', 2],
        [2, '公園の"トイレ",を清潔に\n保ってください。', 'fax', 3],
        [null, '全体として読みやすい。', 'web', 4],
        [3, '【広告】格安で買えます', 'web', 5],
      ];
      for (const [itemNumber, text, channel, d] of rows) {
        await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber, text }], channel, receivedAt: day(d), name: `提出者${d}` });
      }
    });

    const all = async (filters: Record<string, string> = {}) => listInbox(handle.db, reviewer, c, parseInboxFilters(filters));
    const byText = (text: string) => handle.db.select().from(opinions).where(and(eq(opinions.consultationId, c.id), eq(opinions.text, text)));

    it('filters by item, channel, date and Japanese words; counts exclude moderated opinions', async () => {
      const [spam] = await byText('【広告】格安で買えます');
      await updateOpinion(handle.db, reviewer, { consultationId: c.id, id: spam!.id, version: 1, changes: { spam: true, moderationReason: '広告' } });
      const [park] = await byText('公園の遊具を増やしてほしい。');
      await updateOpinion(handle.db, reviewer, { consultationId: c.id, id: park!.id, version: 1, changes: { categoryCode: 'C', status: 'classified' } });

      const page = await all();
      expect(page.rows.map((r) => r.text)).toEqual([
        '【広告】格安で買えます',
        '全体として読みやすい。',
        '公園の"トイレ",を清潔に\n保ってください。',
        '子育て支援の拡充を望みます。',
        '公園の遊具を増やしてほしい。',
      ]);
      expect(page.counts).toMatchObject({ matchingOpinions: 5, submissions: 5, opinions: 5, counted: 4, excluded: 1 });
      expect((await all({ channel: 'web' })).counts.matchingOpinions).toBe(3);
      expect(page.counts.byItem).toEqual([
        { itemNumber: null, count: 1 },
        { itemNumber: 1, count: 2 },
        { itemNumber: 2, count: 1 },
      ]);
      expect(page.counts.byCategory).toEqual([
        { categoryCode: null, count: 3 },
        { categoryCode: 'C', count: 1 },
      ]);
      expect((await all({ q: '公園' })).rows.map((r) => r.text)).toEqual(['公園の"トイレ",を清潔に\n保ってください。', '公園の遊具を増やしてほしい。']);
      expect((await all({ q: '公園 遊具' })).rows).toHaveLength(1);
      expect((await all({ q: '100%_' })).rows).toHaveLength(0);
      // Letters match whatever their case or width; kana and kanji through the LIKE path.
      await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 1, text: 'KPIの見直しを求めます。' }], receivedAt: new Date('2025-02-01T00:00:00Z') });
      expect((await all({ q: 'ｋｐｉ' })).rows.map((r) => r.text)).toEqual(['KPIの見直しを求めます。']);
      await handle.db.delete(opinions).where(and(eq(opinions.consultationId, c.id), eq(opinions.text, 'KPIの見直しを求めます。')));
      expect((await all({ item: '1', channel: 'post' })).rows.map((r) => r.text)).toEqual(['子育て支援の拡充を望みます。']);
      expect((await all({ item: 'none' })).rows.map((r) => r.text)).toEqual(['全体として読みやすい。']);
      expect((await all({ from: '2025-03-02', to: '2025-03-03' })).rows).toHaveLength(2);
      expect((await all({ flag: 'spam' })).rows.map((r) => r.moderationReason)).toEqual(['広告']);
      expect((await all({ category: 'C', status: 'classified' })).rows).toHaveLength(1);
      expect((await all({ category: 'none' })).rows).toHaveLength(4);
      expect((await all({ sort: 'received_asc' })).rows[0]!.text).toBe('公園の遊具を増やしてほしい。');
      // Malformed parameters mean "no filter", never an error.
      expect((await all({ item: 'abc', status: 'bogus', page: '-3' })).rows).toHaveLength(5);
    });

    it('the CSV parses back to the same rows and the XLSX opens with exceljs; filters apply; spam and personal data only when asked', async () => {
      const consultationView = (await getConsultationForTriage(handle.db, reviewer, c.slug))!;
      const plain = await exportOpinions(handle.db, reviewer, consultationView, parseInboxFilters({}), { includeAll: false, personal: false });
      expect(plain.rows).toHaveLength(4);
      expect(plain.header).not.toContain('氏名');
      expect(JSON.stringify(plain.rows)).not.toContain('提出者');

      const csv = exportCsv(plain);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(parseCsv(csv)).toEqual([plain.header, ...plain.rows.map((r) => r.map(String))]);
      // What a resident typed as a formula stays text when staff open the file in a spreadsheet.
      expect(parseCsv(exportCsv({ header: ['意見'], rows: [['=HYPERLINK("https://evil.example")']] }))[1]).toEqual([`'=HYPERLINK("https://evil.example")`]);

      const workbook = new ExcelJS.Workbook();
      const xlsx = await exportXlsx(plain, '意見一覧');
      await workbook.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const values: string[][] = [];
      sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
      expect(values).toEqual([plain.header, ...plain.rows.map((r) => r.map(String))]);

      const filtered = await exportOpinions(handle.db, reviewer, consultationView, parseInboxFilters({ q: '公園' }), { includeAll: false, personal: false });
      expect(filtered.rows.map((r) => r[6])).toEqual(['公園の"トイレ",を清潔に\n保ってください。', '公園の遊具を増やしてほしい。']);

      const everything = await exportOpinions(handle.db, admin, consultationView, parseInboxFilters({}), { includeAll: true, personal: true });
      expect(everything.personalIncluded).toBe(true);
      expect(everything.rows).toHaveLength(5);
      expect(everything.header.slice(-4)).toEqual(['氏名', '住所', '提出者の区分', 'メールアドレス']);
      expect(everything.rows.map((r) => r[13]).sort()).toEqual(['提出者1', '提出者2', '提出者3', '提出者4', '提出者5']);

      // M6: every export is audited, the one with personal columns as such, with who and how many rows.
      const exports = (await auditFor('consultation', consultationView.id)).filter((a) => a.action.endsWith('.exported'));
      expect(exports.map((a) => [a.action, a.actorId, (a.after as { rows: number; personal: boolean }).rows, (a.after as { personal: boolean }).personal])).toEqual([
        ['opinions.exported', reviewer.id, 4, false],
        ['opinions.exported', reviewer.id, 2, false],
        ['personal_data.exported', admin.id, 5, true],
      ]);
    });
  });
});
