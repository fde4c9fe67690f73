import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { consultations, opinions, submissions } from '@/db/schema';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { caseFormSchema } from '@/lib/validation/case';
import { findCaseInScope } from './scope';
import { addCaseDocument, findCaseDocumentForStaff, removeCaseDocument } from '../cases/documents';
import { closeCaseEarly, extendCase, openCaseNow, scheduleCase } from '../cases/lifecycle';
import { commitItemImport, planItemImport, removeDraftItem, saveDraftItem } from '../cases/items';
import { createCase, getCaseForStaff, updateCase } from '../cases/manage';
import { listConsultationsForStaff } from '../staff-accounts';
import { getPublishReadiness, publishResults } from '../results/publish';
import { approveResponse, changeGroupMembers, createResponseGroup, deleteResponseGroup, returnResponse, saveResponseDraft, submitResponse } from '../results/groups';
import { getResponseWorkspace } from '../results/workspace';
import { saveItemAmendment } from '../results/amendments';
import { rerunAnalysis } from '../analysis/run';
import { decideAnalysis } from '../analysis/decisions';
import { getConsultationAnalysis, opinionTexts } from '../analysis/read';
import { getSubmissionForTriage } from '../triage/submission';
import { getConsultationForTriage, listInbox } from '../triage/inbox';
import { enterPaperSubmission, paperFormSettings } from '../triage/paper';
import { bulkUpdateOpinions, opinionText, splitOpinion, updateOpinion } from '../triage/opinions';
import { exportOpinions } from '../triage/export';
import { deleteCategory, listCategories, saveCategory } from '../triage/categories';
import { getRetention, saveRetention } from '@/lib/retention/retention';
import { decideErasure, getHeldPersonalData, listOpenErasureRequests, requestErasure } from '@/lib/retention/requests';
import { ensureDepartment } from './departments';
import { saveCaseSummaries, type CaseSummaries } from '../cases/summaries';
import { draftSources, listTemplates, saveTemplate } from '../results/templates';
import { LOCALES } from '@/lib/i18n/locales';

/**
 * Department scoping, walked: every exported function of the data layer (lib/data, lib/retention,
 * and the submission path in lib/submissions)
 * is either called below as a reviewer of another department — and must answer as if the case
 * did not exist (null, empty, not found) — and as a reviewer of the case's department, who must
 * get the data; or it is listed in EXEMPT with the reason it needs no scope. A new export that is
 * in neither list fails the walk.
 *
 * A function only admins may call (their role sees every department) refuses both reviewers by
 * permission; the walk then checks that an admin gets the data, and if reviewers are ever given
 * that permission the same entry checks the scope instead.
 */
const modules = import.meta.glob(['../**/*.ts', '../../retention/*.ts', '../../submissions/*.ts', '!../**/*.test.ts', '!../../retention/*.test.ts', '!../../submissions/*.test.ts'], {
  eager: true,
}) as Record<string, Record<string, unknown>>;

