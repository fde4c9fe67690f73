import 'server-only';
import { and, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, opinions, responseGroupMembers, responseGroups, responseTemplates, responseTemplateVersions, type ResponseTemplate } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { normalizeForComparison, textSimilarity } from '@/lib/text/normalize-for-comparison';
import { DRAFT_SOURCE } from '@/lib/validation/templates';
import { recordAudit } from '../audit';
import { caseInScope, caseScope } from '../departments/scope';

/**
 * 定型文 (reusable 市の考え方 passages) and where a draft can start from. A case's templates are
 * read and written by whoever drafts its responses (within their departments); the city's
 * templates are read by every drafter and written by those who approve responses. Inserting
 * copies the text into the draft: editing a template later never changes a draft.
 */

export type TemplateView = Pick<ResponseTemplate, 'id' | 'title' | 'body' | 'version' | 'updatedAt'> & { scope: 'case' | 'city' };
export type TemplateVersionView = { version: number; title: string; body: string; savedBy: string | null; savedAt: Date };

const view = (row: ResponseTemplate): TemplateView => ({
  id: row.id,
  title: row.title,
  body: row.body,
  version: row.version,
  updatedAt: row.updatedAt,
  scope: row.consultationId === null ? 'city' : 'case',
});

/** The case's templates and the city's, each with its earlier versions; null when the case is not the actor's. */
export async function listTemplates(
  db: Db,
  actor: StaffActor,
  consultationId: number,
): Promise<{ templates: TemplateView[]; versions: Map<number, TemplateVersionView[]> } | null> {
  assertPermission(actor, 'response.draft');
  if (!(await caseInScope(db, actor, consultationId))) return null;
  const rows = await db
    .select()
    .from(responseTemplates)
    .where(or(eq(responseTemplates.consultationId, consultationId), isNull(responseTemplates.consultationId)))
    .orderBy(sql`${responseTemplates.consultationId} is null`, responseTemplates.title, responseTemplates.id);
  const history = rows.length
    ? await db
        .select()
        .from(responseTemplateVersions)
        .where(inArray(responseTemplateVersions.templateId, rows.map((r) => r.id)))
        .orderBy(responseTemplateVersions.templateId, desc(responseTemplateVersions.version))
    : [];
  const versions = new Map<number, TemplateVersionView[]>();
  for (const h of history) versions.set(h.templateId, [...(versions.get(h.templateId) ?? []), { version: h.version, title: h.title, body: h.body, savedBy: h.savedBy, savedAt: h.savedAt }]);
  return { templates: rows.map(view), versions };
}

export type TemplateResult = { ok: true; template: TemplateView } | { ok: false; error: 'notFound' | 'conflict' };

/**
 * Creates a template (no id) or saves a new version of one (id, and the version it was read
 * at: a template someone else saved since is a conflict, nothing written). Audited.
 */
export async function saveTemplate(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; scope: 'case' | 'city'; id?: number; version?: number; title: string; body: string },
  ipHash: string | null = null,
): Promise<TemplateResult> {
  assertPermission(actor, input.scope === 'city' ? 'response.approve' : 'response.draft');
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId))) return { ok: false, error: 'notFound' } as const;
    const owner = input.scope === 'city' ? null : input.consultationId;
    let row: ResponseTemplate | undefined;
    let before: ResponseTemplate | undefined;
    if (input.id === undefined) {
      [row] = await tx.insert(responseTemplates).values({ consultationId: owner, title: input.title, body: input.body, updatedBy: actor.id }).returning();
    } else {
      [before] = await tx
        .select()
        .from(responseTemplates)
        .where(and(eq(responseTemplates.id, input.id), owner === null ? isNull(responseTemplates.consultationId) : eq(responseTemplates.consultationId, owner)))
        .for('update');
      if (!before) return { ok: false, error: 'notFound' } as const;
      if (before.version !== input.version) return { ok: false, error: 'conflict' } as const;
      [row] = await tx
        .update(responseTemplates)
        .set({ title: input.title, body: input.body, version: before.version + 1, updatedBy: actor.id, updatedAt: new Date() })
        .where(eq(responseTemplates.id, input.id))
        .returning();
    }
    await tx.insert(responseTemplateVersions).values({ templateId: row!.id, version: row!.version, title: row!.title, body: row!.body, savedBy: actor.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: before ? 'response_template.updated' : 'response_template.created',
      targetType: 'response_template',
      targetId: row!.id,
      before: before ? { title: before.title, body: before.body, version: before.version } : null,
      after: { title: row!.title, body: row!.body, version: row!.version, scope: input.scope },
      ipHash,
    });
    return { ok: true, template: view(row!) } as const;
  });
}

