import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { mailOutbox, opinions, submissionOpinions, submissions, type SubmissionChannel } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import { RECEIPT_NUMBER_KEY, uniqueViolation } from './errors';
import { generateReceiptNumber } from './receipt-number';

/**
 * One submission as every channel stores it: the web form and the JSON API (lib/submissions/
 * accept.ts) and staff's entry of one received on paper (lib/data/triage/paper.ts).
 */
export type SubmissionRows = {
  consultationId: number;
  receiptNumber: string;
  channel: SubmissionChannel;
  submitter: { name: string; address: string; category: string | null; email: string | null };
  opinions: readonly { itemNumber: number | null; text: string }[];
  /** The client's key (web and API); null for staff entry. */
  idempotencyKey: string | null;
  /** Keyed hash of the client's address (web and API); null for staff entry. */
  ipHash: string | null;
  locale: Locale;
  /** The receipt mail for the outbox; its body is SQL and may read the CTE `go`. */
  mail: { recipient: string; subject: string; body: SQL } | null;
};

/**
 * The one way a submission is written, as CTEs of a statement: the submission, its opinions
 * exactly as sent, the opinions staff will work on (one per part sent, whole), and the receipt
 * mail in the outbox. They write when the CTE `go`, which the statement defines before them,
 * has a row, and its `now` is the time of receipt; the statement reads the new id from `s`.
 */
export function submissionWriteCtes(rows: SubmissionRows): SQL {
  const sent = rows.opinions.map((o, position) => sql`(${o.itemNumber}::int, ${position}::int, ${o.text}::text)`);
  return sql`s as (
      insert into ${submissions} (consultation_id, receipt_number, channel, received_at, submitter_name, submitter_address,
                                  submitter_category, submitter_email, idempotency_key, ip_hash, locale)
      select ${rows.consultationId}, ${rows.receiptNumber}, ${rows.channel}, go.now, ${rows.submitter.name}, ${rows.submitter.address},
             ${rows.submitter.category}, ${rows.submitter.email}, ${rows.idempotencyKey}, ${rows.ipHash}, ${rows.locale}
      from go
      returning id, consultation_id, channel, received_at),
    sent as (
      insert into ${submissionOpinions} (submission_id, item_number, position, text)
      select s.id, o.item_number, o.position, o.text from s, (values ${sql.join(sent, sql`, `)}) as o(item_number, position, text)
      returning id, item_number, position, text),
    initial as (
      insert into ${opinions} (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at)
      select s.consultation_id, s.id, sent.id, 0, char_length(sent.text), sent.text, sent.item_number, s.channel, s.received_at
      from sent, s order by sent.position)${
      rows.mail
        ? sql`,
    mail as (
      insert into ${mailOutbox} (kind, recipient, submission_id, subject, body)
      select 'submission_receipt', ${rows.mail.recipient}, s.id, ${rows.mail.subject}, ${rows.mail.body} from s, go)`
        : sql``
    }`;
}

/** Writes one submission received at `receivedAt`, in one statement; returns its id. */
export async function insertSubmission(db: Db, rows: SubmissionRows, receivedAt: Date): Promise<number> {
  const [row] = await queryRows<{ id: number | string }>(
    db,
    sql`with go as (select ${receivedAt.toISOString()}::timestamptz as now), ${submissionWriteCtes(rows)} select id from s`,
  );
  return Number(row!.id);
}

/**
 * Runs `write` with a new receipt number, and again with another when that number was already
 * taken (two draws of the same eight characters: about one in 10^11 per pair).
 */
export async function withFreshReceiptNumber<T>(write: (receiptNumber: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write(generateReceiptNumber());
    } catch (error) {
      if (attempt < 3 && uniqueViolation(error) === RECEIPT_NUMBER_KEY) continue;
      throw error;
    }
  }
}
