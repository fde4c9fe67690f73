import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { auditLog, staffDepartments, staffPasskeys, users } from '@/db/schema';
import { ROLES, roleHasPermission } from '@/lib/auth/permissions';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { permissionOfAction } from '@/lib/auth/staff-action';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';
import { addCaseDocument } from '@/lib/data/cases/documents';
import { ensureDepartment } from '@/lib/data/departments/departments';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { tinyPdf } from '@/lib/testing/revision-table-files';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';

/**
 * Every server action under lib/actions/staff/, found by walking the directory (a new action
 * is covered without touching this test), refuses anonymous callers, forged sessions and
 * every role that lacks its permission, before reading its input or writing anything.
 */
const actionsDir = path.join(import.meta.dirname, 'staff');
const actionFiles = (function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
})(actionsDir);

type Action = (previous: unknown, formData: FormData) => Promise<{ status: string; denied?: string }>;

async function loadActions(): Promise<{ name: string; action: Action }[]> {
  const found: { name: string; action: Action }[] = [];
  for (const file of actionFiles) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      found.push({ name: `${path.relative(actionsDir, file)}#${exportName}`, action: value as Action });
    }
  }
  return found;
}

describe.each(testDrivers())('staff actions refuse callers without the permission on %s', (driver) => {
  let handle: DbHandle;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    for (const role of ROLES) tokens[role] = (await createStaffWithSession(handle.db, { email: `${role}@example.jp`, role })).sessionToken;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const call = (action: Action, sessionToken: string | null, form: FormData) =>
    runWithRequestContext({ db: handle.db, sessionToken, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: '192.0.2.7' }) }, () => action({ status: 'idle' }, form));

  // A form that would do real harm if the check were missing: make the caller an admin.
  const harmfulForm = async () => {
    const form = new FormData();
    const [reviewerRow] = await handle.db.select().from(users).where(eq(users.role, 'reviewer')).limit(1);
    form.set('userId', reviewerRow!.id);
    form.set('role', 'admin');
    form.set('disabled', 'true');
    form.set('email', 'intruder@example.jp');
    return form;
  };
  const snapshot = async () => queryRows(handle.db, sql`select email, role, disabled_at from users order by email`);

  it('finds the actions by walking lib/actions/staff/', async () => {
    const actions = await loadActions();
    expect(actionFiles.length).toBeGreaterThanOrEqual(3);
    expect(actions.length).toBeGreaterThanOrEqual(actionFiles.length);
    for (const { name, action } of actions) {
      // Every export must be built with withStaffAction, which is what carries the check.
      expect(permissionOfAction(action), `${name} is not built with withStaffAction`).toBeDefined();
    }
  });

  it('anonymous and forged sessions are refused, audited, and change nothing', async () => {
    const before = await snapshot();
    for (const { name, action } of await loadActions()) {
      for (const token of [null, 'forged-session-token']) {
        const result = await call(action, token, await harmfulForm());
        expect(result, name).toMatchObject({ status: 'error', denied: 'anonymous' });
      }
    }
    expect(await snapshot()).toEqual(before);
    const denials = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.access_denied'), sql`${auditLog.actorId} is null`));
    expect(denials.length).toBeGreaterThan(0);
    expect(denials[0]!.ipHash).toMatch(/^[\w-]{32}$/);
  });

  it('a session that has not passed its passkey step is refused by every action, whatever the role', async () => {
    // An admin at the mailed link who must still register a passkey (PASSKEY_REQUIRED_ROLES
    // defaults to admin), and a reviewer who has a passkey and has not proved it in this session.
    const admin = await createStaffWithSession(handle.db, { email: 'admin-no-passkey@example.jp', role: 'admin', secondFactor: false });
    const reviewer = await createStaffWithSession(handle.db, { email: 'reviewer-passkey@example.jp', role: 'reviewer', secondFactor: false });
    await handle.db.insert(staffPasskeys).values({ id: 'walk-credential', userId: reviewer.userId, publicKey: 'AA', deviceType: 'singleDevice', backedUp: false });
    const before = await snapshot();
    for (const { name, action } of await loadActions()) {
      for (const [label, token] of [['admin (enrol)', admin.sessionToken], ['reviewer (verify)', reviewer.sessionToken]] as const) {
        const result = await call(action, token, await harmfulForm());
        expect(result, `${name} as ${label}`).toMatchObject({ status: 'error', denied: 'second-factor', formError: 'staffCommon.secondFactorRequired' });
      }
    }
    expect(await snapshot()).toEqual(before);
    const denials = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.access_denied'), eq(auditLog.actorId, admin.userId)));
    expect(denials.length).toBeGreaterThan(0);
    expect(denials[0]!.after).toEqual({ reason: 'second-factor' });
  });

  it('each role lacking the permission is refused; a role holding it gets past the check', async () => {
    const before = await snapshot();
    for (const { name, action } of await loadActions()) {
      const permission = permissionOfAction(action)!;
      for (const role of ROLES) {
        if (roleHasPermission(role, permission)) {
          // The same check lets the right role through (here to field validation: an empty form).
          const result = await call(action, tokens[role]!, new FormData());
          expect(result.denied, `${name} as ${role}`).toBeUndefined();
        } else {
          const result = await call(action, tokens[role]!, await harmfulForm());
          expect(result, `${name} as ${role}`).toMatchObject({ status: 'error', denied: 'forbidden' });
        }
      }
    }
    expect(await snapshot()).toEqual(before);
    const [reviewerRow] = await handle.db.select().from(users).where(eq(users.role, 'reviewer'));
    const denied = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.access_denied'), eq(auditLog.actorId, reviewerRow!.id)));
    expect(denied.length).toBeGreaterThan(0);
  });
});

