import { relations, sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { consultations } from './consultations';
import { submissionOpinions, submissions, type SubmissionChannel } from './submissions';

/**
 * 対応区分: how an opinion is handled. Each consultation has its own list (cities differ);
 * a new consultation gets the common default A–E (lib/data/triage/categories).
 */
export const handlingCategories = pgTable(
  'handling_categories',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** Short code shown in tables and exports: 'A', 'B', … */
    code: text().notNull(),
    label: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [
    uniqueIndex('handling_categories_code_key').on(t.consultationId, t.code),
    check('handling_categories_code_check', sql`${t.code} ~ '^[A-Za-z0-9]{1,8}$'`),
  ],
);


export const OPINION_STATUSES = ['new', 'classified', 'drafted', 'approved'] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

export const MODERATION_FLAGS = ['spam', 'outOfScope', 'thirdPartyPersonalData', 'hidden'] as const;
export type ModerationFlag = (typeof MODERATION_FLAGS)[number];

/**
 * 意見: a passage of one submitted text, as staff split it. A submission that stays whole is
 * one opinion per text it sent. [startOffset, endOffset) are code-point offsets into the source
 * text (submission_opinions.text), so the pieces of a source can be checked to cover every
 * character exactly once. Channel and receivedAt are copied from the submission (they never
 * change) so the inbox filters and sorts on one table.
 */
export const opinions = pgTable(
  'opinions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    submissionId: bigint({ mode: 'number' })
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    sourceId: bigint({ mode: 'number' })
      .notNull()
      .references(() => submissionOpinions.id, { onDelete: 'cascade' }),
    startOffset: integer().notNull(),
    endOffset: integer().notNull(),
    text: text().notNull(),
    /** 改訂箇所 No.; null means 全体について. Staff may re-assign it. */
    itemNumber: integer(),
    /** 意見の概要. */
    summary: text().notNull().default(''),
    /** handling_categories.code of the same consultation; null until classified. */
    categoryCode: text(),
    status: text().$type<OpinionStatus>().notNull().default('new'),
    /** 担当課 that handles this opinion. */
    department: text(),
    channel: text().$type<SubmissionChannel>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    spam: boolean().notNull().default(false),
    /** 本件と関係のない意見. */
    outOfScope: boolean().notNull().default(false),
    thirdPartyPersonalData: boolean().notNull().default(false),
    hidden: boolean().notNull().default(false),
    moderationReason: text(),
    /** Optimistic concurrency: every write checks and bumps it. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** users.id of the last staff member who changed it (no FK: staff rows may go, history stays). */
    updatedBy: text(),
  },
  (t) => [
    index('opinions_inbox_idx').on(t.consultationId, t.receivedAt.desc(), t.id.desc()),
    index('opinions_submission_idx').on(t.submissionId, t.sourceId, t.startOffset),
    // Also the inbox's order and the columns its filters test: a page filtered by item is read in
    // order and counted from the index alone (migration 0018).
    index('opinions_item_idx').on(t.consultationId, t.itemNumber.asc().nullsFirst(), t.receivedAt.desc(), t.id.desc(), t.categoryCode, t.status),
    index('opinions_category_idx').on(t.consultationId, t.categoryCode),
    index('opinions_status_idx').on(t.consultationId, t.status),
    index('opinions_text_trgm_idx').using('gin', t.text.op('gin_trgm_ops')),
    index('opinions_summary_trgm_idx').using('gin', t.summary.op('gin_trgm_ops')),
    check('opinions_status_check', sql`${t.status} in ('new', 'classified', 'drafted', 'approved')`),
    check('opinions_offsets_check', sql`${t.startOffset} >= 0 and ${t.endOffset} > ${t.startOffset}`),
  ],
);

export type Opinion = typeof opinions.$inferSelect;

export const opinionsRelations = relations(opinions, ({ one }) => ({
  submission: one(submissions, { fields: [opinions.submissionId], references: [submissions.id] }),
  source: one(submissionOpinions, { fields: [opinions.sourceId], references: [submissionOpinions.id] }),
}));

/**
 * The inbox's counts at a glance, kept by statement-level triggers on opinions and
 * submissions (custom migration `triage_counts`), so reading them costs one index lookup
 * however many opinions there are. dimension: 'all' and 'excluded' (key ''), 'item' (key =
 * item number, '' = 全体について), 'category' (code, '' = unclassified) and 'status' — these
 * three count only opinions not moderated away — and 'submissions'.
 */
export const opinionCounts = pgTable(
  'opinion_counts',
  {
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    dimension: text().notNull(),
    key: text().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.dimension, t.key] })],
);
