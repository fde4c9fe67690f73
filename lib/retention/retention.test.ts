import ExcelJS from 'exceljs';
import { asc, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db, type DbHandle } from '@/db/client';
import { auditLog, mailOutbox, personalDataRequests, submissions } from '@/db/schema';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { resultCsv, resultXlsx } from '@/lib/data/results/export';
import { publishResults } from '@/lib/data/results/publish';
import { getPublishedResult } from '@/lib/data/results/public';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { answerInApprovedGroups } from '@/lib/testing/results-fixtures';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { decideErasure, getHeldPersonalData, requestErasure } from './requests';
import { getRetention, runRetention, saveRetention } from './retention';

const DAY = 86_400_000;
const DEFAULT_DAYS = 365;
/** Columns the job may change; everything else in the database must stay as it was. */
const PERSONAL_SUBMISSION_COLUMNS = ['submitter_name', 'submitter_address', 'submitter_email', 'ip_hash', 'personal_data_erased_at'];
const PERSONAL_MAIL_COLUMNS = ['recipient', 'body', 'last_error', 'status'];

/** Every row of every table of the app, as plain JSON, to compare a whole database before and after. */
async function dumpDatabase(db: Db): Promise<Record<string, Record<string, unknown>[]>> {
  const tables = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%migrations%' order by table_name`,
  );
  const dump: Record<string, Record<string, unknown>[]> = {};
  for (const { table_name } of tables) {
    const rows = await queryRows<Record<string, unknown>>(db, sql.raw(`select * from "${table_name}"`));
    dump[table_name] = JSON.parse(JSON.stringify(rows)).sort((a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return dump;
}

async function xlsxValues(buffer: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const values: unknown[][] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => values.push([sheet.name, ...(row.values as unknown[])])));
  return values;
}

