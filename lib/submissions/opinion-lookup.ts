import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consumeRateLimit, type RateLimitRule } from '@/lib/data/rate-limits';
import { getPublishedResult } from '@/lib/data/results/public';
import { excludedSql } from '@/lib/data/triage/counted';
import type { ResultSnapshot } from '@/db/schema/result-snapshot';
import type { LookupFound, LookupOpinion } from './opinion-lookup-state';

/**
 * 「意見の扱いを確かめる」: a resident with the 受付番号 and the e-mail address it was sent from
 * (or, for a submission without one, the first line of one of its texts) sees which items their
 * opinions were recorded under and, after publication, the row of the result that answers each.
 *
 * One answer, `not-found`, for an unknown number, a number of another case and a wrong e-mail
 * or line, so the page tells a guesser nothing. Both secrets are compared in constant time, as
 * keyed hashes of the normalised values; neither is logged or returned.
 */
export const LOOKUP_RULES = {
  /** Per client address: a resident needs a few tries, a guesser many. */
  ip: { name: 'lookup-ip', limit: 10, windowSeconds: 600 },
  /** Per receipt number, whoever asks: the e-mail or first line cannot be guessed from many addresses. */
  receipt: { name: 'lookup-receipt', limit: 10, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

export type LookupOutcome =
  | { ok: true; found: LookupFound }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'rateLimited'; retryAfterSeconds: number };

/** The key of the comparison hashes: per process, never stored (only equal lengths matter). */
const COMPARE_KEY = randomBytes(32);
const digest = (value: string) => createHmac('sha256', COMPARE_KEY).update(value).digest();

/** An e-mail address as a person may retype it: spaces around, any case, full-width characters. */
export function normalizeEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/** A first line as typed: the line itself, without surrounding spaces, in composed form. */
export function normalizeLine(value: string): string {
  return value.normalize('NFC').split(/\r\n|\r|\n/, 1)[0]!.trim();
}

/** Whether `given` equals any of `candidates`, looking at every candidate whatever matches. */
function matchesAny(given: string, candidates: string[]): boolean {
  const wanted = digest(given);
  let match = false;
  // A dummy comparison when there is nothing to compare, so an unknown number costs the same.
  for (const candidate of candidates.length ? candidates : ['\u0000']) {
    if (timingSafeEqual(wanted, digest(candidate)) && candidates.length) match = true;
  }
  return match;
}

type SubmissionRow = { id: number; received_at: Date | string; email: string | null };
type OpinionRow = {
  position: number;
  start_offset: number;
  item_number: number | null;
  heading: string | null;
  summary: string;
  excluded: boolean;
  group_status: string | null;
  group_item_number: number | null;
  response: string | null;
  category_code: string | null;
};

/**
 * Looks up a submission of the case `slug` by its canonical receipt number (parse it first with
 * parseReceiptNumber: a typo never reaches here) and the secret. Counts one attempt per client
 * and per number before reading anything.
 */
export async function lookUpOpinions(
  db: Db,
  input: { slug: string; receiptNumber: string; secret: string; ipHash: string },
  now = new Date(),
): Promise<LookupOutcome> {
  for (const [rule, subject] of [
    [LOOKUP_RULES.ip, input.ipHash],
    [LOOKUP_RULES.receipt, input.receiptNumber],
  ] as const) {
    const limited = await consumeRateLimit(db, rule, subject, now);
    if (!limited.allowed) return { ok: false, error: 'rateLimited', retryAfterSeconds: limited.retryAfterSeconds };
  }

  const [submission] = await queryRows<SubmissionRow>(
    db,
    sql`select s.id, s.received_at, s.submitter_email as email
        from submissions s join consultations c on c.id = s.consultation_id
        where s.receipt_number = ${input.receiptNumber} and c.slug = ${input.slug}`,
  );
  // Read even for an unknown number (nothing matches id 0), so both cost the same queries.
  const texts = await queryRows<{ text: string }>(db, sql`select text from submission_opinions where submission_id = ${submission?.id ?? 0} order by position`);
  // The e-mail when the submission had one; otherwise the first line of any of its texts.
  const candidates = submission?.email ? [normalizeEmail(submission.email)] : texts.map((t) => normalizeLine(t.text)).filter(Boolean);
  // What was typed is one line as a whole: a pasted text whose first line matches is not the line.
  const given = submission?.email ? normalizeEmail(input.secret) : input.secret.normalize('NFC').trim();
  if (!matchesAny(given, candidates) || !submission || !given) return { ok: false, error: 'notFound' };

  const rows = await queryRows<OpinionRow>(
    db,
    sql`select so.position, o.start_offset, o.item_number, ri.heading, o.summary,
               ${excludedSql('o')} as excluded,
               g.status as group_status, g.item_number as group_item_number, g.response, g.category_code
        from opinions o
        join submission_opinions so on so.id = o.source_id
        join submissions s on s.id = o.submission_id
        left join revision_items ri on ri.consultation_id = s.consultation_id and ri.number = o.item_number
        left join response_group_members m on m.opinion_id = o.id
        left join response_groups g on g.id = m.group_id
        where o.submission_id = ${submission.id}
        order by so.position, o.start_offset`,
  );
  const slugResult = await getPublishedResult(db, input.slug);
  const snapshot = slugResult?.status === 'published' ? slugResult.snapshot : null;
  const parts = new Map<number, number>();
  for (const r of rows) parts.set(r.position, (parts.get(r.position) ?? 0) + 1);
  const seen = new Map<number, number>();
  const opinions: LookupOpinion[] = rows.map((r) => {
    const part = (seen.get(r.position) ?? 0) + 1;
    seen.set(r.position, part);
    return {
      number: r.position + 1,
      part: (parts.get(r.position) ?? 1) > 1 ? part : null,
      itemNumber: r.item_number,
      heading: r.heading,
      answer: answerOf(r, snapshot),
    };
  });
  const receivedAt = new Date(submission.received_at).toISOString();
  return { ok: true, found: { receiptNumber: input.receiptNumber, receivedAt, resultVersion: snapshot?.header.version ?? null, opinions } };
}

/**
 * The published row that answers an opinion: the row of its approved group, found by what the
 * row shows (item, 市の考え方, 区分 and the opinion's 意見の概要), since the snapshot keeps no
 * internal ids. Rows that agree on all of these read the same to the resident.
 */
function answerOf(r: OpinionRow, snapshot: ResultSnapshot | null): LookupOpinion['answer'] {
  if (!snapshot) return { kind: 'pending' };
  if (r.excluded || r.group_status !== 'approved') return { kind: 'absent' };
  const row = snapshot.rows.find(
    (x) => x.itemNumber === r.group_item_number && x.response === r.response && x.categoryCode === r.category_code && x.summaries.includes(r.summary.trim()),
  );
  if (!row) return { kind: 'absent' };
  return {
    kind: 'row',
    row: {
      no: row.no,
      itemNumber: row.itemNumber,
      heading: row.heading,
      summaries: row.summaries,
      response: row.response,
      categoryCode: row.categoryCode,
      categoryLabel: row.categoryLabel,
    },
  };
}
