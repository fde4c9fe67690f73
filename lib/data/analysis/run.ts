import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { analysisClusters, analysisRuns, consultations, opinionAnalyses, revisionItems, type AnalysisRunKind } from '@/db/schema';
import { Analyser, ANALYSIS_METHOD, type OpinionAnalysis } from '@/lib/analysis/analyse';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { caseInScope } from '../departments/scope';

const INSERT_CHUNK = 1000;

async function analyserFor(db: Db, consultationId: number): Promise<Analyser> {
  const items = await db
    .select({ number: revisionItems.number, heading: revisionItems.heading, beforeText: revisionItems.beforeText, afterText: revisionItems.afterText })
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, consultationId))
    .orderBy(asc(revisionItems.number));
  return new Analyser(items);
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

async function insertAnalyses(db: Db, consultationId: number, runId: number, rows: readonly OpinionAnalysis[]): Promise<void> {
  for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
    await db
      .insert(opinionAnalyses)
      .values(
        rows.slice(from, from + INSERT_CHUNK).map((row) => ({
          opinionId: row.id,
          consultationId,
          runId,
          language: row.language,
          suggestions: row.suggestions,
          campaignGroup: row.campaignGroup,
          campaignSimilarity: row.campaignSimilarity,
          clusterKey: row.clusterKey,
          pii: row.pii,
        })),
      )
      .onConflictDoNothing();
  }
}

/**
 * Analyses the opinions of one consultation that have no result yet, against the stored results
 * (campaign groups are rebuilt from them). Holds the consultation's row lock, taken with SKIP
 * LOCKED: several app instances may call this at once and exactly one does the work, so each
 * opinion gets one result and a campaign is not split between two workers. New opinions join a
 * cluster through their campaign; others wait for the next full run (cluster key null).
 */
export async function analyseNewOpinions(db: Db, consultationId: number, options: { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? 500;
  return db.transaction(async (tx) => {
    if (!(await lockConsultation(tx, consultationId, false))) return 0;
    const fresh = await queryRows<{ id: number | string; text: string; item_number: number | null }>(
      tx,
      sql`select o.id, o.text, o.item_number from opinions o
          where o.consultation_id = ${consultationId}
            and not exists (select 1 from opinion_analyses a where a.opinion_id = o.id)
          order by o.id limit ${batch}`,
    );
    if (fresh.length === 0) return 0;
    const analyser = await analyserFor(tx, consultationId);
    const index = analyser.newIndex();
    const stored = await queryRows<{ id: number | string; grp: number | string; text: string; cluster_key: string | null }>(
      tx,
      sql`select a.opinion_id as id, coalesce(a.campaign_group, a.opinion_id) as grp, o.text, a.cluster_key
          from opinion_analyses a join opinions o on o.id = a.opinion_id
          where a.consultation_id = ${consultationId} order by a.opinion_id`,
    );
    const clusterOfGroup = new Map<number, string | null>();
    for (const row of stored) {
      index.restore(Number(row.id), Number(row.grp), row.text);
      if (Number(row.id) === Number(row.grp)) clusterOfGroup.set(Number(row.grp), row.cluster_key);
    }
    const runId = await startRun(tx, consultationId, 'incremental', null);
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
    await insertAnalyses(tx, consultationId, runId, results);
    // A group that was one opinion until now: its first opinion becomes the group's id too.
    for (const group of joined) {
      await tx
        .update(opinionAnalyses)
        .set({ campaignGroup: group })
        .where(and(eq(opinionAnalyses.opinionId, group), sql`${opinionAnalyses.campaignGroup} is null`));
    }
    await tx.update(analysisRuns).set({ finishedAt: sql`now()`, opinions: results.length }).where(eq(analysisRuns.id, runId));
    return results.length;
  });
}

/** The worker's pass: every consultation with opinions not yet analysed, one batch each. */
export async function analysePendingOpinions(db: Db, options: { batch?: number } = {}): Promise<number> {
  const pending = await queryRows<{ consultation_id: number }>(
    db,
    sql`select distinct o.consultation_id from opinions o
        where not exists (select 1 from opinion_analyses a where a.opinion_id = o.id) limit 50`,
  );
  let done = 0;
  for (const { consultation_id } of pending) done += await analyseNewOpinions(db, Number(consultation_id), options);
  return done;
}

/**
 * Analyses every opinion of a consultation again from scratch and replaces the machine's
 * results (staff decisions are kept apart and still apply). Waits for a running worker.
 */
export async function runFullAnalysis(db: Db, consultationId: number, startedBy: string | null): Promise<{ runId: number; opinions: number }> {
  return db.transaction(async (tx) => {
    await lockConsultation(tx, consultationId, true);
    const analyser = await analyserFor(tx, consultationId);
    const rows = await queryRows<{ id: number | string; text: string; item_number: number | null }>(
      tx,
      sql`select id, text, item_number from opinions where consultation_id = ${consultationId} order by id`,
    );
    const result = analyser.analyseAll(rows.map((row) => ({ id: Number(row.id), text: row.text, itemNumber: row.item_number })));
    const runId = await startRun(tx, consultationId, 'full', startedBy);
    await tx.delete(opinionAnalyses).where(eq(opinionAnalyses.consultationId, consultationId));
    await tx.delete(analysisClusters).where(eq(analysisClusters.consultationId, consultationId));
    await insertAnalyses(tx, consultationId, runId, result.opinions);
    for (let from = 0; from < result.clusters.length; from += INSERT_CHUNK) {
      await tx.insert(analysisClusters).values(
        result.clusters.slice(from, from + INSERT_CHUNK).map((cluster) => ({
          consultationId,
          key: cluster.key,
          runId,
          itemNumber: cluster.itemNumber,
          label: cluster.label,
          representative: cluster.representative,
        })),
      );
    }
    await tx.update(analysisRuns).set({ finishedAt: sql`now()`, opinions: result.opinions.length }).where(eq(analysisRuns.id, runId));
    return { runId, opinions: result.opinions.length };
  });
}

/** The admins' button: a full re-run of one consultation, audited. */
export async function rerunAnalysis(db: Db, actor: StaffActor, consultationId: number): Promise<{ runId: number; opinions: number } | null> {
  assertPermission(actor, 'consultation.manage');
  if (!(await caseInScope(db, actor, consultationId))) return null;
  const result = await runFullAnalysis(db, consultationId, actor.id);
  await recordAudit(db, { actorId: actor.id, action: 'analysis.rerun', targetType: 'consultation', targetId: consultationId, after: result });
  return result;
}
