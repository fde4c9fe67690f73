/**
 * npm run bench:inbox — the triage inbox on PostgreSQL with N (default 100,000) submissions in
 * a database of its own on TEST_DATABASE_URL's server: p50/p95 of the real data functions for
 * the first page, a filtered page, a text search, a deep page and previous/next from a
 * submission (inboxNeighbours), each next to
 * `SELECT count(*) FROM opinions` measured in the same run. Targets: inbox p95 ≤ 150 ms,
 * search p95 ≤ 300 ms. Prints the query plans the indexes give. The database is dropped after.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, queryRows, type Db } from '@/db/client';
import { ISESAKI_SLUG } from '@/db/seed/isesaki';
import { seedLoadedCase } from './seeded-case';
import type { StaffActor } from '@/lib/auth/access';
import { getConsultationForTriage, INBOX_COUNT_LIMIT, listInbox, opinionFilterWhere, opinionOrder } from '@/lib/data/triage/inbox';
import { inboxNeighbours } from '@/lib/data/triage/neighbours';
import { assertLocal } from '@/lib/testing/databases';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';
import { INBOX_PAGE_SIZE, parseInboxFilters } from '@/lib/validation/triage';
import { PgDialect } from 'drizzle-orm/pg-core';
import { opinions } from '@/db/schema';

const N = Number(process.env.BENCH_N ?? process.argv[2] ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
assertLocal(adminUrl);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function explain(db: Db, title: string, query: ReturnType<typeof sql>) {
  const rows = await queryRows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, costs off, timing off, summary on) ${query}`);
  console.log(`\n-- plan: ${title}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
}

const name = `bench_inbox_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = await openDatabase({ url: url.toString(), migrate: true, poolMax: 10 });
try {
  const db = handle.db;
  const loaded = await seedLoadedCase(db, N);

  // A reviewer of the case's department (staff see only their departments' cases).
  const staff = await createStaffWithSession(db, { email: 'bench@example.jp', role: 'reviewer' });
  const actor: StaffActor = { id: staff.userId, email: 'bench@example.jp', name: null, role: 'reviewer' };
  const consultation = (await getConsultationForTriage(db, actor, ISESAKI_SLUG))!;
  const deepPage = Math.min(1000, Math.floor(loaded.opinions / INBOX_PAGE_SIZE));

  // An opinion half-way down the inbox, and one in the filtered view: where a clerk presses 次へ.
  const middleOf = async (params: Record<string, string>) => {
    const filters = parseInboxFilters(params);
    const where = opinionFilterWhere(consultation.id, filters);
    const [count] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from opinions where ${where}`);
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`select id from opinions where ${where} order by ${sql.join(opinionOrder(filters.sort), sql`, `)} offset ${Math.floor(Number(count!.n) / 2)} limit 1`,
    );
    return Number(row!.id);
  };
  const filteredStep = { item: '3', category: 'C', status: 'classified' };
  const middle = await middleOf({});
  const middleFiltered = await middleOf(filteredStep);

  const cases: { label: string; kind: 'inbox' | 'search'; params: Record<string, string>; run?: () => Promise<unknown> }[] = [
    { label: 'first inbox page', kind: 'inbox', params: {} },
    { label: 'filtered page (item 3, category C, status classified)', kind: 'inbox', params: { item: '3', category: 'C', status: 'classified' } },
    { label: 'filtered page (channel post, 2nd page, oldest first)', kind: 'inbox', params: { channel: 'post', sort: 'received_asc', page: '2' } },
    { label: `deep page (page ${deepPage})`, kind: 'inbox', params: { page: String(deepPage) } },
    { label: 'previous/next from the middle of the inbox', kind: 'inbox', params: {}, run: () => inboxNeighbours(db, actor, consultation.id, parseInboxFilters({}), middle) },
    {
      label: 'previous/next in a filtered inbox (item 3, C, classified)',
      kind: 'inbox',
      params: filteredStep,
      run: () => inboxNeighbours(db, actor, consultation.id, parseInboxFilters(filteredStep), middleFiltered),
    },
    { label: 'text search "公園の整備"', kind: 'search', params: { q: '公園の整備' } },
    { label: 'text search "根拠" (2 characters)', kind: 'search', params: { q: '根拠' } },
    { label: 'text search "図書館の開館時間" (no match)', kind: 'search', params: { q: '図書館の開館時間' } },
  ];

  const baseline = await measure(() => queryRows(db, sql`select count(*) from opinions`));
  console.log(`\nN = ${N} submissions, ${loaded.opinions} opinions, ${RUNS} runs each (times in ms)`);
  console.log(`${'case'.padEnd(58)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}   baseline count(*) p50/p95   target`);
  let allMet = true;
  for (const c of cases) {
    const filters = parseInboxFilters(c.params);
    const result = await measure(c.run ?? (() => listInbox(db, actor, consultation, filters)));
    const target = c.kind === 'search' ? 300 : 150;
    const met = result.p95 <= target;
    allMet &&= met;
    console.log(
      `${c.label.padEnd(58)} ${result.p50.toFixed(1).padStart(8)} ${result.p95.toFixed(1).padStart(8)}   ${baseline.p50.toFixed(1)}/${baseline.p95.toFixed(1)}`.padEnd(110) +
        `p95 ≤ ${target}: ${met ? 'met' : 'NOT met'}`,
    );
  }
  console.log(`\ntargets (inbox p95 ≤ 150 ms, search p95 ≤ 300 ms): ${allMet ? 'all met' : 'NOT all met'}`);

  const dialect = new PgDialect({ casing: 'snake_case' });
  const idsQuery = (params: Record<string, string>) => {
    const filters = parseInboxFilters(params);
    const page = filters.page ?? 1;
    const q = db
      .select({ id: opinions.id })
      .from(opinions)
      .where(opinionFilterWhere(consultation.id, filters))
      .orderBy(...opinionOrder(filters.sort))
      .limit(INBOX_PAGE_SIZE)
      .offset((page - 1) * INBOX_PAGE_SIZE);
    const built = dialect.sqlToQuery(q.getSQL());
    return sql.raw(built.params.reduceRight<string>((text, value, i) => text.replaceAll(`$${i + 1}`, typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`), built.sql));
  };
  await explain(db, 'first page ids', idsQuery({}));
  await explain(db, `deep page ${deepPage} ids`, idsQuery({ page: String(deepPage) }));
  await explain(db, 'search ids', idsQuery({ q: '公園の整備' }));
  // As listInbox counts: up to INBOX_COUNT_LIMIT matches.
  const countOf = (params: Record<string, string>) =>
    sql`select count(*) from (select 1 from opinions where ${opinionFilterWhere(consultation.id, parseInboxFilters(params))} limit ${sql.raw(String(INBOX_COUNT_LIMIT + 1))}) as matching`;
  await explain(db, 'search count, 3+ characters (pg_trgm GIN)', countOf({ q: '公園の整備' }));
  await explain(db, 'search count, 2 characters (no trigram: a scan until the limit)', countOf({ q: '根拠' }));
  await explain(db, 'search count, a rare word (pg_trgm GIN)', countOf({ q: '図書館の開館時間' }));
  await explain(db, 'filtered count (item 3, category C, status classified)', countOf({ item: '3', category: 'C', status: 'classified' }));
  await explain(db, 'counts at a glance (opinion_counts, kept by triggers)', sql`select dimension, key, n from opinion_counts where consultation_id = ${consultation.id} and n <> 0`);
  if (!allMet) process.exitCode = 1;
} finally {
  await handle.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
