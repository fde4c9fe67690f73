import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * Mail to send, written in the same transaction as what it reports (the outbox pattern), and
 * delivered by lib/email/outbox with retries. Rows are kept after sending or failing.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** What the mail is, e.g. 'submission_receipt'. */
    kind: text().notNull(),
    recipient: text().notNull(),
    /** The submission a receipt copy reports (lib/retention erases its text with the submitter). */
    submissionId: bigint({ mode: 'number' }),
    subject: text().notNull(),
    body: text().notNull(),
    status: text().$type<MailStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The last SMTP error, without the message body. */
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The worker's pick query: pending rows that are due, oldest first.
    index('mail_outbox_submission_idx').on(t.submissionId),
    index('mail_outbox_pending_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('mail_outbox_status_check', sql`${t.status} in ('pending', 'sent', 'failed')`),
  ],
);

