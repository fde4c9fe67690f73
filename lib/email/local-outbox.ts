import 'server-only';
import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { env } from '@/lib/env';
import type { OutgoingMail } from './transport';

/**
 * The local outbox: on an install that cannot send mail (no SMTP_URL), mail is kept in
 * mail_outbox and an admin reads it in the browser (/staff/local-outbox), so staff sign-in works
 * on a fresh embedded install. Off as soon as SMTP_URL is set, and always off in production on
 * PostgreSQL (a real deployment sends its mail). SECURITY.md explains why this is safe.
 */
export function localOutboxEnabled(): boolean {
  const { SMTP_URL, DATABASE_URL, NODE_ENV } = env();
  return !SMTP_URL && !(DATABASE_URL && NODE_ENV === 'production');
}

/** What marks a kept mail: it was never sent and never will be (the worker skips 'failed'). */
export const KEPT_LOCALLY = 'kept in the local outbox: mail is not configured (SMTP_URL is unset)';

/**
 * Keeps a mail that would have been sent now (a sign-in link) for the local outbox viewer. It
 * is stored as never to be sent: should SMTP be configured later, an old link is not mailed.
 */
export async function keepInLocalOutbox(db: Db, kind: string, mail: OutgoingMail): Promise<void> {
  await db.insert(mailOutbox).values({ kind, recipient: mail.to, subject: mail.subject, body: mail.text, status: 'failed', lastError: KEPT_LOCALLY });
}

export type LocalOutboxMail = { id: number; kind: string; recipient: string; subject: string; body: string; status: string; createdAt: string };

/** The newest mails, for an admin, on an install with the local outbox on; audited. */
export async function listLocalOutbox(db: Db, actor: StaffActor, ipHash: string | null, limit = 50): Promise<LocalOutboxMail[] | null> {
  assertPermission(actor, 'staff.manage');
  if (!localOutboxEnabled()) return null;
  const rows = await db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit);
  await recordAudit(db, { actorId: actor.id, action: 'local_outbox.read', targetType: 'mail_outbox', after: { shown: rows.map((r) => r.id) }, ipHash });
  return rows.map((r) => ({ id: r.id, kind: r.kind, recipient: r.recipient, subject: r.subject, body: r.body, status: r.status, createdAt: r.createdAt.toISOString() }));
}
