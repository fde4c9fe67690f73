import 'server-only';
import { Socket } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '@/lib/env';

/** `messageId`: the same for every attempt at one mail, so a mail sent again is recognisably the same. */
export type OutgoingMail = { to: string; subject: string; text: string; messageId?: string };

/**
 * Pooled SMTP connections per instance; the outbox sends this many mails at once. A mail costs a
 * few round trips (MAIL FROM, RCPT TO, DATA, the end), so the rate grows with the connections:
 * bench:mail measured 98 mails/s with 8 per worker and 188 with 16 on the same busy machine.
 */
export const SMTP_CONNECTIONS = 16;

const globalForMail = globalThis as unknown as { __mailTransport?: Transporter | null };

/** The one mail transport: from SMTP_URL, or null when mail is not configured. */
export function mailTransport(): Transporter | null {
  if (globalForMail.__mailTransport !== undefined) return globalForMail.__mailTransport;
  const url = env().SMTP_URL;
  if (!url) console.warn('mail is not configured (SMTP_URL is unset): no mail will be sent');
  globalForMail.__mailTransport = url ? createMailTransport(url) : null;
  return globalForMail.__mailTransport;
}

/**
 * Pooled: a burst of receipts (after an outage) reuses a few connections, not one each; each
 * kept open for as many mails as come (no reconnect every 100 messages). Exported for
 * bench:mail, which measures this very transport.
 */
export function createMailTransport(url: string): Transporter {
  return nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    // Nagle off: nodemailer writes the end of a mail ("\r\n.\r\n") as a small packet after the
    // body, and with Nagle on it waits for the server's delayed ACK (40 ms on Linux) before it
    // leaves: about 25 mails/s per connection instead of hundreds (bench:mail). Plain SMTP and
    // STARTTLS only; nodemailer upgrades such a socket itself. (smtps:// connects its own way.)
    ...(new URL(url).protocol === 'smtp:' ? { getSocket: noDelaySocket } : {}),
  });
}

function noDelaySocket(_options: unknown, callback: (error: Error | null, socket: { socket: Socket }) => void): void {
  const socket = new Socket();
  socket.setNoDelay(true);
  callback(null, { socket });
}

/** Sends one message; throws when SMTP refuses or cannot be reached, or mail is not configured. */
export async function sendMail(mail: OutgoingMail, transport = mailTransport()): Promise<void> {
  if (!transport) throw new MailNotConfiguredError();
  await transport.sendMail({ from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super('mail is not configured (SMTP_URL is unset)');
  }
}
