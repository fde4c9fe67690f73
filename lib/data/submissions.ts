import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, withDeadline, type Db } from '@/db/client';
import { consultations, mailOutbox, submissionOpinions, submissions } from '@/db/schema';
import { env } from '@/lib/env';
import { formatDateFor } from '@/lib/format/japanese-date';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { commentTranslators } from '@/lib/i18n/translate';
import { hashIp } from '@/lib/security/ip-hash';
import { generateReceiptNumber } from '@/lib/submissions/receipt-number';
import { commentErrorKeys, commentSchema, type Comment, type CommentErrorKey } from '@/lib/validation/comment';
import type { CommentFormSettings } from '@/lib/validation/comment-form-settings';
import { isPublicCase, listItemHeadings } from './consultations';
import { knownRefusal, rateLimitCountSql, rateLimitOutcome, type RateLimitRule } from './rate-limits';
import { isSlug } from '@/lib/validation/slug';
import { charCount } from '@/lib/validation/text';

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

/** What the submitter may see of their own submission (the receipt page, the API). */
export type SubmissionReceipt = {
  receiptNumber: string;
  receivedAt: string;
  consultationTitle: string;
  submitter: { name: string; address: string; category: string | null; email: string | null };
  opinions: { itemNumber: number | null; itemLabel: string; text: string }[];
};

export type SubmitCommentFailure =
  | { ok: false; error: 'not_found' | 'upcoming' | 'closed' | 'rejected' | 'idempotency_conflict' }
  | { ok: false; error: 'validation'; fields: Record<string, CommentErrorKey> }
  | { ok: false; error: 'rate_limited'; retryAfterSeconds: number };

/**
 * A replay (the same key again) learns the receipt number only: whoever holds a key, from a
 * shared computer's history or a proxy log, must not read the submitter or the text back.
 */
export type SubmitCommentResult =
  | { ok: true; replayed: false; receipt: SubmissionReceipt }
  | { ok: true; replayed: true; receipt: Pick<SubmissionReceipt, 'receiptNumber'> }
  | SubmitCommentFailure;

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;

type FormContext = {
  id: number;
  title: string;
  department: string;
  opensAt: Date;
  closesAt: Date;
  settings: CommentFormSettings;
  items: { number: number; heading: string }[];
};

/** The last context read per case, for the form page while the database is briefly away. */
const lastReadFormContext = new Map<string, FormContext>();

/**
 * The consultation's form settings and item list: what the form and the schema need. With
 * `staleOnError`, a failed read returns what this process last read for the case, so a form
 * post during a database restart still shows the resident the action's message (and their
 * input) instead of an error page; the period is checked again when the comment is stored.
 */
export async function getCommentFormContext(db: Db, slug: string, options: { staleOnError?: boolean } = {}): Promise<FormContext | null> {
  try {
    const form = await readCommentFormContext(db, slug);
    if (form) lastReadFormContext.set(slug, form);
    return form;
  } catch (error) {
    const stale = options.staleOnError ? lastReadFormContext.get(slug) : undefined;
    if (!stale) throw error;
    console.warn('comment form: database unavailable, showing the last read case', { slug });
    return stale;
  }
}

async function readCommentFormContext(db: Db, slug: string): Promise<FormContext | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({
      id: consultations.id,
      title: consultations.title,
      department: consultations.department,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      settings: consultations.formSettings,
    })
    .from(consultations)
    .where(and(eq(consultations.slug, slug), isPublicCase))
    .limit(1);
  if (!row) return null;
  const items = await listItemHeadings(db, row.id);
  return { ...row, items };
}

/**
 * The form context changes only when staff edit a case; a few seconds of reuse saves two
 * queries per submission. Nothing binding depends on it: the period is checked again inside
 * the transaction against the database clock.
 */
const FORM_CONTEXT_TTL_MS = 5_000;
const formContextCache = new Map<string, { at: number; db: Db; value: Promise<FormContext | null> }>();

