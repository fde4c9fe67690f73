import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type postgres from 'postgres';
import { createCase, untilServed } from './support/cases';
import { connectE2eDatabase } from './support/staff-sessions';

// server.mjs keeps rendered resident pages in memory (scripts/e2e-server.sh keeps them for the
// whole run) and says so in `x-page-cache`. What it keeps, it serves unchanged until a change to
// public content is announced (migration 0012's triggers; publishing in e2e/results.spec.ts);
// what it must not keep, it passes to Next.js every time.

let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/**
 * The page as served from the cache. Another spec's change to public content empties the whole
 * cache (every announcement does), so the page is asked for until a copy is kept and served.
 */
async function untilKept(request: APIRequestContext, path: string): Promise<APIResponse> {
  let response: APIResponse | undefined;
  await expect
    .poll(async () => {
      response = await request.get(path);
      return response.headers()['x-page-cache'];
    }, { message: `${path} from the page cache` })
    .toBe('hit');
  return response!;
}

test('a case page is kept and served again; query strings, router requests, the form, 404s and staff pages never come from the cache', async ({ request }) => {
  const c = await createCase(sql, { prefix: 'cache', title: (slug) => `キャッシュ前 ${slug}` });
  const path = `/consultations/${c.slug}`;
  await untilServed(request, path);

  const kept = await untilKept(request, path);
  expect(await kept.text()).toContain(`キャッシュ前 ${c.slug}`);

  // The data changes under the cache without the announcement (triggers off, as a missed
  // notification would be): the kept copy stays as it was rendered…
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`update consultations set title = ${`キャッシュ後 ${c.slug}`} where id = ${c.id}`;
  });
  const again = await request.get(path);
  expect(again.headers()['x-page-cache']).toBe('hit');
  expect(await again.text()).toContain(`キャッシュ前 ${c.slug}`);

  // …while everything the cache must not keep is rendered afresh, every time.
  // (A prefetch answers with the route tree only, without the title.)
  const fresh: { label: string; url: string; headers: Record<string, string>; title: boolean }[] = [
    { label: 'query string', url: `${path}?kind=`, headers: {}, title: true },
    { label: 'router request', url: path, headers: { rsc: '1' }, title: true },
    { label: 'router prefetch', url: path, headers: { rsc: '1', 'next-router-prefetch': '1' }, title: false },
    { label: 'comment form', url: `${path}/comment`, headers: {}, title: true },
  ];
  for (const { label, url, headers, title } of fresh) {
    for (let i = 0; i < 2; i++) {
      const response = await request.get(url, { headers });
      expect(response.status(), label).toBe(200);
      expect(response.headers()['x-page-cache'], label).toBeUndefined();
      const body = await response.text();
      expect(body, label).not.toContain(`キャッシュ前 ${c.slug}`);
      if (title) expect(body, label).toContain(`キャッシュ後 ${c.slug}`);
    }
  }
  for (const url of [`${path}/items/999`, `/consultations/${c.slug}-missing`, '/staff', '/staff/sign-in', `${path}/items/01`, path.replace('cache', '%63ache')]) {
    for (let i = 0; i < 2; i++) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect(response.headers()['x-page-cache'], url).toBeUndefined();
    }
  }
});

test('an announced change empties the cache at once; a kept page carries the headers of a page rendered afresh', async ({ request }) => {
  const c = await createCase(sql, { prefix: 'cache', title: (slug) => `通知前 ${slug}` });
  const path = `/consultations/${c.slug}`;
  await untilServed(request, path);
  const kept = await untilKept(request, path);

  // Same headers as the uncached response (a query string is never kept), apart from what is
  // new in every response (the date, the nonce in the CSP), the cache's own header, and how the
  // body is framed on the connection (a kept page has its length, a rendered one is chunked).
  const fresh = await request.get(`${path}?kind=`);
  expect(fresh.headers()['x-page-cache']).toBeUndefined();
  const comparable = (headers: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(headers)
        .filter(([name]) => !['date', 'x-page-cache', 'content-length', 'transfer-encoding'].includes(name))
        .map(([name, value]) => [name, name === 'content-security-policy' ? value.replace(/'nonce-[^']+'/, "'nonce-…'") : value]),
    );
  expect(comparable(kept.headers())).toEqual(comparable(fresh.headers()));

  // Pages are kept for an hour here, so the new title can only come from the announcement. (How
  // fast it reaches every instance is measured by npm run test:cluster, not in a timed test.)
  await sql`update consultations set title = ${`通知後 ${c.slug}`} where id = ${c.id}`;
  await expect.poll(async () => (await request.get(path)).text(), { timeout: 10_000 }).toContain(`通知後 ${c.slug}`);
});

test('an idle connection is kept longer than nginx keeps its upstream connections (60 s), so a reused one is never reset', async ({ request }) => {
  const response = await request.get('/api/health');
  const timeout = Number(/timeout=(\d+)/.exec(response.headers()['keep-alive'] ?? '')?.[1]);
  expect(timeout).toBeGreaterThan(60);
});
