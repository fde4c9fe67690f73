import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryPreparedRows, withDeadline, type Db } from '@/db/client';
import { consultations, submissions } from '@/db/schema';
import { rateLimitCountSql, rateLimitOutcome } from '@/lib/data/rate-limits';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { hashIp } from '@/lib/security/ip-hash';
import { commentErrorKeys, type Comment, type CommentErrorKey } from '@/lib/validation/comment';
import { IDEMPOTENCY_KEY, uniqueViolation } from './errors';
import { cachedCommentFormContext, commentSchemaFor, type CommentFormContext } from './form-context';
import { submissionWriteCtes, withFreshReceiptNumber } from './insert';
import { knownSubmissionRefusal, submissionRules } from './limits';
import { MINUTE_MS, receiptMailText, receivedAtText } from './mail-text';
import { itemLabel, type SubmissionReceipt } from './receipt';

/*
 * Accepting a resident's comment, from the web form (lib/actions/submit-comment.ts) and the
 * JSON API (./api.ts) alike: validation, the rate limits, the idempotency key, the period, and
 * the one statement that stores it (its write is ./insert.ts, shared with staff's paper entry).
 */

/** What a submitter sends: the API body, or the form's fields in the same shape. */
export type SubmitCommentInput = unknown;

export type SubmitCommentContext = {
  /** Keyed hash of the client's IP (lib/security/ip-hash), for the rate limit and the record. */
  ipHash: string;
  /** The client's key for this one submission: a replay returns the same receipt. */
  idempotencyKey: string;
  /** The honeypot field's value: anything in it means a robot filled the form. */
  honeypot?: string;
  /** For tests of the deadline; otherwise the database clock decides, at commit time. */
  now?: Date;
  /** The language of the form (the API: Japanese); recorded, and the receipt and its mail use it. */
  locale?: Locale;
};

export type SubmitCommentFailure =
  | { ok: false; error: 'notFound' | 'upcoming' | 'closed' | 'rejected' | 'idempotencyConflict' }
  | { ok: false; error: 'validation'; fields: Record<string, CommentErrorKey> }
  | { ok: false; error: 'rateLimited'; retryAfterSeconds: number };

/**
 * A replay (the same key again) learns the receipt number only: whoever holds a key, from a
 * shared computer's history or a proxy log, must not read the submitter or the text back.
 */
export type SubmitCommentResult =
  | { ok: true; replayed: false; receipt: SubmissionReceipt }
  | { ok: true; replayed: true; receipt: Pick<SubmissionReceipt, 'receiptNumber'> }
  | SubmitCommentFailure;

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;

/**
 * Accepts one comment submission: validates it with the shared schema, checks the period at
 * commit time, rate-limits, and writes the submission, its opinions and the receipt mail in one
 * transaction. The same idempotency key always yields the same receipt, also when two requests
 * with it race (the unique index decides, the loser reads the winner's receipt).
 * Used by the server action and the HTTP API alike.
 */
export function submitComment(
  db: Db,
  slug: string,
  input: SubmitCommentInput,
  context: SubmitCommentContext,
): Promise<SubmitCommentResult> {
  // A submission takes milliseconds; one that has not finished in 15 s is told to try again
  // (with the same key, so a late commit is found, not doubled) instead of waiting for ever.
  return withDeadline(acceptComment(db, slug, input, context), SUBMIT_DEADLINE_MS, 'submission');
}

const SUBMIT_DEADLINE_MS = 15_000;

async function acceptComment(
  db: Db,
  slug: string,
  input: SubmitCommentInput,
  context: SubmitCommentContext,
): Promise<SubmitCommentResult> {
  const form = await cachedCommentFormContext(db, slug);
  if (!form) return { ok: false, error: 'notFound' };

  // An address already over its limit is turned away before anything else is done for it (a
  // flood must cost as little as possible); a retry of its earlier submissions waits too.
  const refused = knownSubmissionRefusal(db, context.ipHash, context.now);
  if (refused) return { ok: false, error: 'rateLimited', retryAfterSeconds: refused.retryAfterSeconds };

  if (context.honeypot) return { ok: false, error: 'rejected' };
  const parsed = commentSchemaFor(form).safeParse(input);
  if (!parsed.success) return { ok: false, error: 'validation', fields: commentErrorKeys(parsed.error.issues) };
  const comment = parsed.data;

  // A cheap early answer for a case already closed, as the form showed it; the binding check is
  // the one inside the transaction. (Not before the replay lookup: a retry of a submission
  // accepted before the end still gets its receipt.)
  const early = periodState(form, context.now ?? new Date());

  for (let attempt = 0; ; attempt++) {
    try {
      const locale = context.locale ?? DEFAULT_LOCALE;
      const stored = await withFreshReceiptNumber((receiptNumber) => storeSubmission(db, form, comment, { ...context, locale }, early, receiptNumber));
      if (!stored.ok) return stored;
      // Nothing was counted or written: the statement's clock was not where we expected it.
      if ('clockSkew' in stored) {
        if (attempt < 3) continue;
        throw new Error('database clock keeps moving away');
      }
      if ('replayOf' in stored) {
        const replay = await findSubmissionByIdempotencyKey(db, form, context.idempotencyKey);
        if (replay) return replayOf(replay, comment);
        // Gone between the two reads (staff removed it): take the comment as new.
        if (attempt < 3) continue;
        throw new Error('idempotency key found and lost');
      }
      console.info('submission received', { receiptNumber: stored.receipt.receiptNumber });
      return { ok: true, replayed: false, receipt: stored.receipt };
    } catch (error) {
      // Another request with the same key won the race: the unique index decided.
      if (uniqueViolation(error) === IDEMPOTENCY_KEY) {
        const winner = await findSubmissionByIdempotencyKey(db, form, context.idempotencyKey);
        if (winner) return replayOf(winner, comment);
      }
      throw error;
    }
  }
}

