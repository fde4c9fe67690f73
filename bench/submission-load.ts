/**
 * The submission load that the fault runs share (test:faults, test:cluster): clients that keep
 * sending their Idempotency-Key until they hold a receipt, and the figures that prove nothing
 * was lost or doubled: every acknowledged submission stored once and mailed once.
 */
import type postgres from 'postgres';
import type { CaughtMail } from '@/lib/testing/mail-catcher';
import { postSubmission, submissionBody, type SubmissionResponse } from './support';

/** How long one client keeps retrying its key while the app or the database is away. */
const CLIENT_RETRY_MS = 90_000;
export const RECEIPT_PATTERN = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

export type Submission = { key: string; email: string; ip: string; receipts: Set<string>; responses: SubmissionResponse[]; thrown: number };
export type Row = { idempotency_key: string; receipt_number: string };

/** The receipt number and Message-ID of each mail caught. */
export function deliveredMails(messages: CaughtMail[]): { receipt: string; messageId: string }[] {
  return messages.map((m) => ({ receipt: RECEIPT_PATTERN.exec(m.subject)?.[0] ?? '', messageId: m.messageId }));
}

/** A 503 as promised: JSON, error "server", a Japanese message, Retry-After. */
export function isClearError(response: SubmissionResponse): boolean {
  return (
    response.status === 503 &&
    response.contentType.startsWith('application/json') &&
    response.error === 'server' &&
    JAPANESE.test(response.message ?? '') &&
    Number(response.retryAfter) > 0
  );
}

/** `count` submissions whose keys start with `${scenario}-${run}-`. */
export function newSubmissions(run: string, scenario: string, count: number): Submission[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${scenario}-${run}-${i}`,
    email: `${scenario}-${i}@example.jp`,
    ip: `10.${scenario.length}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    receipts: new Set<string>(),
    responses: [],
    thrown: 0,
  }));
}

/**
 * Sends one submission as a careful client does: on a failure it sends the same key again
 * (with a short backoff, well under Retry-After, to keep the run short) until it has its receipt.
 */
export async function submitUntilReceived(base: string, slug: string, submission: Submission, onFailure: () => void): Promise<void> {
  const deadline = Date.now() + CLIENT_RETRY_MS;
  for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 1_000)) {
    try {
      const response = await postSubmission(base, slug, { key: submission.key, ip: submission.ip, body: submissionBody(submission.email) });
      submission.responses.push(response);
      if (response.status === 201 && response.receiptNumber) {
        submission.receipts.add(response.receiptNumber);
        return;
      }
    } catch {
      submission.thrown++;
    }
    onFailure();
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export type Figures = {
  scenario: string;
  sent: number;
  requests: number;
  acknowledged: number;
  stored: number;
  /** Distinct mails (by Message-ID) delivered for the stored submissions. */
  mails: number;
  /** The same mail (same Message-ID) delivered again: its sender died before recording it. */
  resent: number;
  failedClear: number;
  unclear: number;
  duplicates: number;
  lost: number;
};

export async function figures(
  sql: postgres.Sql,
  run: string,
  scenario: string,
  submissions: Submission[],
  delivered: { receipt: string; messageId: string }[],
): Promise<Figures> {
  const rows = await sql<Row[]>`select idempotency_key, receipt_number from submissions where idempotency_key like ${`${scenario}-${run}-%`}`;
  const rowsByKey = new Map<string, Row[]>();
  for (const row of rows) rowsByKey.set(row.idempotency_key, [...(rowsByKey.get(row.idempotency_key) ?? []), row]);
  const messageIds = new Map<string, Set<string>>();
  let copies = 0;
  for (const { receipt, messageId } of delivered) {
    messageIds.set(receipt, (messageIds.get(receipt) ?? new Set()).add(messageId));
  }
  const mailCount = new Map([...messageIds].map(([receipt, ids]) => [receipt, ids.size]));

  let duplicates = 0;
  let lost = 0;
  for (const s of submissions) {
    const stored = rowsByKey.get(s.key) ?? [];
    // More than one row for a key, or two different receipt numbers given for one key.
    duplicates += Math.max(0, stored.length - 1) + Math.max(0, s.receipts.size - 1);
    // Acknowledged but not stored (or stored under another number), or never acknowledged.
    for (const receipt of s.receipts) if (!stored.some((row) => row.receipt_number === receipt)) lost++;
    if (s.receipts.size === 0) lost++;
    for (const row of stored) {
      const mails = mailCount.get(row.receipt_number) ?? 0;
      if (mails === 0) lost++;
      // Two different mails for one receipt; the same mail delivered twice is counted as resent.
      duplicates += Math.max(0, mails - 1);
      copies += delivered.filter((m) => m.receipt === row.receipt_number).length;
    }
  }
  const responses = submissions.flatMap((s) => s.responses.filter((r) => r.status !== 201));
  return {
    scenario,
    sent: submissions.length,
    requests: submissions.reduce((n, s) => n + s.responses.length + s.thrown, 0),
    acknowledged: submissions.filter((s) => s.receipts.size > 0).length,
    stored: rows.length,
    mails: rows.reduce((n, row) => n + (mailCount.get(row.receipt_number) ?? 0), 0),
    resent: copies - rows.reduce((n, row) => n + (mailCount.get(row.receipt_number) ?? 0), 0),
    failedClear: responses.filter(isClearError).length,
    unclear: responses.filter((r) => !isClearError(r)).length + submissions.reduce((n, s) => n + s.thrown, 0),
    duplicates,
    lost,
  };
}

/** Prints the figures as a table, one row a scenario. */
export function printFigures(table: Figures[], names: Record<string, string>): void {
  const columns: [keyof Figures, string][] = [
    ['scenario', 'scenario'],
    ['sent', 'sent'],
    ['requests', 'requests'],
    ['acknowledged', 'acknowledged'],
    ['stored', 'stored'],
    ['mails', 'mails delivered'],
    ['resent', 'resent (same mail)'],
    ['failedClear', 'failed (503, clear)'],
    ['unclear', 'unclear errors'],
    ['duplicates', 'duplicates'],
    ['lost', 'lost'],
  ];
  const cells = table.map((f) => columns.map(([key]) => (key === 'scenario' ? names[f.scenario]! : String(f[key]))));
  const widths = columns.map(([, title], i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(line(columns.map(([, title]) => title)));
  for (const row of cells) console.log(line(row));
  console.log('');
}
