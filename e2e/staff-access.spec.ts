import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type postgres from 'postgres';
import { hashSessionToken } from '../lib/auth/session';
import { insertPlaceholderPasskey } from './support/passkeys';
import { filesUnder } from './support/source-files';
import { generateReceiptNumber } from '../lib/submissions/receipt-number';
import { connectE2eDatabase, createSession, createStaff, SESSION_COOKIE, signInWithCookie } from './support/staff-sessions';

// PostgreSQL project only (not tagged @both).
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/**
 * Values for dynamic segments, so pages under them are reached rather than 404: a
 * consultation and one submission of it, created for the walk.
 */
const routeParams: Record<string, string> = {};
/** Query strings for routes that name their record there (a receipt number). */
const routeQueries: Record<string, string> = {};
/** Routes whose [id] names another kind of record than a submission. */
const routeUrls: Record<string, string> = {};
test.beforeAll(async () => {
  const slug = `walk-${Date.now().toString(36)}`;
  const [c] = await sql<{ id: number }[]>`insert into consultations (slug, title, department, opens_at, closes_at)
    values (${slug}, 'アクセス確認用の案件', '企画調整課', now() - interval '1 day', now() + interval '30 days') returning id`;
  const receipt = generateReceiptNumber();
  const [s] = await sql<{ id: string }[]>`insert into submissions (consultation_id, receipt_number, channel, submitter_name, submitter_address)
    values (${c!.id}, ${receipt}, 'post', '確認 太郎', '伊勢崎市') returning id`;
  routeQueries['/api/staff/personal-data/export'] = `?receipt=${receipt}`;
  routeParams['[slug]'] = slug;
  routeParams['[id]'] = String(s!.id);
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const [d] = await sql<{ id: number }[]>`insert into consultation_documents (consultation_id, name, content_type, size, sha256, content)
    values (${c!.id}, '素案.pdf', 'application/pdf', ${pdf.length}, 'walk', ${pdf}) returning id`;
  // The document route's [id] is a document of the case, not the submission.
  routeUrls[`/api/staff/consultations/${slug}/documents/${s!.id}`] = `/api/staff/consultations/${slug}/documents/${d!.id}`;
});

const ROLES = ['admin', 'reviewer'] as const;
// Mirrors lib/auth/permissions.ts for the permissions staff pages ask for; a page asking for
// one not listed here fails the walk below rather than passing unchecked.
const ROLES_WITH: Record<string, readonly string[]> = {
  'console.view': ['admin', 'reviewer'],
  'staff.manage': ['admin'],
  // Reviewers manage their departments' cases (scoped in the data layer).
  'consultation.manage': ['admin', 'reviewer'],
  'analysis.rerun': ['admin'],
  'category.manage': ['admin'],
  'response.approve': ['admin'],
  'result.publish': ['admin'],
  'submission.read': ['admin', 'reviewer'],
  'submission.triage': ['admin', 'reviewer'],
  'response.draft': ['admin', 'reviewer'],
  'personal-data.read': ['admin', 'reviewer'],
  'audit.read': ['admin'],
  'personal-data.erase': ['admin'],
};

/** The public part of /staff: signing in. Everything else under app/staff must be refused. */
const PUBLIC_STAFF_PREFIX = path.join('app', 'staff', 'sign-in');

/** Pages that exist only on an install without SMTP (lib/email/local-outbox). */
const LOCAL_ONLY = ['/staff/local-outbox'];

type Route = { file: string; url: string; kind: 'page' | 'route'; permissions: string[]; answersGet: boolean };

/** Every page and route handler under app/staff and app/api/staff, from the file system. */
function staffRoutes(): Route[] {
  return [...filesUnder(path.join('app', 'staff')), ...filesUnder(path.join('app', 'api', 'staff'))]
    .filter((file) => /(^|\/)(page|route)\.tsx?$/.test(file) && !file.startsWith(PUBLIC_STAFF_PREFIX))
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .slice(1)
        .filter((s) => !/^\(.*\)$/.test(s))
        .map((s) => routeParams[s] ?? (/^\[.*\]$/.test(s) ? '1' : s));
      const source = readFileSync(file, 'utf8');
      const permissions = [...source.matchAll(/requireStaff(?:Page|CasePage)?\(\s*'([\w.-]+)'/g)].map((m) => m[1]!);
      const walked = `/${segments.join('/')}`;
      const url = routeUrls[walked] ?? walked;
      const answersGet = !/route\.tsx?$/.test(file) || /export (async function|const) GET\b/.test(source);
      return { file, url: `${url}${routeQueries[url] ?? ''}`, kind: /page\.tsx?$/.test(file) ? 'page' : 'route', permissions, answersGet };
    });
}

