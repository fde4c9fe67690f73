import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { consultations } from './consultations';
import { opinions } from './triage';

export const ANALYSIS_RUN_KINDS = ['full', 'incremental'] as const;
export type AnalysisRunKind = (typeof ANALYSIS_RUN_KINDS)[number];

/**
 * One run of the opinion analysis (lib/analysis): what made the results (method and every
 * parameter) and who asked for it (null: the worker in an app instance).
 */
export const analysisRuns = pgTable(
  'analysis_runs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    kind: text().$type<AnalysisRunKind>().notNull(),
    method: text().notNull(),
    parameters: jsonb().notNull(),
    startedBy: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    opinions: integer().notNull().default(0),
  },
  (t) => [
    index('analysis_runs_consultation_idx').on(t.consultationId, t.id),
    check('analysis_runs_kind_check', sql`${t.kind} in ('full', 'incremental')`),
  ],
);

export type StoredItemSuggestion = { itemNumber: number; score: number; matchedWords: string[] };
export type StoredPiiSpan = { kind: string; start: number; end: number; text: string };

/** The machine's result for one opinion (replaced by a full re-run; staff decisions live apart). */
export const opinionAnalyses = pgTable(
  'opinion_analyses',
  {
    opinionId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => opinions.id, { onDelete: 'cascade' }),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    runId: bigint({ mode: 'number' })
      .notNull()
      .references(() => analysisRuns.id, { onDelete: 'cascade' }),
    language: text().notNull(),
    suggestions: jsonb().$type<StoredItemSuggestion[]>().notNull().default([]),
    /** opinions.id of the campaign group's first opinion; null when no other opinion is alike. */
    campaignGroup: bigint({ mode: 'number' }),
    campaignSimilarity: real().notNull().default(0),
    /** `<item>:<n>` or `general:<n>`; null until a full run clustered it. */
    clusterKey: text(),
    pii: jsonb().$type<StoredPiiSpan[]>().notNull().default([]),
    analysedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('opinion_analyses_campaign_idx').on(t.consultationId, t.campaignGroup),
    index('opinion_analyses_cluster_idx').on(t.consultationId, t.clusterKey),
  ],
);

/** Clusters of a full run: label (distinctive words) and representative (most central opinion). */
export const analysisClusters = pgTable(
  'analysis_clusters',
  {
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    runId: bigint({ mode: 'number' })
      .notNull()
      .references(() => analysisRuns.id, { onDelete: 'cascade' }),
    itemNumber: integer(),
    label: jsonb().$type<string[]>().notNull(),
    representative: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.key] })],
);

export const ANALYSIS_DECISION_KINDS = [
  'campaign-confirm',
  'campaign-dissolve',
  'campaign-split',
  'cluster-rename',
  'cluster-merge',
  'cluster-move',
  'redaction',
  'item-accept',
] as const;
export type AnalysisDecisionKind = (typeof ANALYSIS_DECISION_KINDS)[number];

/**
 * Staff decisions over the machine's results. They are kept apart from the results, keyed by
 * what a re-run reproduces (group ids are the first opinion's id, cluster keys, span offsets),
 * so a re-run replaces the machine's results and the decisions still apply. One row per
 * (kind, opinion, target): deciding again replaces the decision; each is audited.
 */
export const analysisDecisions = pgTable(
  'analysis_decisions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    kind: text().$type<AnalysisDecisionKind>().notNull(),
    /** The opinion decided on; 0 when the decision is about a group or cluster as a whole. */
    opinionId: bigint({ mode: 'number' }).notNull().default(0),
    /** Group id, cluster key or span (`start-end`); '' when the opinion alone is the target. */
    target: text().notNull().default(''),
    value: jsonb().notNull().default({}),
    decidedBy: text().notNull(),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('analysis_decisions_key').on(t.consultationId, t.kind, t.opinionId, t.target),
    check(
      'analysis_decisions_kind_check',
      sql`${t.kind} in ('campaign-confirm', 'campaign-dissolve', 'campaign-split', 'cluster-rename', 'cluster-merge', 'cluster-move', 'redaction', 'item-accept')`,
    ),
  ],
);


/**
 * What the analysis worker's in-memory index was built from changed outside an analysis run (an
 * analysed opinion's text, an opinion removed, an item edited): written by triggers (migration 0019). The worker
 * rebuilds a case's index when the case's latest row is not the one it built after.
 */
export const analysisInvalidations = pgTable(
  'analysis_invalidations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer()
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    reason: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('analysis_invalidations_consultation_idx').on(t.consultationId, t.id)],
);

/** Opinions not analysed yet: filled by a trigger on insert (migration 0019), emptied by the run that analyses them. */
export const analysisQueue = pgTable(
  'analysis_queue',
  {
    opinionId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => opinions.id, { onDelete: 'cascade' }),
    consultationId: integer().notNull(),
  },
  (t) => [index('analysis_queue_consultation_idx').on(t.consultationId, t.opinionId)],
);
