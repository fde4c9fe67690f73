import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows, type Db, type DbHandle } from '@/db/client';
import { auditLog, consultations, staffDepartments } from '@/db/schema';
import { parseRevisionRows, RevisionTableError, type ParsedRevisionTable, type RevisionTableProblemCode } from '@/db/seed/parse-revision-table';
import type { StaffActor } from '@/lib/auth/access';
import { readTableFile } from '@/lib/cases/table-file';
import { getPublicConsultation, listPublicConsultations } from '@/lib/data/consultations';
import { submitComment } from '@/lib/submissions/accept';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { csvFromTsv, fakeExecutable, tinyPdf, xlsxFromTsv } from '@/lib/testing/revision-table-files';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { ensureDepartment, renameDepartment } from '../departments/departments';
import { validComment } from '@/lib/testing/submission-fixtures';
import { caseFormSchema, type CaseFormInput } from '@/lib/validation/case';
import { databaseNow } from './clock';
import { addCaseDocument, findCaseDocument, removeCaseDocument, streamDocumentContent } from './documents';
import { commitItemImport, planItemImport, removeDraftItem, saveDraftItem, type ImportPlan } from './items';
import { closeCaseEarly, extendCase, openCaseNow, scheduleCase } from './lifecycle';
import { createCase, getCaseForStaff, updateCase } from './manage';

const seed = readFileSync(path.join(process.cwd(), 'db/seed/isesaki-2nd-strategy.txt'), 'utf8');

async function parseFile(bytes: Uint8Array): Promise<ParsedRevisionTable> {
  const file = await readTableFile(bytes);
  if (!file.ok) throw new Error(file.error);
  return parseRevisionRows(file.rows);
}

async function problemsOf(bytes: Uint8Array) {
  try {
    await parseFile(bytes);
  } catch (error) {
    if (error instanceof RevisionTableError) return error.problems;
    throw error;
  }
  throw new Error('expected problems');
}

/** The 担当課 the cases below belong to (its id, set once the database exists). */
let planningDepartment = 0;

function caseInput(overrides: Partial<Record<string, string>> = {}): CaseFormInput {
  return caseFormSchema.parse({
    title: '第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）',
    slug: 'strategy-2025',
    departmentId: String(planningDepartment),
    overview: '今回の改訂は、国の総合戦略を踏まえたものです。\n・計画期間の延長\n・KPIの再設定',
    postalAddress: '〒372-8501 伊勢崎市今泉町二丁目410番地 企画調整課',
    fax: '0270-24-0000',
    email: 'kikaku@city.example.jp',
    counter: '市役所本庁舎 3階 企画調整課',
    howToSubmit: '',
    contact: '企画調整課 電話 0270-24-5111',
    categories: '市内在住\n市内在勤',
    requireName: 'on',
    requireAddress: 'on',
    requireCategory: 'on',
    ...overrides,
  });
}

const lines = seed.split('\n');
const rowOf = (n: number) => lines.findIndex((line) => line.startsWith(`${n}\t`));

