import 'server-only';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { countedSql } from '../triage/counted';

/** What replaces a passage removed as personal data in everything published. */
export const REDACTION_MARK = '〔個人情報のため削除〕';

/**
 * Opinions to be published (not spam, out of scope or hidden) with personal-data spans the
 * machine proposed and no one has accepted or rejected yet: publishing waits for them.
 */
export async function unreviewedPersonalData(db: Db, consultationId: number): Promise<{ opinionId: number; receiptNumber: string; kinds: string[] }[]> {
  const rows = await queryRows<{ opinion_id: number | string; receipt_number: string; kinds: string[] }>(
    db,
    sql`
      select o.id as opinion_id, s.receipt_number, array_agg(distinct span->>'kind') as kinds
      from opinions o
      join submissions s on s.id = o.submission_id
      join opinion_analyses a on a.opinion_id = o.id
      cross join lateral jsonb_array_elements(a.pii) as span
      where o.consultation_id = ${consultationId} and ${countedSql('o')}
        and not exists (
          select 1 from analysis_decisions d
          where d.consultation_id = ${consultationId} and d.kind = 'redaction' and d.opinion_id = o.id
            and d.target = (span->>'start') || '-' || (span->>'end'))
      group by o.id, s.receipt_number
      order by o.id`,
  );
  return rows.map((r) => ({ opinionId: Number(r.opinion_id), receiptNumber: r.receipt_number, kinds: r.kinds }));
}

/** The accepted redactions of a consultation: per opinion, the texts removed from what is published. */
export async function acceptedRedactions(db: Db, consultationId: number): Promise<Map<number, string[]>> {
  const rows = await queryRows<{ opinion_id: number | string; text: string }>(
    db,
    sql`
      select a.opinion_id, span->>'text' as text
      from opinion_analyses a
      cross join lateral jsonb_array_elements(a.pii) as span
      join analysis_decisions d on d.consultation_id = a.consultation_id and d.kind = 'redaction' and d.opinion_id = a.opinion_id
        and d.target = (span->>'start') || '-' || (span->>'end') and (d.value->>'accepted')::boolean
      where a.consultation_id = ${consultationId}`,
  );
  const byOpinion = new Map<number, string[]>();
  for (const row of rows) byOpinion.set(Number(row.opinion_id), [...(byOpinion.get(Number(row.opinion_id)) ?? []), row.text]);
  return byOpinion;
}

/**
 * A text to be published with every accepted personal-data passage replaced by the mark
 * (a summary often quotes the opinion: the name or number found in the opinion is removed
 * wherever it appears). Longer passages first, so one inside another leaves no part behind.
 */
export function redact(text: string, passages: readonly string[]): string {
  let out = text;
  for (const passage of [...new Set(passages)].filter((p) => p.trim() !== '').sort((a, b) => b.length - a.length)) out = out.split(passage).join(REDACTION_MARK);
  return out;
}
