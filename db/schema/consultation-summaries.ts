import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { consultations } from './consultations';

/**
 * A short explanation of what a case is about, written by staff in one of the resident
 * languages other than Japanese (lib/i18n/locales). Optional: the official text stays
 * Japanese; this only helps a reader of another language decide whether it concerns them.
 */
export const consultationSummaries = pgTable(
  'consultation_summaries',
  {
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    locale: text().notNull(),
    summary: text().notNull(),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'consultation_summaries_pkey', columns: [t.consultationId, t.locale] })],
);

export type ConsultationSummary = typeof consultationSummaries.$inferSelect;