/** Staff changed a case (period, settings, items): this instance reads it afresh at once. */
export function forgetCommentFormContext(slug: string): void {
  formContextCache.delete(slug);
}

function cachedFormContext(db: Db, slug: string): Promise<FormContext | null> {
  const hit = formContextCache.get(slug);
  if (hit && hit.db === db && Date.now() - hit.at < FORM_CONTEXT_TTL_MS) return hit.value;
  const value = getCommentFormContext(db, slug);
  formContextCache.set(slug, { at: Date.now(), db, value });
  value.catch(() => formContextCache.delete(slug));
  if (formContextCache.size > 100) formContextCache.delete(formContextCache.keys().next().value!);
  return value;
}

// Building a zod schema costs about a millisecond; build one per form context.
const schemas = new WeakMap<FormContext, ReturnType<typeof commentSchema>>();
function schemaFor(form: FormContext): ReturnType<typeof commentSchema> {
  let schema = schemas.get(form);
  if (!schema) {
    schema = commentSchema({ settings: form.settings, itemNumbers: form.items.map((i) => i.number) });
    schemas.set(form, schema);
  }
  return schema;
}

function submissionRules(): { ip: RateLimitRule; email: RateLimitRule } {
  return {
    ip: { name: 'submission-ip', limit: env().SUBMISSION_LIMIT_PER_IP, windowSeconds: 600 },
    email: { name: 'submission-email', limit: env().SUBMISSION_LIMIT_PER_EMAIL, windowSeconds: 3600 },
  };
}

/**
 * The refusal of a client address already over its submission limit in this window, known in
 * memory (nothing counted, nothing read): callers ask before they even read the request body.
 */