const EXEMPT: Record<string, string> = {
  databaseNow: 'reads the database clock, no case data',
  documentName: 'pure: a file name check',
  findCaseDocument: 'the public document route: it refuses drafts itself, and published documents are public',
  streamDocumentContent: 'streams a document whose head was found by a scoped (or public) read first',
  caseState: 'pure',
  isKnownConsultationPath: 'public paths only (drafts excluded)',
  knownRefusal: 'rate limits, no case data',
  consumeRateLimit: 'rate limits, no case data',
  pruneRateLimits: 'rate limits, no case data',
  getCommentFormContext: "the resident's comment form: public cases only",
  forgetCommentFormContext: 'a cache key, no data',
  cachedCommentFormContext: "the resident's comment form: public cases only",
  commentSchemaFor: 'pure: the schema of a form context read for a public case',
  knownSubmissionRefusal: "the resident's rate limit",
  submissionRules: 'rate limits, no case data',
  submitComment: 'residents submit to public, open cases',
  receiptMail: "the resident's own receipt",
  receiptMailText: "the resident's own receipt",
  receivedAtText: 'pure: a formatted time',
  itemLabel: 'pure',
  uniqueViolation: 'pure: reads an error',
  submissionWriteCtes: 'builds the write that submitComment (public, open cases) and enterPaperSubmission (walked) run',
  insertSubmission: 'runs inside enterPaperSubmission (walked) after its scope check',
  withFreshReceiptNumber: 'runs a write it is given with a new receipt number',
  handleSubmissionRequest: 'the HTTP adapter of submitComment: residents submit to public, open cases',
  originAllowed: 'pure: reads request headers',
  lookUpOpinions: "the resident's own opinions, by receipt number and secret, public cases only",
  normalizeEmail: 'pure',
  normalizeLine: 'pure',
  generateReceiptNumber: 'pure',
  parseReceiptNumber: 'pure',
  formatReceiptNumber: 'pure',
  checkValue: 'pure',
  listStaff: 'staff accounts (staff.manage), no case data',
  findActiveStaffByEmail: 'sign-in, no case data',
  addStaff: 'staff accounts, no case data',
  changeStaffRole: 'staff accounts, no case data',
  setStaffDisabled: 'staff accounts, no case data',
  upsertStaffFromCommandLine: 'the command line (shell access), no actor',
  consultationStatus: 'pure',
  listPublicConsultations: 'public cases only',
  getPublicConsultation: 'public cases only',
  readConsultationWithItems: 'takes a case row already read through a scoped read (getCaseForStaff)',
  listItemHeadings: 'item headings, called after a scoped or public read of the case',
  filterItems: 'pure',
  normalizeForSearch: 'pure',
  recordAudit: 'writes the audit log',
  recordAnonymousAudit: 'writes the audit log',
  suggestClusters: 'pure',
  buildResultSnapshot: "runs inside publishResults' transaction on the case it read scoped",
  getPublishedResult: 'published results are public',
  resultTableRows: 'pure, over a published snapshot',
  resultCsv: 'pure, over a published snapshot',
  resultXlsx: 'pure, over a published snapshot',
  readPublicConsultations: 'public cases only',
  readPublicConsultation: 'public cases only',
  readPublishedResult: 'published results are public',
  isOwnWork: 'pure',
  analyseNewOpinions: 'the background worker, no actor and no output to anyone',
  analysePendingOpinions: 'the background worker',
  runFullAnalysis: 'called by rerunAnalysis after its scope check, and by the worker',
  AnalysisIndexCache: 'the worker\'s in-memory indexes, no database access and no output to anyone',
  instanceIndexCache: 'the worker\'s in-memory indexes of this process',
  searchWords: 'pure',
  opinionFilterWhere: 'builds a WHERE that callers combine with the scope',
  opinionOrder: 'pure',
  isCounted: 'pure: the counted-opinion rule',
  countedSql: 'builds a condition that callers combine with the scope',
  excludedSql: 'builds a condition that callers combine with the scope',
  codePoints: 'pure',
  codePointLength: 'pure',
  checkCoverage: 'pure',
  piecesAt: 'pure',
  piecesFromMarkedText: 'pure',
  paperCommentErrors: 'pure',
  toOpinionView: 'pure',
  createInitialOpinions: "runs inside a submission's own transaction",
  countRows: 'a query helper',
  itemOptions: 'pure',
  categoryOptions: 'pure',
  ensureDefaultCategories: 'writes the default category list, returns nothing; called after a scoped read',
  exportCsv: 'pure',
  exportXlsx: 'pure',
  listAuditLog: 'audit.read is for admins only, who see every department',
  fieldMessages: 'pure',
  failureMessage: 'pure',
  startRetentionWorker: 'the background worker',
  runRetention: 'the background worker',
  erasePersonalData: 'runs inside decideErasure or the worker',
  lockHeldSubmissions: 'the background worker',
  seesAllDepartments: 'the scope itself',
  caseScope: 'the scope itself',
  caseInScope: 'the scope itself',
  listDepartments: 'departments (staff.manage), no case data',
  departmentsForCaseForm: 'departments, no case data; tested below',
  departmentForCase: 'departments, no case data; tested below',
  createDepartment: 'departments, no case data',
  renameDepartment: 'departments, no case data',
  listStaffDepartments: 'departments, no case data',
  setStaffDepartments: 'departments, no case data',
  ensureDepartment: 'the command line, no actor',
  checkDatabase: 'the readiness check: select 1',
  openOpinionExport: 'caseScope in its WHERE; walked through exportOpinions, which reads every batch of it',
  csvStream: 'pure: writes rows it is given',
  xlsxStream: 'pure: writes rows it is given',
  streamToBuffer: 'pure',
  inboxWhere: 'builds the scoped WHERE of the inbox (caseScope inside)',
  opinionOrderKeys: 'pure',
  inboxNeighbours: 'its WHERE is inboxWhere (caseScope); an outsider finding nothing is tested in lib/data/triage/neighbours.test.ts',
  inCampaignWhere: 'builds a WHERE that callers combine with the scope',
  oneRowPerCampaignWhere: 'builds a WHERE that callers combine with the scope',
  campaignsOf: 'called by listInbox and getSubmissionForTriage after their scoped reads',
  membersOfCampaigns: 'called by the bulk action after getConsultationForTriage (scoped); the change itself is bulkUpdateOpinions (walked)',
  campaignSelections: 'called by the bulk action after getConsultationForTriage (scoped); the change itself is bulkUpdateOpinions (walked)',
  getCampaign: 'caseScope in its WHERE; the fixture has no campaign (e2e/analysis.spec.ts and lib/data/analysis/staff-review.test.ts read one)',
  classifyCampaign: 'reads through getCampaign (scoped) and writes through bulkUpdateOpinions (walked)',
  unreviewedPersonalData: 'called inside publishResults and getPublishReadiness after their scoped reads',
  acceptedRedactions: "called inside publishResults' transaction on the case it read scoped",
  redact: 'pure',
  listCaseSummaries: 'called after getCaseForStaff (scoped) on the settings page',
  getPublicCaseSummary: 'public cases only',
  rateLimitCountSql: 'rate limits, no case data',
  rateLimitOutcome: 'rate limits, no case data',
  draftSourceText: 'reads only through a group found with caseScope; an outsider getting null is tested in lib/data/results/templates.test.ts',
};

