import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, revisionItems } from '@/db/schema';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';

// Phrases that combine into realistic comments on the strategy (Japanese, no personal data).
const OPENINGS = [
  '子育て世代への支援について', '年少人口の目標値について', '公園の整備について', '公共交通の維持について',
  '企業誘致の取組について', '移住・定住の促進について', '高齢者の見守りについて', '中心市街地の活性化について',
  'デジタル化の推進について', '農業の担い手確保について', '防災対策について', '観光振興について',
];
const BODIES = [
  '具体的な数値目標と根拠を示してください。', '市民への周知をもっと丁寧に行ってほしいです。',
  '近隣市の取組も参考にしてはどうでしょうか。', '予算の配分を見直すべきだと考えます。',
  '若い世代の意見を聞く場を設けてください。', '現状の課題が十分に分析されていないと感じます。',
  '地域ごとの実情に合わせた施策をお願いします。', '成果の検証方法を明記してください。',
  '民間事業者との連携を強めるべきです。', '計画期間中の見直しの仕組みが必要です。',
];
const OBSERVATIONS = [
  '利用者が減っています', '不安の声を聞きます', '若い世代が少ないです', '高齢の方が増えました', '情報が届いていません',
  '施設が古くなっています', '空き家が目立ちます', '車がないと不便です', '子どもの数が減りました', '取組が知られていません',
];
const CLOSINGS = [
  'よろしくお願いします。', '期待しています。', 'ご検討ください。', '以上です。', '賛成です。',
];
// Campaigns: one template each, sent with a greeting, a self-introduction or a personal sentence around it.
const CAMPAIGNS = [
  'コミュニティバスの利用者数の目標を引き下げないでください。バスは高齢者や学生の生活の足です。便数を維持し、利用者を増やす具体策を示してください。',
  '中学生の海外語学研修を継続してください。実際に海外で現地の人と話す経験は、国内の体験では代えられません。',
  'eスポーツの推進に市の予算を使うことに反対します。その予算は子育て支援や教育の充実に回すべきです。',
];
const CAMPAIGN_OPENINGS = ['', 'いつもお世話になっております。', '市内に住む者です。', '拝啓　'];
const CAMPAIGN_CLOSINGS = ['', 'よろしくお願いいたします。', '私の家族も同じ思いです。', '子どもたちの将来のためにお願いします。'];
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['太郎', '花子', '一郎', '美咲', '健太', '陽子', '翔', '恵', '大輔', '由美'];
const TOWNS = ['今泉町', '曲輪町', '連取町', '宮子町', '境', '赤堀今井町', '東町', '波志江町'];

const arr = (values: readonly string[]) => sql.raw(`(array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[])`);

/**
 * Fills a consultation with `n` submissions (all channels, received over the period) and their
 * opinions, set-based in batches (generate_series), so 100,000 take seconds. About a third of
 * the submissions send two texts; opinions get a spread of categories, statuses and flags. One
 * submission in eight sends one of a few campaign texts with its own greeting or closing.
 */
export async function loadSubmissions(db: Db, options: { slug: string; n: number; first?: number; batch?: number; onProgress?: (done: number) => void }): Promise<{ submissions: number; opinions: number }> {
  const [consultation] = await db.select().from(consultations).where(eq(consultations.slug, options.slug));
  if (!consultation) throw new Error(`no consultation ${options.slug}`);
  await ensureDefaultCategories(db, consultation.id);
  const items = await db.select({ number: revisionItems.number }).from(revisionItems).where(eq(revisionItems.consultationId, consultation.id));
  const itemCount = Math.max(1, items.length);
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
      await tx.execute(sql`
        insert into submission_opinions (submission_id, item_number, position, text)
        select s.id, case when (s.id + p) % 6 = 0 or (p = 0 and s.id % 8 = 0) then null else 1 + ((s.id * 31 + p * 7) % ${itemCount}) end, p,
          case when p = 0 and s.id % 8 = 0 then
            ${arr(CAMPAIGN_OPENINGS)}[1 + (s.id / 8) % ${CAMPAIGN_OPENINGS.length}] ||
            ${arr(CAMPAIGNS)}[1 + (s.id / 8) % ${CAMPAIGNS.length}] ||
            ${arr(CAMPAIGN_CLOSINGS)}[1 + (s.id / 32) % ${CAMPAIGN_CLOSINGS.length}]
          else
          ${arr(OPENINGS)}[1 + h.v % ${OPENINGS.length}] || '。' ||
          ${arr(TOWNS)}[1 + (h.v / 12) % ${TOWNS.length}] || 'では' ||
          ${arr(OBSERVATIONS)}[1 + (h.v / 96) % ${OBSERVATIONS.length}] || '。' ||
          ${arr(BODIES)}[1 + (h.v / 960) % ${BODIES.length}] ||
          ${arr(CLOSINGS)}[1 + (h.v / 9600) % ${CLOSINGS.length}]
          end
        from submissions s cross join generate_series(0, 1) p
          -- A multiplicative hash of (submission, position), so the phrases of ordinary opinions vary independently.
          cross join lateral (select ((s.id * 2 + p) * 2654435761) % 4294967291 as v) h
        where s.id between ${lo} and ${hi} and s.consultation_id = ${consultation.id} and s.receipt_number like ${`LOAD-${run}-%`}
          and (p = 0 or s.id % 3 = 0)`);
      await tx.execute(sql`
        insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at,
                              summary, category_code, status, department, spam, out_of_scope, hidden, moderation_reason)
        select s.consultation_id, s.id, so.id, 0, char_length(so.text), so.text, so.item_number, s.channel, s.received_at,
          case when so.id % 4 = 0 then ${arr(OPENINGS)}[1 + so.id % ${OPENINGS.length}] || 'に関する意見' else '' end,
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