export function knownSubmissionRefusal(db: Db, ipHash: string, now?: Date): { retryAfterSeconds: number } | null {
  return knownRefusal(db, submissionRules().ip, ipHash, now);
}

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
  const form = await cachedFormContext(db, slug);
  if (!form) return { ok: false, error: 'not_found' };

  // An address already over its limit is turned away before anything else is done for it (a
  // flood must cost as little as possible); a retry of its earlier submissions waits too.
  const refused = knownSubmissionRefusal(db, context.ipHash, context.now);
  if (refused) return { ok: false, error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };

  if (context.honeypot) return { ok: false, error: 'rejected' };
  const parsed = schemaFor(form).safeParse(input);
  if (!parsed.success) return { ok: false, error: 'validation', fields: commentErrorKeys(parsed.error.issues) };
  const comment = parsed.data;

  // A cheap early answer for a case already closed, as the form showed it; the binding check is
  // the one inside the transaction. (Not before the replay lookup: a retry of a submission
  // accepted before the end still gets its receipt.)
  const early = periodState(form, context.now ?? new Date());

  for (let attempt = 0; ; attempt++) {
    try {
      const stored = await storeSubmission(db, form, comment, { ...context, locale: context.locale ?? DEFAULT_LOCALE }, early);
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
      const constraint = uniqueViolation(error);
      if (constraint === 'submissions_idempotency_key') {
        const winner = await findSubmissionByIdempotencyKey(db, form, context.idempotencyKey);
        if (winner) return replayOf(winner, comment);
      }
      // A receipt number drawn twice (about one in 10^11): draw again.
      if (constraint === 'submissions_receipt_number_key' && attempt < 3) continue;
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
const MINUTE_MS = 60_000;
/** Stands for the time in the mail's text until the statement puts it in: never in any text we send. */
const RECEIVED_AT_MARK = `\u{E000}${randomUUID()}\u{E000}`;

/** Formatted times of receipt per language and minute (a few entries live at a time). */
const receivedAtTexts = new Map<string, string>();
function receivedAtText(locale: Locale, minute: number): string {
  const key = `${locale} ${minute}`;
  let text = receivedAtTexts.get(key);
  if (text === undefined) {
    text = formatDateFor(locale, new Date(minute * MINUTE_MS), { withTime: true });
    if (receivedAtTexts.size >= 64) receivedAtTexts.delete(receivedAtTexts.keys().next().value!);
    receivedAtTexts.set(key, text);
  }
  return text;
}

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
  form: FormContext,
  comment: Comment,
  context: SubmitCommentContext & { locale: Locale },
  early: 'upcoming' | 'open' | 'closed',
): Promise<Stored> {
  const rules = submissionRules();
  const now = context.now ?? new Date();
  const open = early === 'open';
  // Counted only for a comment that may be taken; a case closed as the form saw it counts nothing more.
  const email = comment.submitter.email && open ? hashIp(comment.submitter.email.toLowerCase()) : null;
  const clock = context.now ? sql`${context.now.toISOString()}::timestamptz` : sql`clock_timestamp()`;
  // The stored row and the receipt must name the submitter identically.
  const submitter = {
    submitterName: comment.submitter.name,
    submitterAddress: comment.submitter.address,
    submitterCategory: comment.submitter.category ?? null,
    submitterEmail: comment.submitter.email ?? null,
  };
  const receiptNumber = generateReceiptNumber();
  const opinions = comment.opinions.map((o) => ({ itemNumber: o.itemNumber, itemLabel: itemLabel(form, o.itemNumber, context.locale), text: o.text }));
  const mail =
    open && submitter.submitterEmail
      ? { recipient: submitter.submitterEmail, ...receiptMailText(form, { receiptNumber, opinions }, context.locale, RECEIVED_AT_MARK) }
      : null;
  const minute = Math.floor((context.now ? now.getTime() : Date.now() + databaseClockOffsetMs) / MINUTE_MS);
  const times = [minute - 1, minute, minute + 1].map((m) => sql`(${m}::bigint, ${mail ? receivedAtText(context.locale, m) : ''}::text)`);
  const sent = comment.opinions.map((o, position) => sql`(${o.itemNumber}::int, ${position}::int, ${o.text}::text)`);

  const [row] = await queryRows<{
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
        s as (
          insert into ${submissions} (consultation_id, receipt_number, channel, received_at, submitter_name, submitter_address,
                                      submitter_category, submitter_email, idempotency_key, ip_hash, locale)
          select ${form.id}, ${receiptNumber}, 'web', go.now, ${submitter.submitterName}, ${submitter.submitterAddress},
                 ${submitter.submitterCategory}, ${submitter.submitterEmail}, ${context.idempotencyKey}, ${context.ipHash}, ${context.locale}
          from go
          returning id, consultation_id, channel, received_at),
        sent as (
          insert into ${submissionOpinions} (submission_id, item_number, position, text)
          select s.id, o.item_number, o.position, o.text from s, (values ${sql.join(sent, sql`, `)}) as o(item_number, position, text)
          returning id, item_number, position, text),
        -- As createInitialOpinions (triage/opinions.ts) makes them: one opinion per part sent, whole.
        initial as (
          insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at)
          select s.consultation_id, s.id, sent.id, 0, char_length(sent.text), sent.text, sent.item_number, s.channel, s.received_at
          from sent, s order by sent.position)${
            mail
              ? sql`,
        mail as (
          insert into ${mailOutbox} (kind, recipient, submission_id, subject, body)
          select 'submission_receipt', ${mail.recipient}, s.id, ${mail.subject}, replace(${mail.body}, ${RECEIVED_AT_MARK}, go.text) from s, go)`
              : sql``
          }`
            : sql``
        }
        select (select ok from clock_ok) as clock_ok, (select count from ip) as ip_count, (select id from existing) as existing_id,
               ${email ? sql`(select count from email)` : sql`null::int`} as email_count, period.started, period.ended, period.now,
               ${open ? sql`(select id from s)` : sql`null::bigint`} as submission_id
        from period`,
  );
  if (!row) return { ok: false, error: 'not_found' };
  if (!row.clock_ok) {
    if (!context.now) databaseClockOffsetMs = new Date(row.now).getTime() - Date.now();
    return { ok: true, clockSkew: true };
  }
  const byIp = rateLimitOutcome(db, rules.ip, context.ipHash, Number(row.ip_count), now);
  if (!byIp.allowed) return { ok: false, error: 'rate_limited', retryAfterSeconds: byIp.retryAfterSeconds };
  if (row.existing_id !== null) return { ok: true, replayOf: Number(row.existing_id) };
  if (!open) return { ok: false, error: early };
  if (!row.started) return { ok: false, error: 'upcoming' };
  if (row.ended) return { ok: false, error: 'closed' };
  if (email && row.email_count !== null) {
    const byEmail = rateLimitOutcome(db, rules.email, email, Number(row.email_count), now);
    if (!byEmail.allowed) return { ok: false, error: 'rate_limited', retryAfterSeconds: byEmail.retryAfterSeconds };
  }
  if (row.submission_id === null) throw new Error('submission let through and not written');
  return {
    ok: true,
    receipt: {
      receiptNumber,
      receivedAt: new Date(row.now).toISOString(),
      consultationTitle: form.title,
      submitter: { name: submitter.submitterName, address: submitter.submitterAddress, category: submitter.submitterCategory, email: submitter.submitterEmail },
      opinions,
    },
  };
}