type Fixture = {
  caseId: number;
  slug: string;
  closesAt: Date;
  submissionId: number;
  receiptNumber: string;
  opinionId: number;
  groupId: number;
  documentId: number;
  erasureRequestId: number;
  planning: number;
};

/** How a call answers: denied by permission, or its result. */
async function answer(call: () => Promise<unknown>): Promise<{ denied: true } | { denied: false; result: unknown }> {
  try {
    return { denied: false, result: await call() };
  } catch (error) {
    if (error instanceof StaffAccessDenied) return { denied: true };
    throw error;
  }
}

const notFound = (r: unknown) =>
  r === null ||
  (Array.isArray(r) && r.length === 0) ||
  (typeof r === 'object' && r !== null && 'ok' in r && (r as { ok: boolean }).ok === false && ['notFound', 'unknownItem', 'departmentRequired'].includes(String((r as { error?: unknown }).error))) ||
  (typeof r === 'object' && r !== null && 'error' in r && (r as { error?: unknown }).error === 'notFound');

type Entry = { call: (actor: StaffActor, f: Fixture) => Promise<unknown> };

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');
const item = { number: 1, page: 1, heading: '数値目標', headingKind: '数値目標', before: [], after: [{ kind: 'paragraph' as const, text: '改訂後' }], beforeText: '', afterText: '改訂後' };
const table = { title: '案件', overview: [], items: [item] };
const caseForm = (slug: string, department: number) =>
  caseFormSchema.parse({
    ...Object.fromEntries(['title', 'overview', 'postalAddress', 'fax', 'email', 'counter', 'howToSubmit', 'contact', 'categories'].map((k) => [k, ''])),
    title: '案件',
    slug,
    departmentId: String(department),
  });