function periodState(form: { opensAt: Date; closesAt: Date }, now: Date): 'upcoming' | 'open' | 'closed' {
  if (now < form.opensAt) return 'upcoming';
  if (now >= form.closesAt) return 'closed';
  return 'open';
}

type Stored =
  | { ok: true; receipt: SubmissionReceipt }
  | { ok: true; replayOf: number }
  | { ok: true; clockSkew: true }
  | SubmitCommentFailure;

/**
 * The receipt mail states the time of receipt to the minute, and the database's clock decides
 * that time inside the statement. The app renders the text for the minute before, of and after
 * its estimate of that clock; the statement takes the one for its own minute. This is the app's
 * last measured difference from the database clock, so a skewed clock costs one attempt, once.
 */
let databaseClockOffsetMs = 0;
/** Stands for the time in the mail's text until the statement puts it in: never in any text we send. */
const RECEIVED_AT_MARK = `\u{E000}${randomUUID()}\u{E000}`;

/**
 * One statement, its own transaction, the same on PostgreSQL and PGlite (one round trip):
 *
 * - the gate: counts the attempt against the address's limit, looks the idempotency key up,
 *   share-locks the case (a staff change to its period waits for us) and reads the database
 *   clock against its period, and, only for a new comment inside the period, counts it against
 *   the e-mail address's limit. Replay lookups count like submissions, so nobody can try keys
 *   faster than they could submit;
 * - the write, only when the gate lets the comment through: the submission, its opinions as
 *   sent, the opinions staff will work on, and the receipt mail in the outbox.
 *
 * A refusal commits what was counted and writes nothing else. What counts is the database's
 * time when the statement reads the period, not the request's. When the database's clock is
 * not within a minute of the app's estimate, nothing at all is counted or written, and the
 * caller tries again with the estimate corrected.
 */