function itemLabel(form: FormContext, itemNumber: number | null, locale: Locale): string {
  const translateComment = commentTranslators(locale).comment;
  if (itemNumber === null) return translateComment('opinionWhole');
  const heading = form.items.find((i) => i.number === itemNumber)?.heading ?? '';
  return translateComment('opinionItem', { number: itemNumber, heading });
}

/**
 * The receipt mail, in the form's language. Nobody has verified that the address belongs to
 * the submitter, so the city's sender must not carry what was typed to a stranger (an
 * attacker's text or links, or a resident's name and opinions to a mistyped address): the
 * receipt number, the case, the items and the number of characters only. The full 控え is on
 * the receipt page (SECURITY.md).
 */
export function receiptMail(
  form: { title: string; department: string },
  receipt: SubmissionReceipt,
  locale: Locale = DEFAULT_LOCALE,
): { subject: string; body: string } {
  return receiptMailText(form, receipt, locale, formatDateFor(locale, new Date(receipt.receivedAt), { withTime: true }));
}

function receiptMailText(
  form: { title: string; department: string },
  receipt: Pick<SubmissionReceipt, 'receiptNumber' | 'opinions'>,
  locale: Locale,
  receivedAt: string,
): { subject: string; body: string } {
  const translateComment = commentTranslators(locale).comment;
  return {
    subject: translateComment('mailSubject', { receiptNumber: receipt.receiptNumber }),
    body: translateComment('mailBody', {
      title: form.title,
      receiptNumber: receipt.receiptNumber,
      receivedAt,
      count: receipt.opinions.length,
      opinions: receipt.opinions.map((o) => translateComment('mailOpinion', { target: o.itemLabel, characters: charCount(o.text) })).join('\n'),
      department: form.department,
    }),
  };
}

type StoredSubmission = NonNullable<Awaited<ReturnType<typeof findSubmissionByIdempotencyKey>>>;

async function findSubmissionByIdempotencyKey(db: Db, form: FormContext, key: string) {
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
  return same ? { ok: true, replayed: true, receipt: { receiptNumber: stored.receiptNumber } } : { ok: false, error: 'idempotency_conflict' };
}

/** The name of the unique index a statement violated, or null (postgres.js and PGlite alike). */
function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name: constraintName, constraint } = e as { code?: string; constraint_name?: string; constraint?: string };
    if (code === '23505') return constraintName ?? constraint ?? 'unknown';
  }
  return null;
}