const WALK: Record<string, Entry> = {
  getCaseForStaff: { call: (a, f) => getCaseForStaff(db(), a, f.slug) },
  findCaseInScope: { call: (a, f) => findCaseInScope(db(), a, f.slug) },
  createCase: {
    call: (a, f) => createCase(db(), a, caseForm(`new-${a.id.slice(0, 8)}`, f.planning)),
  },
  updateCase: { call: (a, f) => updateCase(db(), a, f.slug, caseForm(f.slug, f.planning)) },
  listConsultationsForStaff: { call: (a, f) => listConsultationsForStaff(db(), a).then((list) => list.filter((c) => c.slug === f.slug)) },
  planItemImport: { call: (a, f) => planItemImport(db(), a, f.slug, table) },
  commitItemImport: { call: (a, f) => commitItemImport(db(), a, f.slug, table, 'digest') },
  saveDraftItem: { call: (a, f) => saveDraftItem(db(), a, f.slug, { number: 1, page: 1, heading: '数値目標', before: '', after: '改訂後' }) },
  removeDraftItem: { call: (a, f) => removeDraftItem(db(), a, f.slug, 99) },
  addCaseDocument: { call: (a, f) => addCaseDocument(db(), a, f.slug, { name: '資料.pdf', bytes: pdf }) },
  findCaseDocumentForStaff: { call: (a, f) => findCaseDocumentForStaff(db(), a, f.slug, f.documentId) },
  removeCaseDocument: { call: (a, f) => removeCaseDocument(db(), a, f.slug, f.documentId) },
  scheduleCase: { call: (a, f) => scheduleCase(db(), a, f.caseId, { opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000) }) },
  openCaseNow: { call: (a, f) => openCaseNow(db(), a, f.caseId) },
  extendCase: { call: (a, f) => extendCase(db(), a, f.caseId, new Date(f.closesAt.getTime() - 1000)) },
  closeCaseEarly: { call: (a, f) => closeCaseEarly(db(), a, f.caseId, '理由') },
  getPublishReadiness: { call: (a, f) => getPublishReadiness(db(), a, f.caseId) },
  publishResults: { call: (a, f) => publishResults(db(), a, { consultationId: f.caseId }) },
  createResponseGroup: { call: (a, f) => createResponseGroup(db(), a, { consultationId: f.caseId, itemNumber: 1, opinionIds: [999_999] }) },
  changeGroupMembers: { call: (a, f) => changeGroupMembers(db(), a, { groupId: f.groupId, version: -1 }) },
  saveResponseDraft: { call: (a, f) => saveResponseDraft(db(), a, { groupId: f.groupId, version: -1, response: '市の考え方', categoryCode: null }) },
  submitResponse: { call: (a, f) => submitResponse(db(), a, { groupId: f.groupId, version: -1 }) },
  approveResponse: { call: (a, f) => approveResponse(db(), a, { groupId: f.groupId, version: -1 }) },
  returnResponse: { call: (a, f) => returnResponse(db(), a, { groupId: f.groupId, version: -1, remark: '再考' }) },
  deleteResponseGroup: { call: (a, f) => deleteResponseGroup(db(), a, { groupId: f.groupId, version: -1 }) },
  getResponseWorkspace: { call: (a, f) => getResponseWorkspace(db(), a, f.slug) },
  saveItemAmendment: { call: (a, f) => saveItemAmendment(db(), a, { consultationId: f.caseId, itemNumber: 1, version: 99, changed: false, amendedText: '', note: '' }) },
  rerunAnalysis: { call: (a, f) => rerunAnalysis(db(), a, f.caseId) },
  saveCaseSummaries: { call: (a, f) => saveCaseSummaries(db(), a, f.caseId, Object.fromEntries(LOCALES.map((l) => [l, ''])) as CaseSummaries) },
  listTemplates: { call: (a, f) => listTemplates(db(), a, f.caseId) },
  saveTemplate: { call: (a, f) => saveTemplate(db(), a, { consultationId: f.caseId, scope: 'case', title: '定型文', body: '本文' }) },
  draftSources: { call: (a, f) => draftSources(db(), a, f.caseId) },
  paperFormSettings: { call: (a, f) => paperFormSettings(db(), a, f.caseId) },
  opinionTexts: { call: (a, f) => opinionTexts(db(), a, f.caseId, [f.opinionId]) },
  // An unknown item: 'invalid' once the case is found, 'notFound' when it is not.
  decideAnalysis: { call: (a, f) => decideAnalysis(db(), a, f.caseId, { kind: 'item-accept', opinionId: f.opinionId, itemNumber: 999, version: 1 }) },
  getConsultationAnalysis: { call: (a, f) => getConsultationAnalysis(db(), a, f.slug) },
  getSubmissionForTriage: { call: (a, f) => getSubmissionForTriage(db(), a, { id: f.caseId, closesAt: f.closesAt }, f.submissionId) },
  getConsultationForTriage: { call: (a, f) => getConsultationForTriage(db(), a, f.slug) },
  listInbox: { call: (a, f) => listInbox(db(), a, { id: f.caseId, closesAt: f.closesAt }, {}).then((page) => page.rows) },
  enterPaperSubmission: {
    call: (a, f) =>
      enterPaperSubmission(
        db(),
        a,
        { id: f.caseId, closesAt: f.closesAt, settings: { categories: [], required: { name: false, address: false, category: false, email: false } }, itemNumbers: [1] },
        { channel: 'post', receivedOn: '2025-01-10', comment: { submitter: { name: '', address: '', category: '', email: '' }, opinions: [{ itemNumber: 1, text: '郵送の意見' }], consent: true } },
      ),
  },
  updateOpinion: { call: (a, f) => updateOpinion(db(), a, { consultationId: f.caseId, id: f.opinionId, version: 999, changes: { summary: '要約' } }) },
  splitOpinion: { call: (a, f) => splitOpinion(db(), a, { consultationId: f.caseId, id: f.opinionId, version: 999, pieces: ['a'] }) },
  opinionText: { call: (a, f) => opinionText(db(), a, f.caseId, f.opinionId) },
  bulkUpdateOpinions: { call: (a, f) => bulkUpdateOpinions(db(), a, { consultationId: f.caseId, selections: [{ id: f.opinionId, version: 999 }], change: { status: 'classified' } }) },
  exportOpinions: {
    call: (a, f) => exportOpinions(db(), a, { id: f.caseId, closesAt: f.closesAt, items: [], categories: [] }, {}, { includeAll: true, personal: true }).then((t) => t.rows),
  },
  listCategories: { call: (a, f) => listCategories(db(), a, f.caseId) },
  saveCategory: { call: (a, f) => saveCategory(db(), a, { consultationId: f.caseId, code: 'F', label: '追加', position: 9 }) },
  deleteCategory: { call: (a, f) => deleteCategory(db(), a, { consultationId: f.caseId, code: 'E' }) },
  getRetention: { call: (a, f) => getRetention(db(), a, f.slug, 365) },
  saveRetention: { call: (a, f) => saveRetention(db(), a, { slug: f.slug, retentionDays: 400, version: 99 }, null) },
  getHeldPersonalData: { call: (a, f) => getHeldPersonalData(db(), a, f.receiptNumber, 'viewed', null) },
  listOpenErasureRequests: { call: (a, f) => listOpenErasureRequests(db(), a).then((list) => list.filter((r) => r.receiptNumber === f.receiptNumber)) },
  requestErasure: { call: (a, f) => requestErasure(db(), a, { receiptNumber: f.receiptNumber, reason: '本人の申出' }, null) },
  decideErasure: { call: (a, f) => decideErasure(db(), a, { requestId: f.erasureRequestId, decision: 'reject' }, null) },
};