describe.each(testDrivers())("staff actions refuse a reviewer of another department without effect on %s", (driver) => {
  let handle: DbHandle;
  let outsiderToken: string;
  let fixture: { slug: string; caseId: number; department: number; documentId: number; submissionId: number; opinionId: number };
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const admin = await createTestActor(handle.db, 'admin');
    const c = await createTestConsultation(handle.db, { department: '企画部 企画調整課', items: 3 });
    const submissionId = await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 1, text: '公園を増やしてください。' }] });
    const [opinion] = await queryRows<{ id: number }>(handle.db, sql`select id from opinions where submission_id = ${submissionId}`);
    const document = await addCaseDocument(handle.db, admin, c.slug, { name: '素案.pdf', bytes: tinyPdf() });
    if (!document.ok) throw new Error(document.error);
    fixture = { slug: c.slug, caseId: c.id, department: await ensureDepartment(handle.db, '企画部 企画調整課'), documentId: document.id, submissionId, opinionId: opinion!.id };
    // A reviewer (who may manage cases, triage and draft) of 福祉課 only.
    const outsider = await createStaffWithSession(handle.db, { email: 'welfare-reviewer@example.jp', role: 'reviewer' });
    await handle.db.delete(staffDepartments).where(eq(staffDepartments.userId, outsider.userId));
    await handle.db.insert(staffDepartments).values({ userId: outsider.userId, departmentId: await ensureDepartment(handle.db, '健康推進部 福祉課') });
    outsiderToken = outsider.sessionToken;
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** Every field any staff form posts, naming the other department's case and its records, valid where it can be. */
  function caseForm(): FormData {
    const form = new FormData();
    const fields: Record<string, string> = {
      consultation: fixture.slug,
      consultationId: String(fixture.caseId),
      title: '書き換えた案件名',
      slug: `taken-over-${fixture.caseId}`,
      departmentId: String(fixture.department),
      overview: '書き換え',
      postalAddress: '',
      fax: '',
      email: '',
      counter: '',
      howToSubmit: '',
      contact: '',
      categories: '',
      opensAt: '2030-04-01T09:00',
      lastDay: '2030-05-31',
      confirm: 'on',
      confirmOpen: 'on',
      reason: '乗っ取り',
      intent: 'commit',
      digest: 'x',
      number: '1',
      page: '1',
      heading: '注釈',
      before: '前',
      after: '後',
      document: String(fixture.documentId),
      submission: String(fixture.submissionId),
      submissionId: String(fixture.submissionId),
      opinion: String(fixture.opinionId),
      opinionId: String(fixture.opinionId),
      id: String(fixture.opinionId),
      version: '1',
      summary: '書き換え',
      'summary-vi': 'x',
      status: 'classified',
      itemNumber: '1',
      response: '市の考え方',
      code: 'F',
      label: '追加',
      retentionDays: '400',
      channel: 'post',
      receivedOn: '2025-01-10',
    };
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const seed = readFileSync(path.join(process.cwd(), 'db/seed/isesaki-2nd-strategy.txt'));
    form.set('file', new File([seed], 'isesaki.txt', { type: 'text/plain' }));
    return form;
  }
  const tables = ['users', 'consultations', 'revision_items', 'consultation_documents', 'consultation_summaries', 'submissions', 'opinions', 'response_groups', 'handling_categories'];
  const snapshot = async () => Promise.all(tables.map((t) => queryRows(handle.db, sql`select * from ${sql.identifier(t)} order by 1`)));

  it('every action is refused (by role, or as a case that does not exist) and changes nothing', async () => {
    const before = await snapshot();
    const call = (action: Action) =>
      runWithRequestContext({ db: handle.db, sessionToken: outsiderToken, headers: new Headers({ 'x-forwarded-for': '192.0.2.8' }) }, () => action({ status: 'idle' }, caseForm()));
    let scoped = 0;
    for (const { name, action } of await loadActions()) {
      const result = await call(action);
      expect(result.status, `${name}: refused`).toBe('error');
      if (permissionOfAction(action) === 'consultation.manage') {
        // Past the role check and field validation: refused because the case is not theirs.
        scoped += 1;
        expect(JSON.stringify(result), `${name}: not found, or a department that is not theirs`).toMatch(/caseErrors\.(notFound|departmentRequired)/);
      }
    }
    expect(scoped, 'the case management actions a reviewer may call').toBeGreaterThanOrEqual(10);
    expect(await snapshot()).toEqual(before);
  });
});