describe('reading revision tables from uploaded files', () => {
  it('reads the seed as TSV, CSV and XLSX into the same 52 items', async () => {
    const tsv = await parseFile(Buffer.from(seed));
    const csv = await parseFile(csvFromTsv(seed));
    const xlsx = await parseFile(await xlsxFromTsv(seed));
    expect(tsv.items).toHaveLength(52);
    expect(csv).toEqual(tsv);
    expect(xlsx).toEqual(tsv);
    expect((await readTableFile(csvFromTsv(seed))).ok && (await readTableFile(csvFromTsv(seed)))).toMatchObject({ format: 'csv' });
  });

  it('reports every problem with its row and column, in every format', async () => {
    const broken = [...lines];
    broken[rowOf(3)] = '3\tp.5\t数値目標\t<script>alert(1)</script>前\t後'; // markup
    broken[rowOf(5)] = broken[rowOf(5)]!.replace(/^5/, '4'); // duplicate No.
    broken[rowOf(9)] = '9\tp.\t注釈\t前\t後'; // page without number
    broken[rowOf(12)] = '12\tp.8\t\t前\t後'; // empty heading
    broken[rowOf(14)] = '14\tp.8\t注釈\t前'; // missing column
    broken[rowOf(20)] = '二十\tp.9\t注釈\t前\t後'; // not an integer
    broken[rowOf(22)] = '22\tp.9\t注釈\t前\t<img src=x onerror=alert(1)>'; // markup with attributes
    broken[rowOf(30)] = '30\tp.9\t注釈\t前\t\u202Eexe.txt'; // direction override
    const source = broken.join('\n');
    const expected: [RevisionTableProblemCode, number, number | null][] = [
      ['markup', rowOf(3) + 1, 4],
      ['numberDuplicate', rowOf(5) + 1, 1],
      ['pageMissing', rowOf(9) + 1, 2],
      ['headingEmpty', rowOf(12) + 1, 3],
      ['columns', rowOf(14) + 1, null],
      ['numberNotInteger', rowOf(20) + 1, 1],
      ['markup', rowOf(22) + 1, 5],
      ['characters', rowOf(30) + 1, 5],
    ];
    for (const bytes of [Buffer.from(source), csvFromTsv(source), await xlsxFromTsv(source)]) {
      const problems = await problemsOf(bytes);
      expect(problems.map((p) => [p.code, p.line, p.column])).toEqual(expected);
    }
  });

  it('reports a missing header column, a gap in the numbers, no items and no title', async () => {
    const header = lines.indexOf('No.\tページ\t項目\t改訂前\t改訂後');
    const noAfterColumn = [...lines];
    noAfterColumn[header] = 'No.\tページ\t項目\t改訂前';
    expect((await problemsOf(Buffer.from(noAfterColumn.join('\n'))))[0]).toMatchObject({ code: 'header', line: header + 1, column: 5 });
    const gap = lines.filter((_, i) => i !== rowOf(10)).join('\n');
    expect(await problemsOf(Buffer.from(gap))).toEqual([expect.objectContaining({ code: 'numberSequence', line: rowOf(11), params: { expected: 10, found: 11 } })]);
    expect(await problemsOf(Buffer.from('**題名**\n改訂箇所\nNo.\tページ\t項目\t改訂前\t改訂後\n'))).toEqual([expect.objectContaining({ code: 'noItems' })]);
    expect(await problemsOf(Buffer.from('No.\tページ\t項目\t改訂前\t改訂後\n1\tp.1\t注釈\t前\t後'))).toContainEqual(expect.objectContaining({ code: 'noTitle', line: 1 }));
    // The remaining kinds: a title opened with ** and never closed, a table row before any
    // header, an empty 改訂後 cell.
    expect(await problemsOf(Buffer.from('**題名の閉じ忘れ\n改訂箇所\nNo.\tページ\t項目\t改訂前\t改訂後\n1\tp.1\t注釈\t前\t後'))).toContainEqual(
      expect.objectContaining({ code: 'titleUnclosed', line: 1 }),
    );
    expect(await problemsOf(Buffer.from('**題名**\n1\tp.1\t注釈\t前\t後\nNo.\tページ\t項目\t改訂前\t改訂後\n2\tp.1\t注釈\t前\t後'))).toContainEqual(
      expect.objectContaining({ code: 'rowBeforeHeader', line: 2 }),
    );
    expect(await problemsOf(Buffer.from('**題名**\nNo.\tページ\t項目\t改訂前\t改訂後\n1\tp.1\t注釈\t前\t '))).toContainEqual(
      expect.objectContaining({ code: 'afterEmpty', line: 3, column: 5 }),
    );
  });

  it('refuses files that are not tables: empty, too large, binary, broken workbooks', async () => {
    expect(await readTableFile(new Uint8Array())).toEqual({ ok: false, error: 'empty' });
    expect(await readTableFile(new Uint8Array(2 * 1024 * 1024))).toEqual({ ok: false, error: 'tooLarge' });
    expect(await readTableFile(fakeExecutable())).toEqual({ ok: false, error: 'encoding' });
    expect(await readTableFile(Buffer.from('PK\u0003\u0004garbage', 'latin1'))).toEqual({ ok: false, error: 'unreadable' });
  });
});

