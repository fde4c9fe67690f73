import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations } from '@/db/schema';
import { isPublicCase, listItemHeadings } from '@/lib/data/consultations';
import { commentSchema } from '@/lib/validation/comment';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import { isSlug } from '@/lib/validation/slug';

/** What the comment form, its schema, the receipt and its mail need of a public case. */
export type CommentFormContext = {
  id: number;
  title: string;
  department: string;
  opensAt: Date;
  closesAt: Date;
  settings: CommentFormSettings;
  items: { number: number; heading: string }[];
};

/** The last context read per case, for the form page while the database is briefly away. */
const lastReadFormContext = new Map<string, CommentFormContext>();

/**
 * The consultation's form settings and item list: what the form and the schema need. With
 * `staleOnError`, a failed read returns what this process last read for the case, so a form
 * post during a database restart still shows the resident the action's message (and their
 * input) instead of an error page; the period is checked again when the comment is stored.
 */
export async function getCommentFormContext(db: Db, slug: string, options: { staleOnError?: boolean } = {}): Promise<CommentFormContext | null> {
  try {
    const form = await readCommentFormContext(db, slug);
    if (form) lastReadFormContext.set(slug, form);
    return form;
  } catch (error) {
    const stale = options.staleOnError ? lastReadFormContext.get(slug) : undefined;
    if (!stale) throw error;
    console.warn('comment form: database unavailable, showing the last read case', { slug });
    return stale;
  }
}

async function readCommentFormContext(db: Db, slug: string): Promise<CommentFormContext | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({
      id: consultations.id,
      title: consultations.title,
      department: consultations.department,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      settings: consultations.formSettings,
    })
    .from(consultations)
    .where(and(eq(consultations.slug, slug), isPublicCase))
    .limit(1);
  if (!row) return null;
  const items = await listItemHeadings(db, row.id);
  return { ...row, items };
}

/**
 * The form context changes only when staff edit a case; a few seconds of reuse saves two
 * queries per submission. Nothing binding depends on it: the period is checked again inside
 * the statement that stores the comment, against the database clock.
 */
const FORM_CONTEXT_TTL_MS = 5_000;
const formContextCache = new Map<string, { at: number; db: Db; value: Promise<CommentFormContext | null> }>();

/** Staff changed a case (period, settings, items): this instance reads it afresh at once. */
export function forgetCommentFormContext(slug: string): void {
  formContextCache.delete(slug);
}

/** The form context as read at most a few seconds ago by this instance (a submission's read). */
export function cachedCommentFormContext(db: Db, slug: string): Promise<CommentFormContext | null> {
  const hit = formContextCache.get(slug);
  if (hit && hit.db === db && Date.now() - hit.at < FORM_CONTEXT_TTL_MS) return hit.value;
  const value = getCommentFormContext(db, slug);
  formContextCache.set(slug, { at: Date.now(), db, value });
  value.catch(() => formContextCache.delete(slug));
  if (formContextCache.size > 100) formContextCache.delete(formContextCache.keys().next().value!);
  return value;
}

// Building a zod schema costs about a millisecond; build one per form context.
const schemas = new WeakMap<CommentFormContext, ReturnType<typeof commentSchema>>();

/** The comment schema of this case (lib/validation/comment.ts), built once per context read. */
export function commentSchemaFor(form: CommentFormContext): ReturnType<typeof commentSchema> {
  let schema = schemas.get(form);
  if (!schema) {
    schema = commentSchema({ settings: form.settings, itemNumbers: form.items.map((i) => i.number) });
    schemas.set(form, schema);
  }
  return schema;
}
