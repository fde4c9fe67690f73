import { relations, sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { consultations } from './consultations';

export const SUBMISSION_CHANNELS = ['web', 'email', 'post', 'fax', 'in_person'] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

/**
 * One act of sending (提出), by one person or body, on any channel. Staff will enter paper
 * submissions into this table too. The submitter's name, address and e-mail are personal data:
 * staff-only, never on a public page, in public JSON or in a log line.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'restrict' }),
    /** 受付番号, e.g. K7Q2-M9XA-3 (lib/submissions/receipt-number). */
    receiptNumber: text().notNull(),
    channel: text().$type<SubmissionChannel>().notNull().default('web'),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    submitterName: text().notNull(),
    submitterAddress: text().notNull(),
    /** 区分 (市内在住 …), from the consultation's form settings; null when not asked. */
    submitterCategory: text(),
    submitterEmail: text(),
    /** The client's Idempotency-Key: a replay returns the same receipt. Null for staff entry. */
    idempotencyKey: text(),
    /** Keyed hash of the client IP (lib/security/ip-hash); null for staff entry. */
    ipHash: text(),
    /** The language of the form it was sent from (lib/i18n/locales); its receipt mail is in it. */
    locale: text().notNull().default('ja'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When name, address, e-mail and IP hash were removed (lib/retention); null while held. */
    personalDataErasedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('submissions_receipt_number_key').on(t.receiptNumber),
    uniqueIndex('submissions_idempotency_key').on(t.consultationId, t.idempotencyKey),
    index('submissions_consultation_received_idx').on(t.consultationId, t.receivedAt),
    check('submissions_channel_check', sql`${t.channel} in ('web', 'email', 'post', 'fax', 'in_person')`),
  ],
);

export type Submission = typeof submissions.$inferSelect;

/**
 * The resident's opinions exactly as sent, one per item (or the case as a whole). Staff later
 * split them into opinions (意見) of their own; these rows are never edited.
 */
export const submissionOpinions = pgTable(
  'submission_opinions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    submissionId: bigint({ mode: 'number' })
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    /** 改訂箇所 No.; null means 全体について (the case as a whole). */
    itemNumber: integer(),
    /** Order within the submission, from 0. */
    position: integer().notNull(),
    text: text().notNull(),
  },
  (t) => [
    uniqueIndex('submission_opinions_position_key').on(t.submissionId, t.position),
    index('submission_opinions_item_idx').on(t.itemNumber),
  ],
);


export const submissionsRelations = relations(submissions, ({ many, one }) => ({
  opinions: many(submissionOpinions),
  consultation: one(consultations, { fields: [submissions.consultationId], references: [consultations.id] }),
}));

export const submissionOpinionsRelations = relations(submissionOpinions, ({ one }) => ({
  submission: one(submissions, { fields: [submissionOpinions.submissionId], references: [submissions.id] }),
}));