let handle: DbHandle;
const db = () => handle.db;

describe('the walk covers every export', () => {
  it('every exported function of lib/data, lib/retention and lib/submissions is walked or exempt with a reason', () => {
    const names = new Set<string>();
    for (const exports of Object.values(modules)) {
      for (const [name, value] of Object.entries(exports)) if (typeof value === 'function') names.add(name);
    }
    expect(names.size).toBeGreaterThan(60);
    const unaccounted = [...names].filter((name) => !(name in WALK) && !(name in EXEMPT)).sort();
    expect(unaccounted, 'export these through the walk (WALK) or say why they need no scope (EXEMPT)').toEqual([]);
    const stale = [...Object.keys(WALK), ...Object.keys(EXEMPT)].filter((name) => !names.has(name));
    expect(stale, 'entries for functions that no longer exist').toEqual([]);
  });
});

describe.each(testDrivers())('department scoping on %s', (driver) => {
  let admin: StaffActor;
  let outsider: StaffActor;
  let insider: StaffActor;
  let fixture: Fixture;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(db(), 'admin');
    const secondAdmin = await createTestActor(db(), 'admin');
    insider = await createTestActor(db(), 'reviewer', 'insider@example.jp', ['企画部 企画調整課']);
    outsider = await createTestActor(db(), 'reviewer', 'outsider@example.jp', ['健康推進部 福祉課']);
    const c = await createTestConsultation(db(), { department: '企画部 企画調整課', items: 2 });
    const submissionId = await insertTestSubmission(db(), c.id, { texts: [{ itemNumber: 1, text: '公園を増やしてください。' }] });
    const [s] = await db().select().from(submissions).where(eq(submissions.id, submissionId));
    const [o] = await db().select().from(opinions).where(eq(opinions.submissionId, submissionId));
    const group = await createResponseGroup(db(), admin, { consultationId: c.id, itemNumber: 1, opinionIds: [o!.id] });
    const document = await addCaseDocument(db(), admin, c.slug, { name: '素案.pdf', bytes: pdf });
    const erasure = await requestErasure(db(), secondAdmin, { receiptNumber: s!.receiptNumber, reason: '本人の申出' }, null);
    if (!group.ok || !document.ok || !erasure.ok) throw new Error('fixture');
    fixture = {
      caseId: c.id,
      slug: c.slug,
      closesAt: c.closesAt,
      submissionId,
      receiptNumber: s!.receiptNumber,
      opinionId: o!.id,
      groupId: group.group.id,
      documentId: document.id,
      erasureRequestId: erasure.requestId,
      planning: await ensureDepartment(db(), '企画部 企画調整課'),
    };
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a reviewer of another department changes nothing through any walked function (case management included)', async () => {
    const tables = ['consultations', 'revision_items', 'consultation_documents', 'consultation_summaries', 'submissions', 'opinions', 'response_groups'];
    // The audit log too, but for the record of the (empty) export attempt, which is logged whoever asks.
    const snapshot = async () => [
      ...(await Promise.all(tables.map((t) => queryRows(db(), sql`select * from ${sql.identifier(t)} order by 1`)))),
      await queryRows(db(), sql`select * from audit_log where action <> 'personal_data.exported' order by id`),
    ];
    const before = await snapshot();
    let reached = 0;
    for (const [name, entry] of Object.entries(WALK)) {
      const out = await answer(() => entry.call(outsider, fixture));
      if (!out.denied) {
        reached += 1;
        expect(notFound(out.result), `${name}: not found for the outsider`).toBe(true);
      }
    }
    // Case management is among what reviewers may call: scoped, not refused by role.
    expect(reached).toBeGreaterThanOrEqual(30);
    for (const name of ['createCase', 'updateCase', 'commitItemImport', 'addCaseDocument', 'removeCaseDocument', 'scheduleCase', 'openCaseNow', 'extendCase', 'closeCaseEarly', 'saveCaseSummaries']) {
      expect((await answer(() => WALK[name]!.call(outsider, fixture))).denied, name).toBe(false);
    }
    // The takeover path: the outsider moves the other department's case into their own department,
    // which they may name. Only the case's scope refuses it (the walk's entry names the case's
    // department, which the department check alone would refuse).
    const [own] = await queryRows<{ department_id: number }>(db(), sql`select department_id from staff_departments where user_id = ${outsider.id}`);
    expect(await updateCase(db(), outsider, fixture.slug, caseForm(fixture.slug, Number(own!.department_id)))).toEqual({ ok: false, error: 'notFound' });
    expect(await snapshot()).toEqual(before);
  });

  it('a reviewer of another department sees none of the case; one of its department does', async () => {
    for (const [name, entry] of Object.entries(WALK)) {
      const out = await answer(() => entry.call(outsider, fixture));
      const inside = await answer(() => entry.call(insider, fixture));
      if (out.denied) {
        expect(inside.denied, `${name}: a permission both reviewers lack`).toBe(true);
        const byAdmin = await answer(() => entry.call(admin, fixture));
        expect(byAdmin.denied, `${name}: admins may`).toBe(false);
        if (!byAdmin.denied) expect(notFound(byAdmin.result), `${name}: an admin (every department) finds the case`).toBe(false);
      } else {
        expect(notFound(out.result), `${name}: the other department's reviewer gets not-found or nothing, got ${JSON.stringify(out.result)?.slice(0, 200)}`).toBe(true);
        expect(inside.denied, `${name}: the case's department's reviewer may`).toBe(false);
        if (!inside.denied) expect(notFound(inside.result), `${name}: the case's department's reviewer finds the case, got ${JSON.stringify(inside.result)?.slice(0, 200)}`).toBe(false);
      }
    }
  });

  it("an outsider's calls change nothing and read no personal data", async () => {
    const fresh = await createTestConsultation(db(), { department: '企画部 企画調整課', items: 1 });
    const subId = await insertTestSubmission(db(), fresh.id, { texts: [{ itemNumber: 1, text: '意見です。' }] });
    const [o] = await db().select().from(opinions).where(eq(opinions.submissionId, subId));
    const rowBefore = await db().select().from(consultations).where(eq(consultations.id, fresh.id));
    expect(await updateOpinion(db(), outsider, { consultationId: fresh.id, id: o!.id, version: o!.version, changes: { summary: '書き換え' } })).toEqual({ ok: false, error: 'notFound' });
    expect(await splitOpinion(db(), outsider, { consultationId: fresh.id, id: o!.id, version: o!.version, pieces: ['意見', 'です。'] })).toEqual({ ok: false, error: 'notFound' });
    expect(await decideAnalysis(db(), outsider, fresh.id, { kind: 'item-accept', opinionId: o!.id, itemNumber: 1, version: o!.version })).toEqual({ ok: false, error: 'notFound' });
    expect(await getSubmissionForTriage(db(), outsider, { id: fresh.id, closesAt: fresh.closesAt }, subId)).toBeNull();
    const [after] = await db().select().from(opinions).where(eq(opinions.id, o!.id));
    expect(after).toEqual(o);
    expect(await db().select().from(consultations).where(eq(consultations.id, fresh.id))).toEqual(rowBefore);
    // The insider with the same calls changes the opinion.
    expect(await updateOpinion(db(), insider, { consultationId: fresh.id, id: o!.id, version: o!.version, changes: { summary: '要約' } })).toMatchObject({ ok: true });
    expect((await getSubmissionForTriage(db(), insider, { id: fresh.id, closesAt: fresh.closesAt }, subId))?.submitter?.name).toBe('伊勢崎 花子');
  });

  it('the case form offers a reviewer their own departments and an admin every one', async () => {
    const { departmentsForCaseForm, departmentForCase } = await import('./departments');
    const welfare = await ensureDepartment(db(), '健康推進部 福祉課');
    expect((await departmentsForCaseForm(db(), outsider)).map((d) => d.name)).toEqual(['健康推進部 福祉課']);
    expect((await departmentsForCaseForm(db(), admin)).map((d) => d.id)).toEqual(expect.arrayContaining([fixture.planning, welfare]));
    expect(await departmentForCase(db(), outsider, fixture.planning)).toBeNull();
    expect(await departmentForCase(db(), admin, fixture.planning)).toMatchObject({ id: fixture.planning });
  });
});
