import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { consultations } from './consultations';
import { submissions } from './submissions';

/**
 * 保存期間 of one case: days after the first publication of its result, after which the
 * retention job (lib/retention) removes the submitters' personal data. A case without a row
 * uses the city-wide default (RETENTION_DAYS_AFTER_PUBLICATION).
 */
export const consultationRetention = pgTable(
  'consultation_retention',
  {
    consultationId: integer()
      .primaryKey()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** Null: the city's default (the row stays so that its version keeps counting). */
    retentionDays: integer(),
    /** Optimistic concurrency: every write checks and bumps it. */
    version: integer().notNull().default(1),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('consultation_retention_days_check', sql`${t.retentionDays} between 0 and 36500`)],
);

export const PERSONAL_DATA_REQUEST_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type PersonalDataRequestStatus = (typeof PERSONAL_DATA_REQUEST_STATUSES)[number];

/**
 * A resident's request to delete (削除) the personal data of one submission, found by its
 * receipt number. One admin records it, another approves it (four eyes) and the erasure runs in
 * the approving transaction.
 */
export const personalDataRequests = pgTable(
  'personal_data_requests',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    submissionId: bigint({ mode: 'number' })
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    /** How the resident asked and how identity was checked; staff-written, asked to hold no personal data, and emptied when the submission's personal data is erased (lib/retention/erase.ts). Never copied into the audit log. */
    reason: text().notNull(),
    status: text().$type<PersonalDataRequestStatus>().notNull().default('requested'),
    // users.id without a foreign key: staff rows may go, the history stays.
    requestedBy: text().notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: text(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // At most one open request per submission.
    uniqueIndex('personal_data_requests_open_key').on(t.submissionId).where(sql`${t.status} = 'requested'`),
    index('personal_data_requests_status_idx').on(t.status, t.requestedAt),
    check('personal_data_requests_status_check', sql`${t.status} in ('requested', 'approved', 'rejected')`),
  ],
);