async function storeSubmission(
  db: Db,
  form: CommentFormContext,
  comment: Comment,
  context: SubmitCommentContext & { locale: Locale },
  early: 'upcoming' | 'open' | 'closed',
  receiptNumber: string,
): Promise<Stored> {
  const rules = submissionRules();
  const now = context.now ?? new Date();
  const open = early === 'open';
  // Counted only for a comment that may be taken; a case closed as the form saw it counts nothing more.
  const email = comment.submitter.email && open ? hashIp(comment.submitter.email.toLowerCase()) : null;
  const clock = context.now ? sql`${context.now.toISOString()}::timestamptz` : sql`clock_timestamp()`;
  // The stored row and the receipt must name the submitter identically.
  const submitter = {
    name: comment.submitter.name,
    address: comment.submitter.address,
    category: comment.submitter.category ?? null,
    email: comment.submitter.email ?? null,
  };
  const opinions = comment.opinions.map((o) => ({ itemNumber: o.itemNumber, itemLabel: itemLabel(form, o.itemNumber, context.locale), text: o.text }));
  const mail =
    open && submitter.email ? { recipient: submitter.email, ...receiptMailText(form, { receiptNumber, opinions }, context.locale, RECEIVED_AT_MARK) } : null;
  const minute = Math.floor((context.now ? now.getTime() : Date.now() + databaseClockOffsetMs) / MINUTE_MS);
  const times = [minute - 1, minute, minute + 1].map((m) => sql`(${m}::bigint, ${mail ? receivedAtText(context.locale, m) : ''}::text)`);

  const [row] = await queryPreparedRows<{
    clock_ok: boolean;
    ip_count: number | null;
    existing_id: number | string | null;
    email_count: number | null;
    started: boolean;
    ended: boolean;
    now: string | Date;
    submission_id: number | string | null;
  }>(
    db,
    sql`with period as (
          select opens_at <= ${clock} and not draft as started, closes_at <= ${clock} as ended, ${clock} as now
          from ${consultations} where id = ${form.id} for share),
        times as (select * from (values ${sql.join(times, sql`, `)}) as t(minute, text)),
        clock_ok as (
          select not exists (select 1 from period where floor(extract(epoch from period.now) / 60)::bigint not in (select minute from times)) as ok),
        ip as (${rateLimitCountSql(rules.ip, context.ipHash, now, { onlyIf: sql`(select ok from clock_ok)` })}),
        existing as (
          select id from ${submissions} where consultation_id = ${form.id} and idempotency_key = ${context.idempotencyKey} limit 1)${
          email
            ? sql`,
        email as (${rateLimitCountSql(rules.email, email, now, {
          onlyIf: sql`(select count from ip) <= ${rules.ip.limit} and not exists (select 1 from existing)
                      and exists (select 1 from period where started and not ended)`,
        })})`
            : sql``
        }${
          open
            ? sql`,
        go as (
          select period.now, times.text from period join times on times.minute = floor(extract(epoch from period.now) / 60)::bigint
          where (select count from ip) <= ${rules.ip.limit} and not exists (select 1 from existing) and period.started and not period.ended
            ${email ? sql`and (select count from email) <= ${rules.email.limit}` : sql``}),
        ${submissionWriteCtes({
          consultationId: form.id,
          receiptNumber,
          channel: 'web',
          submitter,
          opinions: comment.opinions,
          idempotencyKey: context.idempotencyKey,
          ipHash: context.ipHash,
          locale: context.locale,
          mail: mail && { recipient: mail.recipient, subject: mail.subject, body: sql`replace(${mail.body}, ${RECEIVED_AT_MARK}, go.text)` },
        })}`
            : sql``
        }
        select (select ok from clock_ok) as clock_ok, (select count from ip) as ip_count, (select id from existing) as existing_id,
               ${email ? sql`(select count from email)` : sql`null::int`} as email_count, period.started, period.ended, period.now,
               ${open ? sql`(select id from s)` : sql`null::bigint`} as submission_id
        from period`,
  );
  if (!row) return { ok: false, error: 'notFound' };
  if (!row.clock_ok) {
    if (!context.now) databaseClockOffsetMs = new Date(row.now).getTime() - Date.now();
    return { ok: true, clockSkew: true };
  }
  const byIp = rateLimitOutcome(db, rules.ip, context.ipHash, Number(row.ip_count), now);
  if (!byIp.allowed) return { ok: false, error: 'rateLimited', retryAfterSeconds: byIp.retryAfterSeconds };
  if (row.existing_id !== null) return { ok: true, replayOf: Number(row.existing_id) };
  if (!open) return { ok: false, error: early };
  if (!row.started) return { ok: false, error: 'upcoming' };
  if (row.ended) return { ok: false, error: 'closed' };
  if (email && row.email_count !== null) {
    const byEmail = rateLimitOutcome(db, rules.email, email, Number(row.email_count), now);
    if (!byEmail.allowed) return { ok: false, error: 'rateLimited', retryAfterSeconds: byEmail.retryAfterSeconds };
  }
  if (row.submission_id === null) throw new Error('submission let through and not written');
  return {
    ok: true,
    receipt: {
      receiptNumber,
      receivedAt: new Date(row.now).toISOString(),
      consultationTitle: form.title,
      submitter,
      opinions,
    },
  };
}

type StoredSubmission = NonNullable<Awaited<ReturnType<typeof findSubmissionByIdempotencyKey>>>;

async function findSubmissionByIdempotencyKey(db: Db, form: CommentFormContext, key: string) {
  // The common case is a first attempt: answer it with one cheap indexed lookup.
  const [exists] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(and(eq(submissions.consultationId, form.id), eq(submissions.idempotencyKey, key)))
    .limit(1);
  if (!exists) return null;
  const row = await db.query.submissions.findFirst({
    where: and(eq(submissions.consultationId, form.id), eq(submissions.idempotencyKey, key)),
    with: { opinions: { orderBy: (o, { asc: ascending }) => [ascending(o.position)] } },
  });
  return row ?? null;
}

/**
 * The answer to a key that is already stored: its receipt number when the comment is the one
 * stored under it (a retry), a refusal when it is another (a client reusing keys, or someone
 * trying keys).
 */
function replayOf(stored: StoredSubmission, comment: Comment): SubmitCommentResult {
  const same =
    stored.submitterName === comment.submitter.name &&
    stored.submitterAddress === comment.submitter.address &&
    stored.submitterCategory === (comment.submitter.category ?? null) &&
    stored.submitterEmail === (comment.submitter.email ?? null) &&
    stored.opinions.length === comment.opinions.length &&
    stored.opinions.every((o, i) => o.itemNumber === comment.opinions[i]!.itemNumber && o.text === comment.opinions[i]!.text);
  return same ? { ok: true, replayed: true, receipt: { receiptNumber: stored.receiptNumber } } : { ok: false, error: 'idempotencyConflict' };
}

