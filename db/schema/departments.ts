import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** 担当課: a division of the city. A case belongs to one; staff belong to one or more. */
export const departments = pgTable(
  'departments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('departments_name_key').on(t.name), check('departments_name_check', sql`length(btrim(${t.name})) between 1 and 100`)],
);

export type Department = typeof departments.$inferSelect;

/** Which departments a staff member belongs to (reviewers see only these departments' cases). */
export const staffDepartments = pgTable(
  'staff_departments',
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    departmentId: integer()
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'staff_departments_pk', columns: [t.userId, t.departmentId] }), index('staff_departments_department_idx').on(t.departmentId)],
);
