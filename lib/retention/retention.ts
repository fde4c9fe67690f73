import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultationRetention, consultations } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { erasePersonalData, lockHeldSubmissions } from './erase';
import { caseScope } from '@/lib/data/departments/scope';

/** One retention job at a time across every instance (pg_try_advisory_xact_lock). */
const RETENTION_JOB_LOCK = 7707002;

/**
 * The moment a case's personal data is due for erasure: its first result publication plus its
 * retention days (the case's own, else the city's default). Null before the first publication.
 */
const DUE_AT = (defaultDays: number) => sql`(
  (select min(rp.published_at) from result_publications rp where rp.consultation_id = s.consultation_id)
  + make_interval(days => coalesce((select r.retention_days from consultation_retention r where r.consultation_id = s.consultation_id), ${defaultDays}::int)))`;

export type RetentionRun = { skipped: boolean; erased: { consultationId: number; submissions: number; mails: number }[] };

/**
 * The retention job: erases the personal data of every submission whose case passed its
 * retention period, in batches, and writes one audit row per case and batch saying what it did.
 * Safe in every instance at once: a run that finds another one working (advisory lock) skips,
 * and rows are taken FOR UPDATE SKIP LOCKED and re-checked, so every submission is erased, and
 * audited, exactly once.
 */
export async function runRetention(db: Db, options: { defaultDays: number; now?: Date; batch?: number }): Promise<RetentionRun> {
  const now = options.now ?? new Date();
  const batch = options.batch ?? 500;
  const run: RetentionRun = { skipped: false, erased: [] };
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${RETENTION_JOB_LOCK}) as locked`);
      if (!lock?.locked) {
        run.skipped = true;
        return true;
      }
      const due = await lockHeldSubmissions(tx, sql`${DUE_AT(options.defaultDays)} <= ${now.toISOString()}::timestamptz`, batch);
      const byCase = new Map<number, number[]>();
      for (const row of due) byCase.set(row.consultationId, [...(byCase.get(row.consultationId) ?? []), row.id]);
      for (const [consultationId, ids] of byCase) {
        const result = await erasePersonalData(tx, ids, now);
        const days = await retentionDaysOf(tx, consultationId, options.defaultDays);
        await recordAudit(tx, {
          actorId: null,
          action: 'retention.personal_data_erased',
          targetType: 'consultation',
          targetId: consultationId,
          after: { submissions: result.submissions.length, mails: result.mails, retentionDays: days.days, cityDefault: days.cityDefault },
        });
        run.erased.push({ consultationId, submissions: result.submissions.length, mails: result.mails });
      }
      return due.length < batch;
    });
    if (done) return run;
  }
}

async function retentionDaysOf(db: Db, consultationId: number, defaultDays: number): Promise<{ days: number; cityDefault: boolean }> {
  const [row] = await db.select({ days: consultationRetention.retentionDays }).from(consultationRetention).where(eq(consultationRetention.consultationId, consultationId));
  return row?.days != null ? { days: row.days, cityDefault: false } : { days: defaultDays, cityDefault: true };
}

export type RetentionView = {
  consultationId: number;
  slug: string;
  title: string;
  /** The case's own period; null: the city's default applies. */
  retentionDays: number | null;
  defaultDays: number;
  version: number;
  firstPublishedAt: string | null;
  /** When the job will erase (or erased) the personal data; null before publication. */
  dueAt: string | null;
  held: number;
  erased: number;
};

/** A case's retention period and where its personal data stands, for admins. */
export async function getRetention(db: Db, actor: StaffActor, slug: string, defaultDays: number): Promise<RetentionView | null> {
  assertPermission(actor, 'personal-data.erase');
  const [row] = await queryRows<{
    id: number;
    slug: string;
    title: string;
    retention_days: number | null;
    version: number | null;
    first_published_at: string | Date | null;
    held: number;
    erased: number;
  }>(
    db,
    sql`select c.id, c.slug, c.title, r.retention_days, r.version,
          (select min(published_at) from result_publications rp where rp.consultation_id = c.id) as first_published_at,
          (select count(*) from submissions s where s.consultation_id = c.id and s.personal_data_erased_at is null)::int as held,
          (select count(*) from submissions s where s.consultation_id = c.id and s.personal_data_erased_at is not null)::int as erased
        from ${consultations} c left join ${consultationRetention} r on r.consultation_id = c.id
        where c.slug = ${slug} and ${caseScope(actor, sql`c.id`)}`,
  );
  if (!row) return null;
  const days = row.retention_days ?? defaultDays;
  const first = row.first_published_at ? new Date(row.first_published_at) : null;
  return {
    consultationId: row.id,
    slug: row.slug,
    title: row.title,
    retentionDays: row.retention_days,
    defaultDays,
    version: row.version ?? 0,
    firstPublishedAt: first?.toISOString() ?? null,
    dueAt: first ? new Date(first.getTime() + days * 86_400_000).toISOString() : null,
    held: row.held,
    erased: row.erased,
  };
}

export type SaveRetentionResult = { ok: true; version: number } | { ok: false; error: 'notFound' | 'conflict'; current?: number | null };

/**
 * Sets (a number of days) or clears (null: the city's default) a case's retention period, with a
 * version check against silent overwrites; audited with before and after.
 */
export async function saveRetention(
  db: Db,
  actor: StaffActor,
  input: { slug: string; retentionDays: number | null; version: number },
  ipHash: string | null,
): Promise<SaveRetentionResult> {
  assertPermission(actor, 'personal-data.erase');
  return db.transaction(async (tx) => {
    const [c] = await queryRows<{ id: number; days: number | null; version: number | null }>(
      tx,
      sql`select c.id, r.retention_days as days, r.version from ${consultations} c
          left join ${consultationRetention} r on r.consultation_id = c.id
          where c.slug = ${input.slug} and ${caseScope(actor, sql`c.id`)} for update of c`,
    );
    if (!c) return { ok: false, error: 'notFound' } as const;
    const version = c.version ?? 0;
    if (version !== input.version) return { ok: false, error: 'conflict', current: c.days } as const;
    const next = version + 1;
    await tx
      .insert(consultationRetention)
      .values({ consultationId: c.id, retentionDays: input.retentionDays, version: next, updatedBy: actor.id })
      .onConflictDoUpdate({ target: consultationRetention.consultationId, set: { retentionDays: input.retentionDays, version: next, updatedBy: actor.id, updatedAt: new Date() } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'retention.period_changed',
      targetType: 'consultation',
      targetId: c.id,
      before: { retentionDays: c.days },
      after: { retentionDays: input.retentionDays },
      ipHash,
    });
    return { ok: true, version: next } as const;
  });
}
