import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { analysisClusters, analysisInvalidations, analysisQueue, analysisRuns, consultations, opinionAnalyses, revisionItems, type AnalysisRunKind } from '@/db/schema';
import { Analyser, ANALYSIS_METHOD, type AnalysisResult, type OpinionAnalysis, type OpinionInput } from '@/lib/analysis/analyse';
import type { NearDuplicateIndex } from '@/lib/analysis/near-duplicates';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { caseInScope } from '../departments/scope';
import { instanceIndexCache, type AnalysisIndexCache, type CaseIndexState, type IndexUse } from './index-cache';

/**
 * Rows per insert statement. Each statement sends its rows as one JSON parameter (one bind
 * parameter, however many rows: far from PostgreSQL's 65,535), unpacked by the server.
 */
const INSERT_CHUNK = 5000;

type ItemRow = { number: number; heading: string; beforeText: string; afterText: string };

async function itemsOf(db: Db, consultationId: number): Promise<ItemRow[]> {
  return db
    .select({ number: revisionItems.number, heading: revisionItems.heading, beforeText: revisionItems.beforeText, afterText: revisionItems.afterText })
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, consultationId))
    .orderBy(asc(revisionItems.number));
}

/** The case's latest invalidation (analysis_invalidations, written by triggers), 0 for none. */
async function latestInvalidation(db: Db, consultationId: number): Promise<number> {
  const [row] = await queryRows<{ id: number | string | null }>(
    db,
    sql`select max(id) as id from ${analysisInvalidations} where consultation_id = ${consultationId}`,
  );
  return Number(row?.id ?? 0);
}

type StoredRow = { id: number | string; grp: number | string; text: string; cluster_key: string | null };

/**
 * Adds stored results to an index in the order they were made (run, then opinion id): the order
 * in which `add` saw them, so the index holds what it held in the instance that made them.
 */
function restoreRows(state: Pick<CaseIndexState, 'index' | 'clusterOfGroup'>, rows: readonly StoredRow[]): void {
  for (const row of rows) {
    const id = Number(row.id);
    const group = Number(row.grp);
    state.index.restore(id, group, row.text);
    if (id === group) state.clusterOfGroup.set(group, row.cluster_key);
  }
}

function storedRows(db: Db, consultationId: number, afterRun: number): Promise<StoredRow[]> {
  return queryRows<StoredRow>(
    db,
    sql`select a.opinion_id as id, coalesce(a.campaign_group, a.opinion_id) as grp, o.text, a.cluster_key
        from opinion_analyses a join opinions o on o.id = a.opinion_id
        where a.consultation_id = ${consultationId} and a.run_id > ${afterRun}
        order by a.run_id, a.opinion_id`,
  );
}

/**
 * The case's index for a worker pass, under the case's lock: the one this instance kept, when
 * nothing it was built from has changed since (no invalidation: items, opinion texts, removed
 * opinions; no full run; other instances' incremental runs are added to it in order), otherwise
 * rebuilt from the stored results.
 */
async function indexFor(db: Db, consultationId: number, cache: AnalysisIndexCache): Promise<{ state: CaseIndexState; use: IndexUse }> {
  const kept = cache.take(consultationId);
  if (kept) {
    const [since] = await queryRows<{ invalidation: number | string | null; last: number | string | null; full: boolean | null }>(
      db,
      sql`select (select max(id) from ${analysisInvalidations} where consultation_id = ${consultationId}) as invalidation,
                 max(id) as last, bool_or(kind = 'full') as full
          from ${analysisRuns} where consultation_id = ${consultationId} and id > ${kept.lastRunId}`,
    );
    if (Number(since?.invalidation ?? 0) === kept.invalidation && !since?.full) {
      if (since?.last === null || since?.last === undefined) return { state: kept, use: 'kept' };
      restoreRows(kept, await storedRows(db, consultationId, kept.lastRunId));
      kept.lastRunId = Number(since.last);
      return { state: kept, use: 'caught-up' };
    }
  }
  // Read before the results, so a change committed in between makes the next pass rebuild, never the reverse.
  const invalidation = await latestInvalidation(db, consultationId);
  const [last] = await queryRows<{ id: number | string | null }>(db, sql`select max(id) as id from ${analysisRuns} where consultation_id = ${consultationId}`);
  const analyser = new Analyser(await itemsOf(db, consultationId));
  const state: CaseIndexState = { analyser, index: analyser.newIndex(), clusterOfGroup: new Map(), lastRunId: Number(last?.id ?? 0), invalidation };
  restoreRows(state, await storedRows(db, consultationId, 0));
  return { state, use: 'rebuilt' };
}

