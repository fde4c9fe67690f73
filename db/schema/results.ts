import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ResultSnapshot } from './result-snapshot';
import { consultations } from './consultations';
import { opinions } from './triage';

export const RESPONSE_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/**
 * 市の考え方 for a group of opinions with the same gist (同趣旨の意見はまとめて). A reviewer drafts
 * and submits; an admin approves or returns it with a remark. Who and when is kept for each
 * step. Only approved groups are published.
 */
export const responseGroups = pgTable(
  'response_groups',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    /** 改訂箇所 No. the group answers; null means 全体について. */
    itemNumber: integer(),
    /** 市の考え方. */
    response: text().notNull().default(''),
    /** handling_categories.code of the same consultation (区分 in the published table). */
    categoryCode: text(),
    status: text().$type<ResponseStatus>().notNull().default('draft'),
    /** Optimistic concurrency: every write checks and bumps it. */
    version: integer().notNull().default(1),
    // users.id without a foreign key: staff rows may go, the history stays.
    draftedBy: text(),
    draftedAt: timestamp({ withTimezone: true }),
    submittedBy: text(),
    submittedAt: timestamp({ withTimezone: true }),
    approvedBy: text(),
    approvedAt: timestamp({ withTimezone: true }),
    returnedBy: text(),
    returnedAt: timestamp({ withTimezone: true }),
    returnRemark: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('response_groups_consultation_item_idx').on(t.consultationId, t.itemNumber),
    check('response_groups_status_check', sql`${t.status} in ('draft', 'submitted', 'approved', 'returned')`),
  ],
);

export type ResponseGroup = typeof responseGroups.$inferSelect;

/** Which opinions a group answers. An opinion is in at most one group. */
export const responseGroupMembers = pgTable(
  'response_group_members',
  {
    groupId: bigint({ mode: 'number' })
      .notNull()
      .references(() => responseGroups.id, { onDelete: 'cascade' }),
    opinionId: bigint({ mode: 'number' })
      .notNull()
      .references(() => opinions.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('response_group_members_opinion_key').on(t.opinionId), index('response_group_members_group_idx').on(t.groupId)],
);

/** 修正の有無: per item, whether the draft changes because of the comments, and the amended text. */
export const itemAmendments = pgTable(
  'item_amendments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    itemNumber: integer().notNull(),
    changed: boolean().notNull().default(false),
    /** The item's 改訂後 text as amended; shown as a diff against the published 改訂後. */
    amendedText: text().notNull().default(''),
    note: text().notNull().default(''),
    version: integer().notNull().default(1),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('item_amendments_item_key').on(t.consultationId, t.itemNumber)],
);


/**
 * 実施結果 as published: an immutable snapshot per version, built from an allowlist of public
 * fields (lib/data/results/publish). The public page reads only this.
 */
export const resultPublications = pgTable(
  'result_publications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedBy: text().notNull(),
    snapshot: jsonb().$type<ResultSnapshot>().notNull(),
  },
  (t) => [uniqueIndex('result_publications_version_key').on(t.consultationId, t.version)],
);


/**
 * 定型文: a reusable 市の考え方 passage for one case, or for the whole city when consultationId is
 * null. Saved with a version (optimistic concurrency), each earlier text kept in
 * responseTemplateVersions.
 */
export const responseTemplates = pgTable(
  'response_templates',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer().references(() => consultations.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    body: text().notNull(),
    version: integer().notNull().default(1),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('response_templates_consultation_idx').on(t.consultationId),
    check('response_templates_title_check', sql`char_length(btrim(${t.title})) between 1 and 100`),
    check('response_templates_body_check', sql`char_length(btrim(${t.body})) between 1 and 4000`),
  ],
);

export type ResponseTemplate = typeof responseTemplates.$inferSelect;

/** Every saved text of a template, version by version (the current one included). */
export const responseTemplateVersions = pgTable(
  'response_template_versions',
  {
    templateId: bigint({ mode: 'number' })
      .notNull()
      .references(() => responseTemplates.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    savedBy: text(),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version], name: 'response_template_versions_pk' })],
);
