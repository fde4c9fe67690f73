import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import type postgres from 'postgres';

/** The cases scripts/e2e-server.sh loads: the Isesaki seed, open, and two fixtures (e2e/fixtures/). */
export const CASES = {
  open: { slug: 'isesaki-2nd-strategy-revision', title: '第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）', items: 52 },
  /** Closed ten days ago; its result is published in two versions (e2e/fixtures/seed-other-periods.ts). */
  closed: { slug: 'e2e-closed-case', title: '伊勢崎市自転車活用推進計画（改訂案）', items: 3 },
  /** Opens in ten days. */
  upcoming: { slug: 'e2e-upcoming-case', title: '伊勢崎市公共施設案内表示改善方針（案）', items: 2 },
} as const;

/**
 * A case of a test's own, open now, with the seeded Isesaki case's items (so specs that read
 * the Isesaki case are not disturbed). The title differs from the Isesaki one; give one to
 * test how titles render.
 */
export async function createCase(sql: postgres.Sql, options: { prefix?: string; title?: (slug: string) => string } = {}): Promise<{ id: number; slug: string }> {
  const slug = `${options.prefix ?? 'case'}-${randomUUID().slice(0, 8)}`;
  const title = options.title?.(slug) ?? `テスト案件 ${slug}`;
  const [row] = await sql<{ id: number }[]>`
    insert into consultations (slug, title, overview, department, opens_at, closes_at, how_to_submit, form_settings)
    select ${slug}, ${title}, overview, department, now() - interval '1 day', now() + interval '30 days', how_to_submit, form_settings
    from consultations order by id limit 1
    returning id`;
  await sql`
    insert into revision_items (consultation_id, number, page, heading, heading_kind, before, after, before_text, after_text)
    select ${row!.id}, number, page, heading, heading_kind, before, after, before_text, after_text
    from revision_items where consultation_id = (select id from consultations order by id limit 1)`;
  return { id: row!.id, slug };
}

/**
 * Waits until the server answers `path` with 200. The proxy learns of a case created a moment
 * ago within a second (lib/data/known-paths.ts); until then it answers 404.
 */
export async function untilServed(request: APIRequestContext, path: string): Promise<void> {
  await expect.poll(async () => (await request.get(path)).status(), { message: `GET ${path}`, timeout: 20_000 }).toBe(200);
}