/**
 * Takes the consultation's analysis lock for this transaction; false when another run holds it
 * and `wait` is off. `for no key update`, not `for update`: a staff write that references the
 * case (a new response group's foreign key takes a key-share lock on it) must not wait for a
 * run, or a run waiting on that write's opinion locks and the write waiting on the case would deadlock.
 */
async function lockConsultation(db: Db, consultationId: number, wait: boolean): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    wait
      ? sql`select id from ${consultations} where id = ${consultationId} for no key update`
      : sql`select id from ${consultations} where id = ${consultationId} for no key update skip locked`,
  );
  return rows.length > 0;
}

async function startRun(db: Db, consultationId: number, kind: AnalysisRunKind, startedBy: string | null): Promise<number> {
  const [run] = await db
    .insert(analysisRuns)
    .values({ consultationId, kind, method: ANALYSIS_METHOD.version, parameters: ANALYSIS_METHOD, startedBy })
    .returning({ id: analysisRuns.id });
  return run!.id;
}

/** The machine's results, in statements of INSERT_CHUNK rows, each row set sent as one JSON parameter. */
async function insertAnalyses(db: Db, consultationId: number, runId: number, rows: readonly OpinionAnalysis[]): Promise<void> {
  for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
    const chunk = rows.slice(from, from + INSERT_CHUNK).map((row) => [row.id, row.language, row.suggestions, row.campaignGroup, row.campaignSimilarity, row.clusterKey, row.pii]);
    await db.execute(sql`
      insert into ${opinionAnalyses} (opinion_id, consultation_id, run_id, language, suggestions, campaign_group, campaign_similarity, cluster_key, pii)
      select (r->>0)::bigint, ${consultationId}, ${runId}, r->>1, r->2, (r->>3)::bigint, (r->>4)::real, r->>5, r->6
      from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) r
      on conflict do nothing`);
  }
}

/**
 * An incremental run's writes in one statement (one round trip): the run, its results, the
 * stored first opinions of groups that just got their second member, and the queue entries done.
 */
async function writeIncremental(db: Db, consultationId: number, results: readonly OpinionAnalysis[], joined: readonly number[]): Promise<number> {
  const rows = results.map((row) => [row.id, row.language, row.suggestions, row.campaignGroup, row.campaignSimilarity, row.clusterKey, row.pii]);
  const [run] = await queryRows<{ id: number | string }>(
    db,
    sql`with run as (
          insert into ${analysisRuns} (consultation_id, kind, method, parameters, started_by, finished_at, opinions)
          values (${consultationId}, 'incremental', ${ANALYSIS_METHOD.version}, ${JSON.stringify(ANALYSIS_METHOD)}::jsonb, null, now(), ${results.length})
          returning id),
        results as (
          insert into ${opinionAnalyses} (opinion_id, consultation_id, run_id, language, suggestions, campaign_group, campaign_similarity, cluster_key, pii)
          select (r->>0)::bigint, ${consultationId}, (select id from run), r->>1, r->2, (r->>3)::bigint, (r->>4)::real, r->>5, r->6
          from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r
          on conflict do nothing
          returning 1),
        joined as (
          update ${opinionAnalyses} set campaign_group = opinion_id
          where consultation_id = ${consultationId} and campaign_group is null
            and opinion_id in (select value::bigint from jsonb_array_elements_text(${JSON.stringify(joined)}::jsonb))
          returning 1),
        done as (
          delete from ${analysisQueue}
          where opinion_id in (select (r->>0)::bigint from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r)
          returning 1)
        select id, (select count(*) from results) + (select count(*) from joined) + (select count(*) from done) as touched from run`,
  );
  return Number(run!.id);
}

