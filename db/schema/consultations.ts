import { relations, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { departments } from './departments';
import { DEFAULT_COMMENT_FORM_SETTINGS, type CommentFormSettings } from './comment-form-settings';

/** 提出方法 other than the web form; an empty string means the channel is not offered. */
export type SubmissionChannels = { postalAddress: string; fax: string; email: string; counter: string };
export const EMPTY_SUBMISSION_CHANNELS: SubmissionChannels = { postalAddress: '', fax: '', email: '', counter: '' };

/** A block of document text: a paragraph or a bullet list. Markup from the source is gone. */
export type TextBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] };

export const consultations = pgTable(
  'consultations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull(),
    title: text().notNull(),
    /** 改訂の経緯及び方針: the case's overview, as paragraphs and lists (never markup). */
    overview: jsonb().$type<TextBlock[]>().notNull().default([]),
    /** The department's name, repeated for reads and published results (a trigger keeps it equal). */
    department: text().notNull(),
    /** 担当課: scopes who among staff sees the case (lib/data/departments/scope.ts). */
    departmentId: integer()
      .notNull()
      .references(() => departments.id, { onDelete: 'restrict' }),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    /** 提出方法: how to comment other than the web form (post, FAX, e-mail, in person). */
    howToSubmit: text().notNull().default(''),
    /** The comment form's 区分 list and required fields (./comment-form-settings.ts). */
    formSettings: jsonb().$type<CommentFormSettings>().notNull().default(DEFAULT_COMMENT_FORM_SETTINGS),
    /** How to submit other than the web form: postal address, FAX, e-mail, counter (shown on the case page). */
    channels: jsonb().$type<SubmissionChannels>().notNull().default(EMPTY_SUBMISSION_CHANNELS),
    /** 問い合わせ先: who answers questions about the case. */
    contact: text().notNull().default(''),
    /** A draft is seen by staff only; once scheduled, the period alone decides upcoming/open/closed. */
    draft: boolean().notNull().default(false),
    /** Why the period was ended before its planned close (shown on the case page). */
    closedEarlyReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('consultations_slug_key').on(t.slug),
    index('consultations_period_idx').on(t.opensAt, t.closesAt),
    index('consultations_department_idx').on(t.departmentId),
    check('consultations_period_check', sql`${t.closesAt} > ${t.opensAt}`),
    check('consultations_slug_check', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,63}$'`),
  ],
);

export type Consultation = typeof consultations.$inferSelect;

export const revisionItems = pgTable(
  'revision_items',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    page: integer().notNull(),
    heading: text().notNull(),
    /** The heading normalised to one of the document's kinds, for filtering. */
    headingKind: text().notNull(),
    before: jsonb().$type<TextBlock[]>().notNull(),
    after: jsonb().$type<TextBlock[]>().notNull(),
    /** Plain text of the blocks (one line a paragraph or bullet): diffed and searched. */
    beforeText: text().notNull(),
    afterText: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('revision_items_consultation_number_key').on(t.consultationId, t.number),
    index('revision_items_consultation_kind_idx').on(t.consultationId, t.headingKind),
    check('revision_items_number_check', sql`${t.number} > 0`),
    check('revision_items_page_check', sql`${t.page} > 0`),
  ],
);

export type RevisionItem = typeof revisionItems.$inferSelect;

/** An item's content: what the importer reads from a file and what anyone may read back. */
export type RevisionItemContent = Pick<
  RevisionItem,
  'number' | 'page' | 'heading' | 'headingKind' | 'before' | 'after' | 'beforeText' | 'afterText'
>;

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** 資料: a file attached to a case (素案, reference material), kept in the database so backups hold it. */
export const consultationDocuments = pgTable(
  'consultation_documents',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** The name residents see (the uploaded file name unless staff gave another). */
    name: text().notNull(),
    /** The type found from the content (magic bytes), never the name or the browser's claim. */
    contentType: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    position: integer().notNull().default(0),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consultation_documents_consultation_idx').on(t.consultationId, t.position)],
);


export const consultationsRelations = relations(consultations, ({ many }) => ({
  items: many(revisionItems),
  documents: many(consultationDocuments),
}));

export const consultationDocumentsRelations = relations(consultationDocuments, ({ one }) => ({
  consultation: one(consultations, { fields: [consultationDocuments.consultationId], references: [consultations.id] }),
}));

export const revisionItemsRelations = relations(revisionItems, ({ one }) => ({
  consultation: one(consultations, {
    fields: [revisionItems.consultationId],
    references: [consultations.id],
  }),
}));