/** A response of another group a draft can start from. */
export type ResponseSource = { groupId: number; response: string; itemNumber: number | null; caseTitle: string; similarity?: number };

/** Groups compared for likeness, at most this many of the most recent answered ones. */
const SIMILAR_CANDIDATES = 500;
/** Shown as "similar" from this likeness of the opinions' texts (Dice on character bigrams). */
const SIMILAR_FROM = 0.3;

/**
 * For each group of a case: earlier responses on the same item of the case, and responses of
 * groups (in any case the actor may see) whose opinions say something alike, the three most
 * alike first. Null when the case is not the actor's.
 */
export async function draftSources(
  db: Db,
  actor: StaffActor,
  consultationId: number,
): Promise<Map<number, { sameItem: ResponseSource[]; similar: ResponseSource[] }> | null> {
  assertPermission(actor, 'response.draft');
  if (!(await caseInScope(db, actor, consultationId))) return null;
  const groups = await db
    .select({ id: responseGroups.id, consultationId: responseGroups.consultationId, itemNumber: responseGroups.itemNumber, response: responseGroups.response, caseTitle: consultations.title })
    .from(responseGroups)
    .innerJoin(consultations, eq(consultations.id, responseGroups.consultationId))
    .where(and(caseScope(actor, responseGroups.consultationId), or(eq(responseGroups.consultationId, consultationId), ne(responseGroups.response, ''))))
    .orderBy(desc(responseGroups.updatedAt))
    .limit(SIMILAR_CANDIDATES);
  const members = groups.length
    ? await db
        .select({ groupId: responseGroupMembers.groupId, text: opinions.text })
        .from(responseGroupMembers)
        .innerJoin(opinions, eq(opinions.id, responseGroupMembers.opinionId))
        .where(inArray(responseGroupMembers.groupId, groups.map((g) => g.id)))
    : [];
  const texts = new Map<number, string>();
  for (const m of members) texts.set(m.groupId, `${texts.get(m.groupId) ?? ''}${normalizeForComparison(m.text)}`);
  const source = (g: (typeof groups)[number], similarity?: number): ResponseSource => ({ groupId: g.id, response: g.response, itemNumber: g.itemNumber, caseTitle: g.caseTitle, similarity });
  const answered = groups.filter((g) => g.response.trim() !== '');
  const result = new Map<number, { sameItem: ResponseSource[]; similar: ResponseSource[] }>();
  for (const g of groups.filter((x) => x.consultationId === consultationId)) {
    const sameItem = answered.filter((o) => o.id !== g.id && o.consultationId === consultationId && o.itemNumber === g.itemNumber).map((o) => source(o));
    const mine = texts.get(g.id) ?? '';
    const similar = answered
      .filter((o) => o.id !== g.id && !sameItem.some((s) => s.groupId === o.id))
      .map((o) => ({ o, similarity: textSimilarity(mine, texts.get(o.id) ?? '') }))
      .filter((x) => x.similarity >= SIMILAR_FROM)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 3)
      .map((x) => source(x.o, x.similarity));
    result.set(g.id, { sameItem, similar });
  }
  return result;
}

/**
 * The text a draft of `groupId` starts from: a template of its case or of the city, or the
 * response of a group the actor may see. Null for anything else.
 */
export async function draftSourceText(db: Db, actor: StaffActor, groupId: number, source: string): Promise<string | null> {
  assertPermission(actor, 'response.draft');
  const match = DRAFT_SOURCE.exec(source);
  if (!match) return null;
  const [group] = await db
    .select({ consultationId: responseGroups.consultationId })
    .from(responseGroups)
    .where(and(eq(responseGroups.id, groupId), caseScope(actor, responseGroups.consultationId)));
  if (!group) return null;
  const id = Number(match[2]);
  if (match[1] === 'template') {
    const [row] = await db
      .select({ body: responseTemplates.body })
      .from(responseTemplates)
      .where(and(eq(responseTemplates.id, id), or(isNull(responseTemplates.consultationId), eq(responseTemplates.consultationId, group.consultationId))));
    return row?.body ?? null;
  }
  const [row] = await db
    .select({ response: responseGroups.response })
    .from(responseGroups)
    .where(and(eq(responseGroups.id, id), caseScope(actor, responseGroups.consultationId)));
  return row && row.response.trim() !== '' ? row.response : null;
}