test('every staff page and API route refuses anonymous callers and the wrong role', async ({ playwright, baseURL }) => {
  test.setTimeout(120_000); // every route, as three callers
  const routes = staffRoutes();
  expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(['/staff', '/staff/users']));
  const since = new Date(Date.now() - 1000);
  const sessions: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const role of ROLES) {
    ids[role] = (await createStaff(sql, role)).id;
    sessions[role] = await createSession(sql, ids[role]);
  }

  // A client of its own: anonymous audit rows are bounded per client (lib/data/audit.ts), and
  // other specs have used 127.0.0.1's allowance.
  const anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': `198.18.215.${Math.floor(Math.random() * 250) + 1}` } });
  for (const route of routes) {
    expect(route.permissions.length, `${route.file} must call requireStaffPage/requireStaff with a permission`).toBeGreaterThan(0);
    for (const permission of route.permissions) expect(ROLES_WITH[permission], `${route.file}: unknown permission ${permission}`).toBeDefined();

    for (const method of route.kind === 'page' ? ['GET'] : ['GET', 'POST']) {
      const response = await anonymous.fetch(route.url, { method, maxRedirects: 0 });
      if (route.kind === 'page') {
        expect(response.status(), `${route.url} anonymous`).toBe(307);
        expect(response.headers().location, `${route.url} anonymous`).toMatch(/\/staff\/sign-in$/);
      } else {
        expect([401, 403, 404, 405], `${method} ${route.url} anonymous`).toContain(response.status());
      }
    }

    // A role passes only if it holds every permission the route asks for.
    for (const role of ROLES) {
      const allowed = route.permissions.every((p) => ROLES_WITH[p]!.includes(role));
      const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${sessions[role]}` } });
      const response = await context.get(route.url, { maxRedirects: 0 });
      if (allowed && LOCAL_ONLY.includes(route.url)) {
        // This server sends mail (SMTP_URL is set): the local-only page does not exist here.
        expect(response.status(), `${route.url} as ${role}`).toBe(404);
      } else if (allowed && !route.answersGet) {
        // A route that only takes a POST (the document upload): allowed through, refused as a method.
        expect(response.status(), `${route.url} as ${role}`).toBe(405);
      } else if (allowed) {
        expect(response.status(), `${route.url} as ${role}`).toBe(200);
        expect(response.headers()['cache-control'], `${route.url} as ${role}`).toContain('no-store');
      } else {
        expect(route.answersGet ? [403, 404] : [403, 404, 405], `${route.url} as ${role}`).toContain(response.status());
        expect(await response.text()).not.toContain('職員の管理</h1>');
      }
      await context.dispose();
    }
  }
  await anonymous.dispose();

  // Denials are audited, with the actor when there is one (the reviewer on /staff/users).
  const denied = await sql<{ target_id: string }[]>`
    select target_id from audit_log where action = 'auth.access_denied' and actor_id = ${ids.reviewer!} and occurred_at >= ${since}`;
  expect(denied.map((d) => d.target_id)).toContain('staff.manage');
  const anonymousDenials = await sql`select 1 from audit_log where action = 'auth.access_denied' and actor_id is null and occurred_at >= ${since}`;
  expect(anonymousDenials.length).toBeGreaterThan(0);
});

test('a session that has not passed its passkey step is refused by every staff page and API route', async ({ playwright, baseURL }) => {
  const routes = staffRoutes();
  const since = new Date(Date.now() - 1000);
  // Each role with a passkey, signed in by the mailed link only: the session owes its check.
  const pending: Record<string, { id: string; token: string }> = {};
  for (const role of ROLES) {
    const { id } = await createStaff(sql, role, `${role}-pending`);
    await insertPlaceholderPasskey(sql, id);
    pending[role] = { id, token: await createSession(sql, id, new Date(), { secondFactor: false }) };
  }
  for (const role of ROLES) {
    const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${pending[role]!.token}` } });
    for (const route of routes) {
      for (const method of route.kind === 'page' ? ['GET'] : ['GET', 'POST']) {
        const response = await context.fetch(route.url, { method, maxRedirects: 0 });
        if (route.kind === 'page') {
          expect(response.status(), `${route.url} as ${role} without the passkey step`).toBe(307);
          expect(response.headers().location, `${route.url} as ${role}`).toMatch(/\/staff\/sign-in\/passkey$/);
        } else {
          expect([401, 403, 404, 405], `${method} ${route.url} as ${role} without the passkey step`).toContain(response.status());
        }
      }
    }
    // Where they are sent is open to them (and only asks for the passkey).
    const step = await context.get('/staff/sign-in/passkey', { maxRedirects: 0 });
    expect(step.status()).toBe(200);
    expect(await step.text()).toContain('パスキーで本人確認');
    await context.dispose();
  }
  const denied = await sql<{ after: { reason: string } }[]>`
    select after from audit_log where action = 'auth.access_denied' and actor_id = ${pending.admin!.id} and occurred_at >= ${since}`;
  expect(denied.map((d) => d.after.reason)).toContain('second-factor');
  // The same sessions, once the step is passed, get in: the refusal above is the passkey step's.
  await sql`update sessions set second_factor_at = now() where session_token = ${hashSessionToken(pending.admin!.token)}`;
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${pending.admin!.token}` } });
  expect((await context.get('/staff/users', { maxRedirects: 0 })).status()).toBe(200);
  await context.dispose();
});

test('forged and expired session cookies are refused; x-middleware-subrequest changes nothing', async ({ request }) => {
  const reviewer = await createStaff(sql, 'reviewer');
  const expired = await createSession(sql, reviewer.id, new Date(Date.now() - 9 * 3600 * 1000));
  const idle = await createSession(sql, reviewer.id, new Date(Date.now() - 31 * 60 * 1000));
  const live = await createSession(sql, reviewer.id);
  const subrequest = ['middleware', 'middleware:middleware:middleware:middleware:middleware', 'src/middleware', 'proxy:proxy:proxy:proxy:proxy'];

  for (const [label, token] of [['forged', 'f'.repeat(64)], ['expired', expired], ['idle', idle], ['none', '']] as const) {
    for (const header of [undefined, ...subrequest]) {
      const headers: Record<string, string> = token ? { cookie: `${SESSION_COOKIE}=${token}` } : {};
      if (header) headers['x-middleware-subrequest'] = header;
      const response = await request.get('/staff', { headers, maxRedirects: 0 });
      expect(response.status(), `${label} cookie, x-middleware-subrequest=${header}`).toBe(307);
      expect(response.headers().location).toMatch(/\/staff\/sign-in$/);
    }
  }
  // The stale sessions were deleted when they were refused.
  expect((await sql`select 1 from sessions where session_token in (${hashSessionToken(expired)}, ${hashSessionToken(idle)})`).length).toBe(0);
  // The check is not simply refusing everything: the live session gets in.
  const ok = await request.get('/staff', { headers: { cookie: `${SESSION_COOKIE}=${live}` }, maxRedirects: 0 });
  expect(ok.status()).toBe(200);
  const wrongRole = await request.get('/staff/users', { headers: { cookie: `${SESSION_COOKIE}=${live}`, 'x-middleware-subrequest': subrequest[1]! }, maxRedirects: 0 });
  expect(wrongRole.status()).toBe(403);
});

test('a cross-origin POST to a staff action is refused; the same POST from our origin works', async ({ page, context, baseURL }) => {
  const admin = await createStaff(sql, 'admin');
  await signInWithCookie(context, baseURL!, await createSession(sql, admin.id));
  await page.goto('/staff/users');
  const newEmail = `cross-origin-${Date.now()}@e2e.test`;

  // Capture the browser's real server-action request, and keep it from reaching the server.
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route('**/staff/users', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    captured = { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer()! };
    await route.abort();
  });
  await page.getByLabel('メールアドレス').fill(newEmail);
  await page.getByRole('button', { name: '追加する' }).click();
  await expect.poll(() => Boolean(captured)).toBe(true);
  expect(captured!.headers['next-action']).toBeTruthy();

  const replay = (origin: string) => {
    const headers = Object.fromEntries(Object.entries(captured!.headers).filter(([name]) => !name.startsWith(':') && name !== 'content-length'));
    return page.request.post(captured!.url, { headers: { ...headers, origin }, data: captured!.body, maxRedirects: 0 });
  };
  const crossSite = await replay('https://evil.example');
  expect(crossSite.status()).toBeGreaterThanOrEqual(400);
  expect((await sql`select 1 from users where email = ${newEmail}`).length).toBe(0);

  const sameSite = await replay(new URL(baseURL!).origin);
  expect(sameSite.status()).toBe(200);
  expect((await sql`select 1 from users where email = ${newEmail}`).length).toBe(1);
});

test("a reviewer of another department gets 404 on every route of a case (its existence does not leak); one of the case's department gets in", async ({ playwright, baseURL }) => {
  test.setTimeout(120_000);
  const slug = routeParams['[slug]']!;
  const routes = staffRoutes().filter((r) => r.url.startsWith(`/staff/consultations/${slug}`) || r.url.startsWith(`/api/staff/consultations/${slug}`));
  // Pages, the submission, the document, the exports, the analysis: every route under the case.
  expect(routes.length).toBeGreaterThanOrEqual(10);
  expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining([`/staff/consultations/${slug}`, `/staff/consultations/${slug}/submissions/${routeParams['[id]']}`]));
  const [c] = await sql<{ id: string; department: string }[]>`select id::text, department from consultations where slug = ${slug}`;
  const outsider = await createStaff(sql, 'reviewer', 'outsider', 'e2e.test', [`他部署 ${slug}`]);
  const insider = await createStaff(sql, 'reviewer', 'insider', 'e2e.test', [c!.department]);
  const as = async (id: string) => playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${await createSession(sql, id)}` } });
  const other = await as(outsider.id);
  const own = await as(insider.id);
  let scoped = 0;
  for (const route of routes) {
    const reviewerMay = route.permissions.every((p) => ROLES_WITH[p]!.includes('reviewer'));
    const outside = await other.get(route.url, { maxRedirects: 0 });
    const inside = await own.get(route.url, { maxRedirects: 0 });
    if (!reviewerMay) {
      // Admins' pages of a case (retention, categories): another department's reviewer gets the
      // 404 of a case that does not exist; the case's own reviewer is refused by role (403).
      expect(outside.status(), `${route.url}: another department's reviewer`).toBe(404);
      expect(await outside.text(), `${route.url}: nothing of the case`).not.toContain('アクセス確認用の案件');
      expect(inside.status(), `${route.url}: the department's reviewer`).toBe(403);
      continue;
    }
    scoped += 1;
    // (A POST-only route, the document upload, answers any GET with 405 before anything else;
    // its POST as an outsider is refused with 404 in e2e/cases.spec.ts.)
    expect(outside.status(), `${route.url}: another department's reviewer`).toBe(route.answersGet ? 404 : 405);
    expect(await outside.text(), `${route.url}: nothing of the case`).not.toContain('アクセス確認用の案件');
    expect(inside.status(), `${route.url}: the department's reviewer`).toBe(route.answersGet ? 200 : 405);
  }
  expect(scoped, 'the routes a reviewer may use at all').toBeGreaterThanOrEqual(5);
  // A case that does not exist answers the same 404 as one outside the reviewer's departments, on every page.
  for (const route of routes.filter((r) => r.kind === 'page')) {
    const none = route.url.replace(`/consultations/${slug}`, `/consultations/${slug}-none`);
    expect((await other.get(none, { maxRedirects: 0 })).status(), none).toBe(404);
  }
  // The log tells them apart: each page of the real case the outsider tried is an audited denial.
  const denials = await sql<{ target_id: string }[]>`select target_id from audit_log where action = 'auth.access_denied' and actor_id = ${outsider.id} and target_type = 'consultation'`;
  expect(denials.length).toBeGreaterThanOrEqual(routes.filter((r) => r.kind === 'page').length);
  expect(new Set(denials.map((d) => d.target_id))).toEqual(new Set([c!.id]));
  // The staff home lists only the department's cases.
  expect(await (await other.get('/staff')).text()).not.toContain(slug);
  expect(await (await own.get('/staff')).text()).toContain(slug);
  await other.dispose();
  await own.dispose();
});
