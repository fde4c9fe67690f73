import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { opinions, submissionOpinions, submissions, type SubmissionChannel } from '@/db/schema';
import { roleHasPermission } from '@/lib/auth/permissions';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { caseScope } from '../departments/scope';
import { codePointLength } from './coverage';
import { toOpinionView, type OpinionView } from './opinions';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';

export type SubmissionForTriage = {
  id: number;
  receiptNumber: string;
  channel: SubmissionChannel;
  receivedAt: string;
  /** Received after the period closed (paper entries); stored and shown, never dropped. */
  late: boolean;
  /** The language of the form it came from (lib/i18n/locales); opinions may be in any language. */
  locale: Locale;
  /** Present only for actors allowed to read personal data. */
  submitter: { name: string; address: string; category: string | null; email: string | null } | null;
  sources: {
    id: number;
    itemNumber: number | null;
    text: string;
    opinions: OpinionView[];
    /** Characters of the text no opinion covers (0 when the split is whole). */
    uncovered: number;
  }[];
};

/** One submission with its texts and the opinions split from each, for the submission view. */
export async function getSubmissionForTriage(
  db: Db,
  actor: StaffActor,
  consultation: { id: number; closesAt: Date },
  submissionId: number,
): Promise<SubmissionForTriage | null> {
  assertPermission(actor, 'submission.read');
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.consultationId, consultation.id), caseScope(actor, submissions.consultationId)));
  if (!row) return null;
  const [sources, pieces] = await Promise.all([
    db.select().from(submissionOpinions).where(eq(submissionOpinions.submissionId, row.id)).orderBy(asc(submissionOpinions.position)),
    db.select().from(opinions).where(eq(opinions.submissionId, row.id)).orderBy(asc(opinions.sourceId), asc(opinions.startOffset)),
  ]);
  const personal = roleHasPermission(actor.role, 'personal-data.read');
  // Who read whose personal data, and when: every view that carries the submitter block.
  if (personal) await recordAudit(db, { actorId: actor.id, action: 'personal_data.read', targetType: 'submission', targetId: row.id });
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    channel: row.channel,
    receivedAt: row.receivedAt.toISOString(),
    late: row.receivedAt >= consultation.closesAt,
    locale: isLocale(row.locale) ? row.locale : DEFAULT_LOCALE,
    submitter: personal
      ? { name: row.submitterName, address: row.submitterAddress, category: row.submitterCategory, email: row.submitterEmail }
      : null,
    sources: sources.map((source) => {
      const mine = pieces.filter((p) => p.sourceId === source.id).map(toOpinionView);
      const covered = mine.reduce((sum, p) => sum + (p.endOffset - p.startOffset), 0);
      return { id: source.id, itemNumber: source.itemNumber, text: source.text, opinions: mine, uncovered: codePointLength(source.text) - covered };
    }),
  };
}