describe.each(testDrivers())('case workflow on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  /** A reviewer of the cases' department (担当職員 run their departments' cases). */
  let reviewer: StaffActor;
  /** A reviewer of another department only. */
  let outsider: StaffActor;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(handle.db, 'admin');
    planningDepartment = await ensureDepartment(handle.db, '企画部 企画調整課');
    reviewer = await createTestActor(handle.db, 'reviewer', 'planning-reviewer@example.jp', ['企画部 企画調整課']);
    outsider = await createTestActor(handle.db, 'reviewer', 'welfare-reviewer@example.jp', ['健康推進部 福祉課']);
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function consultationId(slug: string): Promise<number> {
    const [row] = await handle.db.select({ id: consultations.id }).from(consultations).where(eq(consultations.slug, slug));
    return row!.id;
  }

  async function importFile(slug: string, bytes: Uint8Array): Promise<ImportPlan> {
    const table = await parseFile(bytes);
    const plan = await planItemImport(handle.db, admin, slug, table);
    if ('error' in plan) throw new Error(plan.error);
    const result = await commitItemImport(handle.db, admin, slug, table, plan.digest);
    expect(result).toMatchObject({ ok: true });
    return plan;
  }

  it('creates a draft that no public read, known path or submission sees', async () => {
    expect(await createCase(handle.db, admin, caseInput())).toEqual({ ok: true, slug: 'strategy-2025' });
    expect(await createCase(handle.db, admin, caseInput())).toEqual({ ok: false, error: 'slugTaken' });
    // A reviewer creates cases only in a department of theirs.
    expect(await createCase(handle.db, outsider, caseInput({ slug: 'other' }))).toEqual({ ok: false, error: 'departmentRequired' });
    expect(await getCaseForStaff(handle.db, admin, 'other')).toBeNull();
    await importFile('strategy-2025', Buffer.from(seed));
    const staff = await getCaseForStaff(handle.db, admin, 'strategy-2025');
    expect(staff).toMatchObject({ state: 'draft', itemCount: 52, contact: '企画調整課 電話 0270-24-5111' });
    expect(staff?.overview).toEqual([
      { kind: 'paragraph', text: '今回の改訂は、国の総合戦略を踏まえたものです。' },
      { kind: 'list', items: ['計画期間の延長', 'KPIの再設定'] },
    ]);
    expect(await getPublicConsultation(handle.db, 'strategy-2025')).toBeNull();
    expect((await listPublicConsultations(handle.db)).map((c) => c.slug)).not.toContain('strategy-2025');
    const sent = await submitComment(handle.db, 'strategy-2025', validComment(), { idempotencyKey: 'draft-key-1', ipHash: 'x' });
    expect(sent).toEqual({ ok: false, error: 'notFound' });
  });

  it('saves every setting and reads it back; the slug is locked once the case opens', async () => {
    const changed = caseInput({ slug: 'strategy-2025-r', fax: '0270-24-9999', requireEmail: 'on', categories: '市内在住\n利害関係者' });
    expect(await updateCase(handle.db, admin, 'strategy-2025', changed)).toEqual({ ok: true, slug: 'strategy-2025-r' });
    const stored = await getCaseForStaff(handle.db, admin, 'strategy-2025-r');
    expect(stored?.channels).toEqual({ postalAddress: '〒372-8501 伊勢崎市今泉町二丁目410番地 企画調整課', fax: '0270-24-9999', email: 'kikaku@city.example.jp', counter: '市役所本庁舎 3階 企画調整課' });
    expect(stored?.formSettings).toEqual({ categories: ['市内在住', '利害関係者'], required: { name: true, address: true, category: true, email: true } });
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'consultation.updated'));
    expect(audit).toMatchObject({ actorId: admin.id, targetId: String(stored!.id) });
  });

  it('edits, adds and removes single items while draft, renumbering after a removal', async () => {
    const slug = 'strategy-2025-r';
    expect(await saveDraftItem(handle.db, admin, slug, { page: 30, heading: '注釈', before: '', after: '追加した注釈' })).toEqual({ ok: true, number: 53 });
    expect(await saveDraftItem(handle.db, admin, slug, { number: 53, page: 31, heading: '注釈', before: '前', after: '・一\n・二' })).toEqual({ ok: true, number: 53 });
    expect(await removeDraftItem(handle.db, admin, slug, 1)).toEqual({ ok: true });
    const c = await getCaseForStaff(handle.db, admin, slug);
    expect(c?.itemCount).toBe(52);
    const plan = await planItemImport(handle.db, admin, slug, await parseFile(Buffer.from(seed)));
    // Item 2 is now item 1, and so on: re-importing the seed changes every item but adds none.
    expect('changes' in plan && plan.changes.filter((ch) => ch.kind === 'added')).toEqual([]);
    expect('changes' in plan && plan.changes.find((ch) => ch.number === 52)?.current).toMatchObject({ page: 31, after: [{ kind: 'list', items: ['一', '二'] }] });
    await importFile(slug, Buffer.from(seed));
  });

  it('runs the lifecycle against the database clock', async () => {
    const slug = 'strategy-2025-r';
    const id = await consultationId(slug);
    const now = await databaseNow(handle.db);
    const day = 86_400_000;
    const comment = validComment({ email: 'taro@example.jp' });
    expect(await scheduleCase(handle.db, admin, id, { opensAt: new Date(now.getTime() + day), closesAt: now })).toMatchObject({ ok: false, error: 'periodReversed' });
    expect(await scheduleCase(handle.db, admin, id, { opensAt: new Date(now.getTime() - 2 * day), closesAt: new Date(now.getTime() - day) })).toMatchObject({ ok: false, error: 'closesInPast' });
    expect(await extendCase(handle.db, admin, id, new Date(now.getTime() + 90 * day))).toMatchObject({ ok: false, error: 'wrongState', state: 'draft' });
    expect(await scheduleCase(handle.db, admin, id, { opensAt: new Date(now.getTime() + day), closesAt: new Date(now.getTime() + 31 * day) })).toEqual({ ok: true, state: 'scheduled' });
    expect((await getPublicConsultation(handle.db, slug))?.itemCount).toBe(52);
    expect(await submitComment(handle.db, slug, comment, { idempotencyKey: 'upcoming-key-1', ipHash: 'x' })).toEqual({ ok: false, error: 'upcoming' });
    expect(await closeCaseEarly(handle.db, admin, id, '理由')).toMatchObject({ ok: false, error: 'wrongState' });
    expect(await openCaseNow(handle.db, admin, id)).toEqual({ ok: true, state: 'open' });
    const row = await getCaseForStaff(handle.db, admin, slug);
    // The opening time is the database's, not the app's.
    expect(Math.abs(row!.opensAt.getTime() - (await databaseNow(handle.db)).getTime())).toBeLessThan(5_000);
    const received = await submitComment(handle.db, slug, comment, { idempotencyKey: 'open-key-0001', ipHash: 'x' });
    expect(received.ok ? 'ok' : received).toBe('ok');
    expect(await updateCase(handle.db, admin, slug, caseInput({ slug: 'renamed' }))).toEqual({ ok: false, error: 'slugLocked' });
    expect(await extendCase(handle.db, admin, id, new Date(row!.closesAt.getTime() - day))).toMatchObject({ ok: false, error: 'notLater' });
    expect(await extendCase(handle.db, admin, id, new Date(row!.closesAt.getTime() + 7 * day))).toEqual({ ok: true, state: 'open' });
    expect(await closeCaseEarly(handle.db, admin, id, '国の方針変更のため')).toEqual({ ok: true, state: 'closed' });
    expect(await getPublicConsultation(handle.db, slug)).toMatchObject({ closedEarlyReason: '国の方針変更のため' });
    expect(await submitComment(handle.db, slug, comment, { idempotencyKey: 'closed-key-01', ipHash: 'x' })).toEqual({ ok: false, error: 'closed' });
    const actions = (await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, String(id)))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['consultation.scheduled', 'consultation.opened', 'consultation.extended', 'consultation.closed_early']));
    // Another department's reviewer: as if the case did not exist.
    expect(await extendCase(handle.db, outsider, id, new Date(row!.closesAt.getTime() + 30 * day))).toEqual({ ok: false, error: 'notFound' });
  });

  // PGlite reads this process's clock, which cannot be set apart from itself.
  it.skipIf(driver === 'pglite')("judges every lifecycle step by the database clock when the app's clock is days off", async () => {
    const slug = 'clock-skew';
    await createCase(handle.db, admin, caseInput({ slug }));
    await importFile(slug, Buffer.from(seed));
    const id = await consultationId(slug);
    const day = 86_400_000;
    const dbNow = (await databaseNow(handle.db)).getTime();
    /** Runs `step` with the app's clock `offset` ms from the real one (it keeps running). */
    async function withAppClock<T>(offset: number, step: () => Promise<T>): Promise<T> {
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.now() + offset });
      try {
        return await step();
      } finally {
        vi.useRealTimers();
      }
    }
    // The app's clock two days behind: by it a period ending in an hour would lie three days
    // ahead; by the database's it still ends in an hour, and is accepted.
    expect(await withAppClock(-2 * day, () => scheduleCase(handle.db, admin, id, { opensAt: new Date(dbNow + 12 * 3_600_000), closesAt: new Date(dbNow + 40 * day) }))).toEqual({ ok: true, state: 'scheduled' });
    // A day ahead: by the app's clock the case has opened; the database says scheduled, so
    // opening now is allowed and the opening time is the database's.
    const opened = await withAppClock(day, () => openCaseNow(handle.db, admin, id));
    expect(opened).toEqual({ ok: true, state: 'open' });
    const open = await getCaseForStaff(handle.db, admin, slug);
    expect(Math.abs(open!.opensAt.getTime() - (await databaseNow(handle.db)).getTime())).toBeLessThan(60_000);
    // Sixty days ahead: by the app's clock the period is over; the database says open, so it
    // can be extended and closed early, and closes at the database's now.
    expect(await withAppClock(60 * day, () => extendCase(handle.db, admin, id, new Date(dbNow + 50 * day)))).toEqual({ ok: true, state: 'open' });
    expect(await withAppClock(60 * day, () => getCaseForStaff(handle.db, admin, slug))).toMatchObject({ state: 'open' });
    expect(await withAppClock(60 * day, () => closeCaseEarly(handle.db, admin, id, '時計の確認'))).toEqual({ ok: true, state: 'closed' });
    const closed = await getCaseForStaff(handle.db, admin, slug);
    expect(closed?.state).toBe('closed');
    expect(Math.abs(closed!.closesAt.getTime() - (await databaseNow(handle.db)).getTime())).toBeLessThan(60_000);
    // Two days behind: by the app's clock the case is still open; the database says closed.
    expect(await withAppClock(-2 * day, () => closeCaseEarly(handle.db, admin, id, 'もう一度'))).toMatchObject({ ok: false, error: 'wrongState', state: 'closed' });
    expect(await withAppClock(-2 * day, () => extendCase(handle.db, admin, id, new Date(dbNow + 90 * day)))).toMatchObject({ ok: false, error: 'wrongState', state: 'closed' });
  });

  it('re-imports an open case: shows the diff, keeps commented items, refuses removing one', async () => {
    const slug = 'reimport';
    await createCase(handle.db, admin, caseInput({ slug }));
    await importFile(slug, Buffer.from(seed));
    const id = await consultationId(slug);
    const now = await databaseNow(handle.db);
    await scheduleCase(handle.db, admin, id, { opensAt: new Date(now.getTime() - 1000), closesAt: new Date(now.getTime() + 86_400_000) });
    await insertTestSubmission(handle.db, id, { texts: [{ itemNumber: 52, text: '52について' }, { itemNumber: 23, text: '23について' }] });

    const edited = [...lines];
    edited[rowOf(23)] = edited[rowOf(23)]!.replace('合計特殊出生率', '出生率');
    const withoutLast = edited.filter((_, i) => i !== rowOf(52)).join('\n');
    const plan = await planItemImport(handle.db, admin, slug, await parseFile(Buffer.from(withoutLast)));
    if ('error' in plan) throw new Error(plan.error);
    expect(plan.state).toBe('open');
    expect(plan.changes.filter((c) => c.kind !== 'unchanged').map((c) => [c.number, c.kind, c.fields, c.opinionCount])).toEqual([
      [23, 'changed', ['before'], 1],
      [52, 'removed', [], 1],
    ]);
    expect(plan.blocked).toEqual([52]);
    expect(await commitItemImport(handle.db, admin, slug, await parseFile(Buffer.from(withoutLast)), plan.digest, { confirmedLive: true })).toEqual({ ok: false, error: 'commented' });

    const keepLast = edited.join('\n');
    const table = await parseFile(Buffer.from(keepLast));
    const second = await planItemImport(handle.db, admin, slug, table);
    if ('error' in second) throw new Error(second.error);
    expect(await commitItemImport(handle.db, admin, slug, table, 'stale-digest', { confirmedLive: true })).toEqual({ ok: false, error: 'stale' });
    expect(await commitItemImport(handle.db, admin, slug, table, second.digest, { confirmedLive: true })).toEqual({ ok: true, added: 0, changed: 1, removed: 0 });
    const item = (await getPublicConsultation(handle.db, slug))?.items.find((i) => i.number === 23);
    expect(item?.beforeText).toContain('出生率');
    expect(item?.beforeText).not.toContain('合計特殊出生率');
    expect(await saveDraftItem(handle.db, admin, slug, { number: 1, page: 1, heading: '注釈', before: '', after: 'x' })).toEqual({ ok: false, error: 'wrongState' });
  });

  it('decides under the lock whether an import needs confirming: a live case only with it, whatever the page showed; a closed case never', async () => {
    const slug = 'reimport-confirm';
    await createCase(handle.db, admin, caseInput({ slug }));
    await importFile(slug, Buffer.from(seed));
    const id = await consultationId(slug);
    const edited = [...lines];
    edited[rowOf(23)] = edited[rowOf(23)]!.replace('合計特殊出生率', '出生率');
    const table = await parseFile(Buffer.from(edited.join('\n')));
    const itemsNow = async () => (await getPublicConsultation(handle.db, slug))?.items.find((i) => i.number === 23)?.beforeText;
    const importAudits = async () => (await handle.db.select().from(auditLog).where(eq(auditLog.action, 'consultation.items_imported'))).filter((a) => a.targetId === String(id)).length;

    // Previewed while a draft (the page then shows no confirmation), scheduled before the commit.
    const draftPlan = await planItemImport(handle.db, admin, slug, table);
    if ('error' in draftPlan) throw new Error(draftPlan.error);
    expect(draftPlan.state).toBe('draft');
    const now = await databaseNow(handle.db);
    await scheduleCase(handle.db, admin, id, { opensAt: new Date(now.getTime() + 86_400_000), closesAt: new Date(now.getTime() + 30 * 86_400_000) });
    const audits = await importAudits();
    expect(await commitItemImport(handle.db, admin, slug, table, draftPlan.digest)).toEqual({ ok: false, error: 'confirmRequired' });
    // Now open (a forged post without the confirmation): refused, nothing written or audited.
    expect(await openCaseNow(handle.db, admin, id)).toEqual({ ok: true, state: 'open' });
    expect(await commitItemImport(handle.db, admin, slug, table, draftPlan.digest, { confirmedLive: false })).toEqual({ ok: false, error: 'confirmRequired' });
    expect(await itemsNow()).toContain('合計特殊出生率');
    expect(await importAudits()).toBe(audits);
    const openPlan = await planItemImport(handle.db, admin, slug, table);
    expect('state' in openPlan && openPlan.state).toBe('open');
    expect(await commitItemImport(handle.db, admin, slug, table, draftPlan.digest, { confirmedLive: true })).toEqual({ ok: true, added: 0, changed: 1, removed: 0 });
    expect(await itemsNow()).not.toContain('合計特殊出生率');

    // Closed: refused with or without the confirmation, at the preview and at the commit.
    expect(await closeCaseEarly(handle.db, admin, id, '見直しのため')).toMatchObject({ ok: true, state: 'closed' });
    const digest = 'state' in openPlan ? openPlan.digest : '';
    expect(await planItemImport(handle.db, admin, slug, await parseFile(Buffer.from(seed)))).toEqual({ error: 'wrongState' });
    expect(await commitItemImport(handle.db, admin, slug, await parseFile(Buffer.from(seed)), digest, { confirmedLive: true })).toEqual({ ok: false, error: 'wrongState' });
    expect(await itemsNow()).not.toContain('合計特殊出生率');
    expect(await importAudits()).toBe(audits + 1);
  });

  it("a reviewer runs their department's cases from creation to an early close; another department's reviewer changes none of it", async () => {
    const slug = 'reviewer-run';
    const welfare = await ensureDepartment(handle.db, '健康推進部 福祉課');
    expect(await createCase(handle.db, reviewer, caseInput({ slug, departmentId: String(welfare) }))).toEqual({ ok: false, error: 'departmentRequired' });
    expect(await createCase(handle.db, reviewer, caseInput({ slug }))).toEqual({ ok: true, slug });
    // Moving it to a department the reviewer does not belong to is refused.
    expect(await updateCase(handle.db, reviewer, slug, caseInput({ slug, departmentId: String(welfare) }))).toEqual({ ok: false, error: 'departmentRequired' });
    const table = await parseFile(Buffer.from(seed));
    const id = await consultationId(slug);
    const now = await databaseNow(handle.db);
    const period = { opensAt: new Date(now.getTime() + 86_400_000), closesAt: new Date(now.getTime() + 30 * 86_400_000) };

    // The other department's reviewer: every step answers not found, and nothing changes.
    const rowBefore = await handle.db.select().from(consultations).where(eq(consultations.id, id));
    expect(await getCaseForStaff(handle.db, outsider, slug)).toBeNull();
    expect(await updateCase(handle.db, outsider, slug, caseInput({ slug, title: '書き換え' }))).toEqual({ ok: false, error: 'notFound' });
    expect(await planItemImport(handle.db, outsider, slug, table)).toEqual({ error: 'notFound' });
    expect(await commitItemImport(handle.db, outsider, slug, table, 'any', { confirmedLive: true })).toEqual({ ok: false, error: 'notFound' });
    expect(await saveDraftItem(handle.db, outsider, slug, { page: 1, heading: '注釈', before: '', after: 'x' })).toEqual({ ok: false, error: 'notFound' });
    expect(await addCaseDocument(handle.db, outsider, slug, { name: '素案.pdf', bytes: tinyPdf() })).toEqual({ ok: false, error: 'notFound' });
    expect(await scheduleCase(handle.db, outsider, id, period)).toEqual({ ok: false, error: 'notFound' });
    expect(await handle.db.select().from(consultations).where(eq(consultations.id, id))).toEqual(rowBefore);
    expect((await getCaseForStaff(handle.db, admin, slug))?.itemCount).toBe(0);

    // The department's reviewer: import, attach, schedule, open, extend, close early.
    const plan = await planItemImport(handle.db, reviewer, slug, table);
    if ('error' in plan) throw new Error(plan.error);
    expect(await commitItemImport(handle.db, reviewer, slug, table, plan.digest)).toMatchObject({ ok: true, added: 52 });
    expect(await addCaseDocument(handle.db, reviewer, slug, { name: '素案.pdf', bytes: tinyPdf() })).toMatchObject({ ok: true });
    expect(await scheduleCase(handle.db, reviewer, id, period)).toEqual({ ok: true, state: 'scheduled' });
    expect(await openCaseNow(handle.db, outsider, id)).toEqual({ ok: false, error: 'notFound' });
    expect(await openCaseNow(handle.db, reviewer, id)).toEqual({ ok: true, state: 'open' });
    expect(await extendCase(handle.db, outsider, id, new Date(period.closesAt.getTime() + 86_400_000))).toEqual({ ok: false, error: 'notFound' });
    expect(await extendCase(handle.db, reviewer, id, new Date(period.closesAt.getTime() + 86_400_000))).toEqual({ ok: true, state: 'open' });
    expect(await closeCaseEarly(handle.db, outsider, id, '理由')).toEqual({ ok: false, error: 'notFound' });
    expect(await closeCaseEarly(handle.db, reviewer, id, '方針変更のため')).toEqual({ ok: true, state: 'closed' });
    const actors = await handle.db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.targetId, String(id)));
    expect(actors.filter((a) => a.actorId === outsider.id)).toEqual([]);
    expect(actors.filter((a) => a.actorId === reviewer.id).map((a) => a.action)).toEqual(
      expect.arrayContaining(['consultation.created', 'consultation.items_imported', 'consultation.scheduled', 'consultation.opened', 'consultation.extended', 'consultation.closed_early']),
    );
  });

  it('stores documents by their content type and streams them back unchanged', async () => {
    const slug = 'reimport';
    const pdf = tinyPdf();
    const added = await addCaseDocument(handle.db, admin, slug, { name: 'C:\\資料\\素案.PDF', bytes: pdf });
    if (!added.ok) throw new Error(added.error);
    expect(await addCaseDocument(handle.db, admin, slug, { name: '素案.pdf', bytes: fakeExecutable() })).toEqual({ ok: false, error: 'type' });
    expect(await addCaseDocument(handle.db, admin, slug, { name: '空.pdf', bytes: new Uint8Array() })).toEqual({ ok: false, error: 'empty' });
    expect(await addCaseDocument(handle.db, admin, slug, { name: 'table.xlsx', bytes: await xlsxFromTsv(seed) })).toMatchObject({ ok: true });
    const head = await findCaseDocument(handle.db, slug, added.id);
    expect(head).toMatchObject({ name: '素案.pdf', contentType: 'application/pdf', size: pdf.byteLength, draft: false });
    const streamed = Buffer.from(await new Response(streamDocumentContent(handle.db, added.id, head!.size)).arrayBuffer());
    expect(streamed.equals(pdf)).toBe(true);
    const publicCase = await getPublicConsultation(handle.db, slug);
    expect(publicCase?.documents.map((d) => [d.name, d.contentType])).toEqual([
      ['素案.pdf', 'application/pdf'],
      ['table.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    expect(await findCaseDocument(handle.db, 'strategy-2025-r', added.id)).toBeNull();
  });

  /**
   * Runs `change` in a transaction held open until `call` (on another connection) is waiting for
   * one of its locks, or has answered without waiting; then commits and returns the call's answer.
   */
  async function callDuring<T>(change: (tx: Db) => Promise<unknown>, call: () => Promise<T>): Promise<T> {
    let pending!: Promise<T>;
    await handle.db.transaction(async (tx) => {
      await change(tx);
      let settled = false;
      pending = call().finally(() => (settled = true));
      for (;;) {
        const [waiting] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (settled || waiting!.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    return pending;
  }

  it.runIf(driver === 'postgres')("a case created while its department is renamed gets the new name: the department is read under a lock, in the case's transaction", async () => {
    const renamed = await ensureDepartment(handle.db, '企画部 政策課');
    await handle.db.insert(staffDepartments).values({ userId: reviewer.id, departmentId: renamed });
    const slug = 'created-during-rename';
    const created = await callDuring(
      (tx) => renameDepartment(tx, admin, renamed, '企画部 政策推進課', null),
      () => createCase(handle.db, reviewer, caseInput({ slug, departmentId: String(renamed) })),
    );
    expect(created).toEqual({ ok: true, slug });
    expect(await handle.db.select({ department: consultations.department }).from(consultations).where(eq(consultations.slug, slug))).toEqual([{ department: '企画部 政策推進課' }]);
  });

  it.runIf(driver === 'postgres')('a document removal waits for a move of its case to another department and then finds the case gone from its scope', async () => {
    const slug = 'moved-away';
    expect(await createCase(handle.db, reviewer, caseInput({ slug }))).toEqual({ ok: true, slug });
    const added = await addCaseDocument(handle.db, reviewer, slug, { name: '素案.pdf', bytes: tinyPdf() });
    if (!added.ok) throw new Error(added.error);
    const welfare = await ensureDepartment(handle.db, '健康推進部 福祉課');
    const removed = await callDuring(
      (tx) => updateCase(tx, admin, slug, caseInput({ slug, departmentId: String(welfare) })),
      () => removeCaseDocument(handle.db, reviewer, slug, added.id),
    );
    expect(removed).toEqual({ ok: false, error: 'notFound' });
    expect(await findCaseDocument(handle.db, slug, added.id)).toMatchObject({ id: added.id });
  });
});