/**
 * Analyses the opinions of one consultation that have no result yet, against the stored results
 * (campaign groups are rebuilt from them). Holds the consultation's row lock, taken with SKIP
 * LOCKED: several app instances may call this at once and exactly one does the work, so each
 * opinion gets one result and a campaign is not split between two workers. New opinions join a
 * cluster through their campaign; others wait for the next full run (cluster key null).
 */
export async function analyseNewOpinions(
  db: Db,
  consultationId: number,
  options: { batch?: number; cache?: AnalysisIndexCache; onIndex?: (use: IndexUse) => void } = {},
): Promise<number> {
  const batch = options.batch ?? 500;
  const cache = options.cache ?? instanceIndexCache();
  let keep: CaseIndexState | null = null;
  const done = await db.transaction(async (tx) => {
    if (!(await lockConsultation(tx, consultationId, false))) return 0;
    const fresh = await queryRows<{ id: number | string; text: string; item_number: number | null }>(
      tx,
      // Driven by the queue: its first `batch` entries, each opinion then looked up by its key
      // (a lateral subquery the planner keeps as such), whatever the statistics say about sizes.
      sql`select o.id, o.text, o.item_number
          from (select opinion_id from ${analysisQueue} where consultation_id = ${consultationId} order by opinion_id limit ${batch}) q
          cross join lateral (
            select o.id, o.text, o.item_number from opinions o
            where o.id = q.opinion_id and not exists (select 1 from opinion_analyses a where a.opinion_id = o.id)
            offset 0) o
          order by q.opinion_id`,
    );
    if (fresh.length === 0) {
      // Queued opinions a full run analysed meanwhile (it empties the queue itself; this is a safety net).
      await tx.execute(sql`delete from ${analysisQueue} q where q.consultation_id = ${consultationId}
        and exists (select 1 from opinion_analyses a where a.opinion_id = q.opinion_id)`);
      return 0;
    }
    const { state, use } = await indexFor(tx, consultationId, cache);
    options.onIndex?.(use);
    const { analyser, index, clusterOfGroup } = state;
    const results: OpinionAnalysis[] = [];
    const joined = new Set<number>();
    for (const row of fresh) {
      const id = Number(row.id);
      const decision = index.add(id, row.text);
      const alone = decision.group === id;
      if (!alone) joined.add(decision.group);
      results.push({
        ...analyser.analyseOne({ id, text: row.text, itemNumber: row.item_number }),
        campaignGroup: alone ? null : decision.group,
        campaignSimilarity: decision.similarity,
        clusterKey: alone ? null : (clusterOfGroup.get(decision.group) ?? null),
      });
      if (alone) clusterOfGroup.set(id, null);
    }
    // A group that was one opinion until now: its first opinion becomes the group's id too (set
    // here for one of this batch, by the statement below for one stored before).
    for (const result of results) if (joined.has(result.id)) result.campaignGroup = result.id;
    const runId = await writeIncremental(tx, consultationId, results, [...joined]);
    state.lastRunId = runId;
    keep = state;
    return results.length;
  });
  // Kept only once the pass committed: the index now holds exactly what is stored.
  if (keep) cache.put(consultationId, keep);
  return done;
}

/** The worker's pass: every consultation with opinions not yet analysed, one batch each. */
export async function analysePendingOpinions(db: Db, options: { batch?: number } = {}): Promise<number> {
  const pending = await queryRows<{ consultation_id: number }>(
    db,
    sql`select distinct consultation_id from ${analysisQueue} limit 50`,
  );
  let done = 0;
  for (const { consultation_id } of pending) done += await analyseNewOpinions(db, Number(consultation_id), options);
  return done;
}

/**
 * Analyses every opinion of a consultation again from scratch and replaces the machine's
 * results (staff decisions are kept apart and still apply). Waits for a running worker.
 */