describe.each(testDrivers())('retention of personal data on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  let otherAdmin: StaffActor;
  let reviewer: StaffActor;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(handle.db, 'admin');
    otherAdmin = await createTestActor(handle.db, 'admin');
    reviewer = await createTestActor(handle.db, 'reviewer');
  }, 180_000);
  afterAll(async () => {
    await handle?.close();
  });

  /** A closed case with `n` submissions (each with a receipt mail and an IP hash), published at `publishedAt` unless null. */
  async function publishedCase(n: number, publishedAt: Date | null) {
    const closesAt = new Date((publishedAt ?? new Date()).getTime() - DAY);
    const c = await createTestConsultation(handle.db, { opensAt: new Date(closesAt.getTime() - 30 * DAY), closesAt, items: 3 });
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 1, text: `意見 ${c.slug} ${i}` }], name: `提出者 ${i}`, email: `resident${i}-${c.slug}@example.jp` });
      ids.push(id);
      await handle.db.update(submissions).set({ ipHash: `iphash-${i}` }).where(eq(submissions.id, id));
      await handle.db.insert(mailOutbox).values({
        kind: 'submission_receipt',
        submissionId: id,
        recipient: `resident${i}-${c.slug}@example.jp`,
        subject: `受付 ${c.slug}`,
        body: `提出者 ${i} 様 意見 ${c.slug} ${i}`,
        status: i === 0 ? 'pending' : 'sent',
        sentAt: i === 0 ? null : new Date(),
      });
    }
    if (publishedAt) {
      await answerInApprovedGroups(handle.db, c.id, admin.id, 2);
      const published = await publishResults(handle.db, admin, { consultationId: c.id }, null, publishedAt);
      expect(published.ok).toBe(true);
    }
    return { ...c, submissionIds: ids };
  }

  it('erases exactly the personal columns of a case past its period, and nothing else anywhere', async () => {
    const publishedAt = new Date(Date.now() - 10 * DAY);
    const due = await publishedCase(3, new Date(publishedAt.getTime() - DEFAULT_DAYS * DAY));
    const notYet = await publishedCase(2, publishedAt);
    const unpublished = await publishedCase(2, null);
    const shorter = await publishedCase(1, publishedAt);
    expect(await saveRetention(handle.db, admin, { slug: shorter.slug, retentionDays: 5, version: 0 }, null)).toEqual({ ok: true, version: 1 });

    const before = await dumpDatabase(handle.db);
    const publicBefore = await getPublishedResult(handle.db, due.slug);
    const run = await runRetention(handle.db, { defaultDays: DEFAULT_DAYS });
    expect(run.skipped).toBe(false);
    expect(run.erased.sort((a, b) => a.consultationId - b.consultationId)).toEqual(
      [
        { consultationId: due.id, submissions: 3, mails: 3 },
        { consultationId: shorter.id, submissions: 1, mails: 1 },
      ].sort((a, b) => a.consultationId - b.consultationId),
    );
    const after = await dumpDatabase(handle.db);

    const erasedIds = new Set([...due.submissionIds, ...shorter.submissionIds].map(String));
    for (const table of Object.keys(before)) {
      if (table === 'audit_log') continue;
      if (table === 'submissions' || table === 'mail_outbox') {
        const key = table === 'submissions' ? 'id' : 'submission_id';
        const personal = table === 'submissions' ? PERSONAL_SUBMISSION_COLUMNS : PERSONAL_MAIL_COLUMNS;
        const strip = (rows: Record<string, unknown>[]) =>
          rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !(erasedIds.has(String(row[key])) && personal.includes(column)))));
        expect(strip(after[table]!), table).toEqual(strip(before[table]!));
        continue;
      }
      expect(after[table], table).toEqual(before[table]);
    }
    // Only new audit rows were added.
    expect(after.audit_log!.length).toBe(before.audit_log!.length + 2);

    const rows = await handle.db.select().from(submissions).where(inArray(submissions.id, [...due.submissionIds, ...shorter.submissionIds]));
    for (const row of rows) {
      expect(row).toMatchObject({ submitterName: '', submitterAddress: '', submitterEmail: null, ipHash: null, submitterCategory: '市内在住' });
      expect(row.personalDataErasedAt).not.toBeNull();
    }
    const kept = await handle.db.select().from(submissions).where(inArray(submissions.id, [...notYet.submissionIds, ...unpublished.submissionIds]));
    for (const row of kept) {
      expect(row.submitterName).toMatch(/^提出者 /);
      expect(row.submitterEmail).toMatch(/@example\.jp$/);
      expect(row.ipHash).toMatch(/^iphash-/);
      expect(row.personalDataErasedAt).toBeNull();
    }
    const mails = await handle.db.select().from(mailOutbox).where(inArray(mailOutbox.submissionId, due.submissionIds)).orderBy(asc(mailOutbox.id));
    expect(mails.map((m) => [m.recipient, m.body, m.status])).toEqual([
      ['', '', 'failed'],
      ['', '', 'sent'],
      ['', '', 'sent'],
    ]);
    expect(mails.every((m) => m.subject === `受付 ${due.slug}`)).toBe(true);

    // The published result, as JSON, CSV and XLSX, is unchanged.
    const publicAfter = await getPublishedResult(handle.db, due.slug);
    expect(publicAfter).toEqual(publicBefore);
    if (publicAfter?.status !== 'published' || publicBefore?.status !== 'published') throw new Error('the result must be published');
    expect(publicAfter.snapshot.counts.submitters).toBe(3);
    expect(resultCsv(publicAfter.snapshot)).toBe(resultCsv(publicBefore.snapshot));
    expect(await xlsxValues(await resultXlsx(publicAfter.snapshot))).toEqual(await xlsxValues(await resultXlsx(publicBefore.snapshot)));

    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'retention.personal_data_erased')).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.targetId, a.actorId, a.after])).toEqual(
      expect.arrayContaining([
        [String(due.id), null, { submissions: 3, mails: 3, retentionDays: DEFAULT_DAYS, cityDefault: true }],
        [String(shorter.id), null, { submissions: 1, mails: 1, retentionDays: 5, cityDefault: false }],
      ]),
    );
    // Nothing personal in the audit log.
    expect(JSON.stringify(audit)).not.toMatch(/提出者|@example\.jp|iphash/);

    // A second run finds nothing to do.
    expect((await runRetention(handle.db, { defaultDays: DEFAULT_DAYS })).erased).toEqual([]);
  });

  it('two jobs at once: every submission erased and audited exactly once', async () => {
    const c = await publishedCase(30, new Date(Date.now() - (DEFAULT_DAYS + 1) * DAY));
    const since = (await handle.db.select({ id: auditLog.id }).from(auditLog).orderBy(sql`id desc`).limit(1))[0]!.id;
    const runs = await Promise.all([
      runRetention(handle.db, { defaultDays: DEFAULT_DAYS, batch: 7 }),
      runRetention(handle.db, { defaultDays: DEFAULT_DAYS, batch: 7 }),
    ]);
    const erased = runs.flatMap((r) => r.erased).filter((e) => e.consultationId === c.id);
    expect(erased.reduce((n, e) => n + e.submissions, 0)).toBe(30);
    expect(erased.reduce((n, e) => n + e.mails, 0)).toBe(30);
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.id} > ${since} and ${auditLog.action} = 'retention.personal_data_erased' and ${auditLog.targetId} = ${String(c.id)}`);
    expect(audit.reduce((n, a) => n + (a.after as { submissions: number }).submissions, 0)).toBe(30);
    const held = await handle.db.select().from(submissions).where(sql`${submissions.consultationId} = ${c.id} and ${submissions.personalDataErasedAt} is null`);
    expect(held).toHaveLength(0);
  });

  it('a case’s period: saved with a version check, audited, shown with its due date; admins only', async () => {
    const publishedAt = new Date(Date.now() - DAY);
    const c = await publishedCase(1, publishedAt);
    await expect(getRetention(handle.db, reviewer, c.slug, DEFAULT_DAYS)).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(saveRetention(handle.db, reviewer, { slug: c.slug, retentionDays: 1, version: 0 }, null)).rejects.toBeInstanceOf(StaffAccessDenied);
    let view = (await getRetention(handle.db, admin, c.slug, DEFAULT_DAYS))!;
    expect(view).toMatchObject({ retentionDays: null, defaultDays: DEFAULT_DAYS, version: 0, held: 1, erased: 0 });
    expect(view.dueAt).toBe(new Date(publishedAt.getTime() + DEFAULT_DAYS * DAY).toISOString());

    expect(await saveRetention(handle.db, admin, { slug: c.slug, retentionDays: 30, version: 0 }, null)).toEqual({ ok: true, version: 1 });
    expect(await saveRetention(handle.db, otherAdmin, { slug: c.slug, retentionDays: 90, version: 0 }, null)).toEqual({ ok: false, error: 'conflict', current: 30 });
    expect(await saveRetention(handle.db, admin, { slug: c.slug, retentionDays: null, version: 1 }, null)).toEqual({ ok: true, version: 2 });
    view = (await getRetention(handle.db, admin, c.slug, DEFAULT_DAYS))!;
    expect(view).toMatchObject({ retentionDays: null, version: 2 });
    expect(await saveRetention(handle.db, admin, { slug: 'no-such-case', retentionDays: 1, version: 0 }, null)).toEqual({ ok: false, error: 'notFound' });
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'retention.period_changed'));
    expect(audit.filter((a) => a.targetId === String(c.id)).map((a) => [a.before, a.after])).toEqual([
      [{ retentionDays: null }, { retentionDays: 30 }],
      [{ retentionDays: 30 }, { retentionDays: null }],
    ]);
  });

  it('a resident’s request: disclosed and exported (audited), erased only when a second admin approves', async () => {
    const c = await publishedCase(2, null);
    const [target, other] = await handle.db.select().from(submissions).where(eq(submissions.consultationId, c.id)).orderBy(asc(submissions.id));
    await expect(getHeldPersonalData(handle.db, reviewer, target!.receiptNumber, 'viewed', null)).rejects.toBeInstanceOf(StaffAccessDenied);

    const held = (await getHeldPersonalData(handle.db, admin, target!.receiptNumber, 'exported', 'ip'))!;
    expect(held).toMatchObject({
      receiptNumber: target!.receiptNumber,
      submitter: { name: '提出者 0', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: `resident0-${c.slug}@example.jp` },
      ipHashHeld: true,
      erasedAt: null,
      opinions: [{ itemNumber: 1, text: `意見 ${c.slug} 0` }],
    });
    expect(held.mails).toHaveLength(1);
    expect(await getHeldPersonalData(handle.db, admin, 'NOPE-NOPE-0', 'viewed', null)).toBeNull();

    const requested = await requestErasure(handle.db, admin, { receiptNumber: target!.receiptNumber, reason: '窓口で本人確認（運転免許証）' }, null);
    expect(requested.ok).toBe(true);
    if (!requested.ok) return;
    expect(await requestErasure(handle.db, otherAdmin, { receiptNumber: target!.receiptNumber, reason: '重複' }, null)).toEqual({ ok: false, error: 'alreadyRequested' });
    // Four eyes: the admin who recorded it cannot approve it; a reviewer cannot at all.
    expect(await decideErasure(handle.db, admin, { requestId: requested.requestId, decision: 'approve' }, null)).toEqual({ ok: false, error: 'ownRequest' });
    await expect(decideErasure(handle.db, reviewer, { requestId: requested.requestId, decision: 'approve' }, null)).rejects.toBeInstanceOf(StaffAccessDenied);
    expect((await handle.db.select().from(submissions).where(eq(submissions.id, target!.id)))[0]!.submitterName).toBe('提出者 0');

    expect(await decideErasure(handle.db, otherAdmin, { requestId: requested.requestId, decision: 'approve' }, 'ip2')).toEqual({ ok: true, erased: true });
    expect(await decideErasure(handle.db, otherAdmin, { requestId: requested.requestId, decision: 'approve' }, null)).toEqual({ ok: false, error: 'notOpen' });
    const [after] = await handle.db.select().from(submissions).where(eq(submissions.id, target!.id));
    expect(after).toMatchObject({ submitterName: '', submitterAddress: '', submitterEmail: null, ipHash: null });
    const [untouched] = await handle.db.select().from(submissions).where(eq(submissions.id, other!.id));
    expect(untouched!.submitterName).toBe('提出者 1');
    expect(await requestErasure(handle.db, admin, { receiptNumber: target!.receiptNumber, reason: '再度' }, null)).toEqual({ ok: false, error: 'alreadyErased' });

    // Rejected: nothing erased, and the request is closed.
    const second = await requestErasure(handle.db, otherAdmin, { receiptNumber: other!.receiptNumber, reason: '電話' }, null);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(await decideErasure(handle.db, admin, { requestId: second.requestId, decision: 'reject' }, null)).toEqual({ ok: true, erased: false });
    expect((await handle.db.select().from(submissions).where(eq(submissions.id, other!.id)))[0]!.submitterName).toBe('提出者 1');

    const audit = await handle.db.select().from(auditLog).where(like(auditLog.action, 'personal_data.%')).orderBy(asc(auditLog.id));
    expect(audit.filter((a) => a.targetId === String(target!.id)).map((a) => [a.action, a.actorId])).toEqual([
      ['personal_data.exported', admin.id],
      ['personal_data.erasure_requested', admin.id],
      ['personal_data.erasure_approved', otherAdmin.id],
    ]);
    expect(audit.filter((a) => a.targetId === String(other!.id)).map((a) => a.action)).toEqual(['personal_data.erasure_requested', 'personal_data.erasure_rejected']);
  });

  it('a deletion request’s free-text reason never enters the audit log and is gone once the personal data is erased', async () => {
    const reasonOf = async (requestId: number) => (await handle.db.select({ reason: personalDataRequests.reason }).from(personalDataRequests).where(eq(personalDataRequests.id, requestId)))[0]!.reason;
    const auditText = async () => JSON.stringify(await handle.db.select().from(auditLog));

    // Erased by a second admin's approval.
    const approved = await publishedCase(1, null);
    const [first] = await handle.db.select().from(submissions).where(eq(submissions.consultationId, approved.id));
    const quoted = '本人 山田一郎（090-1111-2222）が窓口で依頼';
    const requested = await requestErasure(handle.db, admin, { receiptNumber: first!.receiptNumber, reason: quoted }, null);
    if (!requested.ok) throw new Error('the request must be recorded');
    expect(await reasonOf(requested.requestId)).toBe(quoted);
    const [row] = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'personal_data.erasure_requested')).orderBy(sql`id desc`).limit(1);
    expect(row!.after).toEqual({ requestId: requested.requestId });
    // Shown to the deciding admin from the request row while it is open.
    expect((await getHeldPersonalData(handle.db, otherAdmin, first!.receiptNumber, 'viewed', null))!.requests[0]!.reason).toBe(quoted);
    expect(await decideErasure(handle.db, otherAdmin, { requestId: requested.requestId, decision: 'approve' }, null)).toEqual({ ok: true, erased: true });
    expect(await reasonOf(requested.requestId)).toBe('');
    expect((await getHeldPersonalData(handle.db, admin, first!.receiptNumber, 'viewed', null))!.requests).toMatchObject([{ reason: '', status: 'approved', requestedBy: admin.id, decidedBy: otherAdmin.id }]);

    // A rejected request's reason stays until the retention job erases the submission.
    const expired = await publishedCase(1, new Date(Date.now() - (DEFAULT_DAYS + 1) * DAY));
    const [second] = await handle.db.select().from(submissions).where(eq(submissions.consultationId, expired.id));
    const alsoQuoted = '電話で佐藤次郎さんから（住所：伊勢崎市東町1-2）';
    const rejected = await requestErasure(handle.db, otherAdmin, { receiptNumber: second!.receiptNumber, reason: alsoQuoted }, null);
    if (!rejected.ok) throw new Error('the request must be recorded');
    expect(await decideErasure(handle.db, admin, { requestId: rejected.requestId, decision: 'reject' }, null)).toEqual({ ok: true, erased: false });
    expect(await reasonOf(rejected.requestId)).toBe(alsoQuoted);
    await runRetention(handle.db, { defaultDays: DEFAULT_DAYS });
    expect(await reasonOf(rejected.requestId)).toBe('');

    const log = await auditText();
    for (const text of [quoted, alsoQuoted, '山田一郎', '佐藤次郎', '090-1111-2222']) expect(log).not.toContain(text);
  });
});
