import 'server-only';
import type { Transporter } from 'nodemailer';
import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { sendMail, SMTP_CONNECTIONS } from './transport';
import { describeErrorForLog, redactForLog } from '@/lib/log/redact';

export type DeliveryOptions = {
  /** Rows taken per run. */
  batch?: number;
  /** Mails sent at once (the transport pools its connections). */
  parallel?: number;
  /** Attempts before a mail is marked 'failed' (it stays in the table for staff to see). */
  maxAttempts?: number;
  /** The clock; tests move it forward instead of sleeping through the backoff. */
  now?: Date;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
  /** How long to keep retrying the record of a mail that was sent, while the database is away. */
  recordForMs?: number;
  /** How long other workers leave a taken mail alone: a worker that died mid-run gives it up then. */
  leaseSeconds?: number;
};

/**
 * `unavailable`: the SMTP server could not be reached (or said it is not available), so the
 * run stopped and put the mails it could not send back as they were, no attempt counted:
 * an outage of the server says nothing about the mail, and must not use up its attempts.
 */
export type DeliveryReport = { sent: number; retrying: number; failed: number; unavailable: boolean };

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Exponential backoff with "equal jitter": half the delay fixed, half random. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay / 2 + (delay / 2) * random());
}

/** Errors of the connection or the server as a whole, not of one mail (nodemailer's codes). */
export function isSmtpUnavailable(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(code ?? '') || responseCode === 421;
}

/**
 * Sends due mail from the outbox. Each run first takes its rows in one statement (FOR UPDATE
 * SKIP LOCKED, then a lease: another worker leaves them alone), so several app instances may
 * run this at once and no mail is sent by two of them; no transaction stays open while SMTP
 * talks. The mails of a run go out over the pooled connections, and the sent ones are marked
 * in one statement at the end of the run (retried while the database is away, a restart).
 * That is the one at-least-once window: a worker that dies after the SMTP server took a mail
 * and before that statement leaves the mail leased, and another worker sends it again (same
 * Message-ID) once the lease ends. A failure schedules a retry with backoff; after
 * `maxAttempts` the mail is marked 'failed' and kept.
 */
export async function deliverPendingMail(
  db: Db,
  transport: Transporter | null,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, unavailable: false };
  if (!transport) return report;
  const { batch = 20, parallel = 4, maxAttempts = 10, random = Math.random, recordForMs = 60_000, leaseSeconds = 600 } = options;
  const now = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  const clock = () => options.now ?? new Date();

  const taken = await queryRows<{ id: number | string; recipient: string; subject: string; body: string; attempts: number; due_at: string | Date; created_at: string | Date }>(
    db,
    sql`with due as (
          select id, next_attempt_at from ${mailOutbox}
          where status = 'pending' and next_attempt_at <= ${now}
          order by next_attempt_at limit ${batch}
          for update skip locked)
        update ${mailOutbox} m set next_attempt_at = ${now} + ${leaseSeconds}::int * interval '1 second'
        from due where m.id = due.id
        returning m.id, m.recipient, m.subject, m.body, m.attempts, due.next_attempt_at as due_at, m.created_at`,
  );
  const mails = taken
    .map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts), dueAt: new Date(row.due_at), createdAt: new Date(row.created_at) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);

  type Taken = (typeof mails)[number];
  const waiting = [...mails];
  const putBack: { mail: Taken; error?: string }[] = [];
  const sent: number[] = [];
  const deliver = async (mail: Taken) => {
    const attempts = mail.attempts + 1;
    try {
      // One Message-ID per outbox row: when a mail must be sent again (its sender died before
      // recording it), mail programs see the same message, not a second one.
      await sendMail({ to: mail.recipient, subject: mail.subject, text: mail.body, messageId: `<outbox-${mail.id}.${mail.createdAt.getTime()}@public-comment.invalid>` }, transport);
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
      if (isSmtpUnavailable(error)) {
        if (!report.unavailable) console.warn('mail server unavailable', { outboxId: mail.id, error: redactForLog(message) });
        report.unavailable = true;
        putBack.push({ mail, error: message });
        return;
      }
      const gaveUp = attempts >= maxAttempts;
      const next = new Date(clock().getTime() + retryDelayMs(attempts, random));
      await db
        .update(mailOutbox)
        .set({ status: gaveUp ? 'failed' : 'pending', attempts, lastError: message, nextAttemptAt: next })
        .where(eq(mailOutbox.id, mail.id));
      if (gaveUp) report.failed++;
      else report.retrying++;
      console.warn('mail delivery failed', { outboxId: mail.id, attempts, gaveUp, error: redactForLog(message) });
      return;
    }
    sent.push(mail.id);
  };
  // A few at once (the pooled transport's connections); none is started once the server is
  // known to be away.
  await Promise.all(
    Array.from({ length: Math.min(parallel, mails.length) }, async () => {
      while (waiting.length > 0 && !report.unavailable) await deliver(waiting.shift()!);
    }),
  );
  if (sent.length > 0) {
    await recordSent(db, sent, clock(), recordForMs);
    report.sent = sent.length;
  }
  putBack.push(...waiting.map((mail) => ({ mail })));
  if (putBack.length > 0) {
    // Back as they were, due at their old time; the worker waits before it tries the server again.
    const rows = putBack.map(({ mail, error }) => sql`(${mail.id}::bigint, ${mail.dueAt.toISOString()}::timestamptz, ${error ?? null}::text)`);
    await db.execute(sql`update ${mailOutbox} m
      set next_attempt_at = back.due_at, last_error = coalesce(back.error, m.last_error)
      from (values ${sql.join(rows, sql`, `)}) as back(id, due_at, error) where m.id = back.id`);
  }
  return report;
}

/** Rows a drain takes per run. */
export const DRAIN_BATCH = 100;

/**
 * Delivers what is due, batch after batch, until a batch comes back short, the SMTP server is
 * away, or `budgetMs` is spent (so one instance's run ends; the next run or another instance
 * goes on). A backlog after an outage leaves over all SMTP_CONNECTIONS pooled connections at once.
 */
export async function drainOutbox(
  db: Db,
  transport: Transporter | null,
  options: { budgetMs?: number; leaseSeconds?: number } = {},
): Promise<DeliveryReport> {
  const { budgetMs = 30_000, leaseSeconds } = options;
  const total: DeliveryReport = { sent: 0, retrying: 0, failed: 0, unavailable: false };
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    const report = await deliverPendingMail(db, transport, { batch: DRAIN_BATCH, parallel: SMTP_CONNECTIONS, leaseSeconds });
    total.sent += report.sent;
    total.retrying += report.retrying;
    total.failed += report.failed;
    if (report.unavailable) return { ...total, unavailable: true };
    if (report.sent + report.retrying + report.failed < DRAIN_BATCH) break;
  }
  return total;
}

/** Marks the sent mails of one run in one statement, retrying while the database is unreachable, up to `forMs`. */
async function recordSent(db: Db, ids: number[], sentAt: Date, forMs: number): Promise<void> {
  const deadline = Date.now() + forMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      // The rows are leased to this worker, so attempts is what it read: one more for this send.
      await db
        .update(mailOutbox)
        .set({ status: 'sent', attempts: sql`${mailOutbox.attempts} + 1`, sentAt, lastError: null })
        .where(inArray(mailOutbox.id, ids));
      return;
    } catch (error) {
      if (Date.now() + delay > deadline) {
        // The lease runs out and these mails are sent once more: the one duplicate we cannot rule out.
        console.error('sent mail not recorded', { outboxIds: ids, error: describeErrorForLog(error) });
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