export async function runFullAnalysis(
  db: Db,
  consultationId: number,
  startedBy: string | null,
  options: {
    cache?: AnalysisIndexCache;
    onPhase?: (phase: 'read' | 'analyse' | 'write', ms: number) => void;
    /**
     * How the whole analysis is computed: `Analyser.analyseAll` in this thread by default; plain
     * Node processes pass `analyseAllInWorkers` (lib/analysis/parallel.ts: the same result, the
     * per-opinion work in worker threads). Not in the Next.js server, which does not bundle the worker.
     */
    analyseAll?: (analyser: Analyser, opinions: OpinionInput[], index: NearDuplicateIndex) => AnalysisResult | Promise<AnalysisResult>;
  } = {},
): Promise<{ runId: number; opinions: number }> {
  const cache = options.cache ?? instanceIndexCache();
  let keep: CaseIndexState | null = null;
  let t = performance.now();
  const phase = (name: 'read' | 'analyse' | 'write') => {
    const now = performance.now();
    options.onPhase?.(name, now - t);
    t = now;
  };
  const result = await db.transaction(async (tx) => {
    await lockConsultation(tx, consultationId, true);
    const invalidation = await latestInvalidation(tx, consultationId);
    const items = await itemsOf(tx, consultationId);
    const analyser = new Analyser(items);
    const rows = await queryRows<{ id: number | string; text: string; item_number: number | null }>(
      tx,
      sql`select id, text, item_number from opinions where consultation_id = ${consultationId} order by id`,
    );
    phase('read');
    const index = analyser.newIndex();
    const inputs = rows.map((row) => ({ id: Number(row.id), text: row.text, itemNumber: row.item_number }));
    const result = options.analyseAll ? await options.analyseAll(analyser, inputs, index) : analyser.analyseAll(inputs, index);
    phase('analyse');
    const runId = await startRun(tx, consultationId, 'full', startedBy);
    await tx.delete(opinionAnalyses).where(eq(opinionAnalyses.consultationId, consultationId));
    await tx.delete(analysisClusters).where(eq(analysisClusters.consultationId, consultationId));
    await insertAnalyses(tx, consultationId, runId, result.opinions);
    for (let from = 0; from < result.clusters.length; from += INSERT_CHUNK) {
      const chunk = result.clusters.slice(from, from + INSERT_CHUNK).map((cluster) => [cluster.key, cluster.itemNumber, cluster.label, cluster.representative]);
      await tx.execute(sql`
        insert into ${analysisClusters} (consultation_id, key, run_id, item_number, label, representative)
        select ${consultationId}, r->>0, ${runId}, (r->>1)::int, r->2, (r->>3)::bigint
        from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) r`);
    }
    await tx.update(analysisRuns).set({ finishedAt: sql`now()`, opinions: result.opinions.length }).where(eq(analysisRuns.id, runId));
    await tx.execute(sql`delete from ${analysisQueue} q where q.consultation_id = ${consultationId}
      and exists (select 1 from opinion_analyses a where a.opinion_id = q.opinion_id)`);
    // The index the run grouped with is the one the worker would rebuild from these results: keep it.
    const clusterOfGroup = new Map<number, string | null>();
    for (const opinion of result.opinions) if ((opinion.campaignGroup ?? opinion.id) === opinion.id) clusterOfGroup.set(opinion.id, opinion.clusterKey);
    keep = { analyser, index, clusterOfGroup, lastRunId: runId, invalidation };
    return { runId, opinions: result.opinions.length };
  });
  phase('write');
  if (keep) cache.put(consultationId, keep);
  return result;
}

/** The admins' button: a full re-run of one consultation, audited. */
export async function rerunAnalysis(db: Db, actor: StaffActor, consultationId: number): Promise<{ runId: number; opinions: number } | null> {
  assertPermission(actor, 'analysis.rerun');
  if (!(await caseInScope(db, actor, consultationId))) return null;
  const result = await runFullAnalysis(db, consultationId, actor.id);
  await recordAudit(db, { actorId: actor.id, action: 'analysis.rerun', targetType: 'consultation', targetId: consultationId, after: result });
  return result;
}
