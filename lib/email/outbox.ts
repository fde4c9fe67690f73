import type { Transporter } from 'nodemailer';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { sendMail } from './transport';
import { redactForLog } from '@/lib/log/redact';

export type DeliveryOptions = {
  /** Rows taken per run. */
  batch?: number;
  /** Attempts before a mail is marked 'failed' (it stays in the table for staff to see). */
  maxAttempts?: number;
  /** The clock; tests move it forward instead of sleeping through the backoff. */
  now?: Date;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
};

export type DeliveryReport = { sent: number; retrying: number; failed: number };

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Exponential backoff with "equal jitter": half the delay fixed, half random. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay / 2 + (delay / 2) * random());
}

/**
 * Sends due mail from the outbox. The rows are taken with FOR UPDATE SKIP LOCKED inside a
 * transaction that lasts until their status is written, so several app instances may run this
 * at once and no mail is sent by two of them. A failure schedules a retry with backoff; after
 * `maxAttempts` the mail is marked 'failed' and kept.
 */
export async function deliverPendingMail(
  db: Db,
  transport: Transporter | null,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  if (!transport) return report;
  const { batch = 20, maxAttempts = 10, random = Math.random } = options;
  const now = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;

  await db.transaction(async (tx) => {
    const due = await queryRows<{ id: number | string; recipient: string; subject: string; body: string; attempts: number }>(
      tx,
      sql`select id, recipient, subject, body, attempts from ${mailOutbox}
          where status = 'pending' and next_attempt_at <= ${now}
          order by next_attempt_at limit ${batch}
          for update skip locked`,
    );
    for (const mail of due) {
      const id = Number(mail.id);
      const attempts = Number(mail.attempts) + 1;
      try {
        await sendMail({ to: mail.recipient, subject: mail.subject, text: mail.body }, transport);
        await tx
          .update(mailOutbox)
          .set({ status: 'sent', attempts, sentAt: options.now ?? new Date(), lastError: null })
          .where(eq(mailOutbox.id, id));
        report.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
        const gaveUp = attempts >= maxAttempts;
        const next = new Date((options.now ?? new Date()).getTime() + retryDelayMs(attempts, random));
        await tx
          .update(mailOutbox)
          .set({ status: gaveUp ? 'failed' : 'pending', attempts, lastError: message, nextAttemptAt: next })
          .where(eq(mailOutbox.id, id));
        if (gaveUp) report.failed++;
        else report.retrying++;
        console.warn('mail delivery failed', { outboxId: id, attempts, gaveUp, error: redactForLog(message) });
      }
    }
  });
  return report;
}
