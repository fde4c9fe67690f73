import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, revisionItems } from '@/db/schema';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';
import { generateOpinion, itemTopics } from './load-texts';

// Summaries staff wrote for some opinions (the opinion texts themselves come from load-texts.ts).
const SUMMARIES = [
  '子育て世代への支援について', '年少人口の目標値について', '公園の整備について', '公共交通の維持について',
  '企業誘致の取組について', '移住・定住の促進について', '高齢者の見守りについて', '中心市街地の活性化について',
  'デジタル化の推進について', '農業の担い手確保について', '防災対策について', '観光振興について',
];
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['太郎', '花子', '一郎', '美咲', '健太', '陽子', '翔', '恵', '大輔', '由美'];
const TOWNS = ['今泉町', '曲輪町', '連取町', '宮子町', '境', '赤堀今井町', '東町', '波志江町'];

const arr = (values: readonly string[]) => sql.raw(`(array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[])`);

/**
 * Fills a consultation with `n` submissions (all channels, received over the period) and their
 * opinions, set-based in batches (generate_series, and the batch's texts as one JSON array), so
 * 100,000 take seconds. A third of the submissions send two texts; opinions get a spread of
 * categories, statuses and flags. The texts (load-texts.ts): about four in five written
 * independently, 30–400 characters, naming items by their content, a few in other languages;
 * one in five a copy of one of five campaigns, edited as senders edit.
 */
export async function loadSubmissions(db: Db, options: { slug: string; n: number; first?: number; batch?: number; onProgress?: (done: number) => void }): Promise<{ submissions: number; opinions: number }> {
  const [consultation] = await db.select().from(consultations).where(eq(consultations.slug, options.slug));
  if (!consultation) throw new Error(`no consultation ${options.slug}`);
  await ensureDefaultCategories(db, consultation.id);
  const items = await db
    .select({ number: revisionItems.number, heading: revisionItems.heading, beforeText: revisionItems.beforeText, afterText: revisionItems.afterText })
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, consultation.id));
  const topics = itemTopics(items);
  const batch = options.batch ?? 10_000;
  const run = `${Date.now().toString(36)}`;
  const span = Math.max(1, Math.floor((Math.min(consultation.closesAt.getTime(), Date.now()) - consultation.opensAt.getTime()) / 1000));
  // Submissions are numbered first, first + 1, … (a load can continue where another stopped).
  const first = options.first ?? 1;
  const last = first + options.n - 1;
  for (let from = first; from <= last; from += batch) {
    const to = Math.min(last, from + batch - 1);
    await db.transaction(async (tx) => {
      // The batch's submissions are found again by their id range (an index range), not by
      // matching every receipt number of the case (a scan that grows with each batch).
      const [range] = await queryRows<{ lo: number | string; hi: number | string }>(
        tx,
        sql`with inserted as (
        insert into submissions (consultation_id, receipt_number, channel, received_at, submitter_name, submitter_address, submitter_category, submitter_email, created_at)
        select ${consultation.id}, ${`LOAD-${run}-`} || g,
          (array['web','web','web','email','post','post','fax','in_person'])[1 + (g * 7) % 8],
          ${consultation.opensAt.toISOString()}::timestamptz + ((g::bigint * 7919) % ${span}) * interval '1 second',
          ${arr(FAMILY)}[1 + g % 10] || ' ' || ${arr(GIVEN)}[1 + (g / 10) % 10],
          '伊勢崎市' || ${arr(TOWNS)}[1 + g % 8] || (1 + g % 30) || '番地',
          (array['市内在住','市内在勤','市内在学','市内事業者','利害関係者'])[1 + g % 5],
          case when g % 3 = 0 then 'load' || g || '@example.jp' end,
          now()
        from generate_series(${from}::int, ${to}::int) g
        returning id)
        select min(id) as lo, max(id) as hi from inserted`,
      );
      const lo = Number(range!.lo);
      const hi = Number(range!.hi);
      // Texts are made here (load-texts.ts: most written independently, a fifth campaign copies)
      // and sent as one JSON parameter per batch; submission g gets one opinion, every third a second.
      const texts: { g: number; p: number; i: number | null; t: string }[] = [];
      for (let g = from; g <= to; g++) {
        for (let p = 0; p < (g % 3 === 0 ? 2 : 1); p++) {
          const opinion = generateOpinion(g, p, topics);
          texts.push({ g, p, i: opinion.itemNumber, t: opinion.text });
        }
      }
      await tx.execute(sql`
        insert into submission_opinions (submission_id, item_number, position, text)
        select s.id, (e->>'i')::int, (e->>'p')::int, e->>'t'
        from jsonb_array_elements(${JSON.stringify(texts)}::jsonb) e
          join submissions s on s.consultation_id = ${consultation.id} and s.receipt_number = ${`LOAD-${run}-`} || (e->>'g')
        where s.id between ${lo} and ${hi}`);
      await tx.execute(sql`
        insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at,
                              summary, category_code, status, department, spam, out_of_scope, hidden, moderation_reason)
        select s.consultation_id, s.id, so.id, 0, char_length(so.text), so.text, so.item_number, s.channel, s.received_at,
          case when so.id % 4 = 0 then ${arr(SUMMARIES)}[1 + so.id % ${SUMMARIES.length}] || 'に関する意見' else '' end,
          case when so.id % 4 = 0 then null else (array['A','B','C','C','D','E'])[1 + so.id % 6] end,
          (array['new','classified','classified','drafted','approved'])[1 + so.id % 5],
          case when so.id % 2 = 0 then ${consultation.department} end,
          so.id % 97 = 0, so.id % 89 = 0, so.id % 211 = 0,
          case when so.id % 97 = 0 or so.id % 89 = 0 or so.id % 211 = 0 then '負荷試験データ' end
        from submission_opinions so join submissions s on s.id = so.submission_id
        where s.id between ${lo} and ${hi} and s.consultation_id = ${consultation.id} and s.receipt_number like ${`LOAD-${run}-%`}`);
    });
    options.onProgress?.(to - first + 1);
  }
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from opinions where consultation_id = ${consultation.id}`);
  return { submissions: options.n, opinions: Number(row?.n ?? 0) };
}
