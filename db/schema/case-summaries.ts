import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { consultations } from './consultations';

/**
 * A short explanation of a case in one resident language, written by staff (optional). The
 * case's official text stays Japanese; this says in the reader's language what it is about.
 */
export const consultationSummaries = pgTable(
  'consultation_summaries',
  {
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** lib/i18n/locales LOCALES. */
    locale: text().notNull(),
    summary: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** users.id of the staff member who wrote it (no FK: staff rows may go, the text stays). */
    updatedBy: text(),
  },
  (t) => [
    primaryKey({ name: 'consultation_summaries_pkey', columns: [t.consultationId, t.locale] }),
    check('consultation_summaries_locale_check', sql`${t.locale} in ('ja', 'ja-x-easy', 'en', 'vi', 'pt-BR', 'es', 'tl', 'zh-Hans', 'ne')`),
  ],
);

