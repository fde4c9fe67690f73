import { expect, test, type APIResponse } from '@playwright/test';
import type postgres from 'postgres';
import { connectE2eDatabase, createSession, createStaff, SESSION_COOKIE } from './support/staff-sessions';

const CASE = '/consultations/isesaki-2nd-strategy-revision';
const PUBLIC_PAGES = ['/', CASE, `${CASE}?kind=${encodeURIComponent('数値目標')}`, `${CASE}/items/23`, `${CASE}/comment`, `${CASE}/results`, `${CASE}/items/999`, '/staff/sign-in'];
const STAFF_PAGES = ['/staff', `/staff/consultations/isesaki-2nd-strategy-revision`, '/staff/users', '/staff/audit'];
const JSON_ROUTES = ['/api/consultations', `/api/consultations/isesaki-2nd-strategy-revision`, '/api/health'];

/** The directives of a CSP header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

/** Asserts the headers every response carries and returns the CSP's script nonce, if any. */
function expectSecurityHeaders(response: APIResponse, label: string): string | undefined {
  const headers = response.headers();
  expect(headers['referrer-policy'], label).toBe('same-origin');
  expect(headers['permissions-policy'], label).toContain('camera=()');
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['x-frame-options'], label).toBe('DENY');
  // The e2e server is a production build: HSTS is sent (browsers ignore it over plain http).
  expect(headers['strict-transport-security'], label).toMatch(/max-age=\d{8,}/);
  const csp = directives(headers['content-security-policy'] ?? '');
  expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
  expect(csp.get('object-src'), label).toEqual(["'none'"]);
  expect(csp.get('base-uri'), label).toEqual(["'none'"]);
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
  expect(scripts, label).not.toContain("'unsafe-inline'");
  expect(scripts, label).not.toContain("'unsafe-eval'");
  return scripts.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
}

/** Every <script> of the page carries this response's nonce, and nothing else does. */
async function expectScriptsCarryNonce(response: APIResponse, nonce: string, label: string): Promise<void> {
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, label).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, label).toContain(`nonce="${nonce}"`);
  const nonces = new Set([...html.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]));
  expect([...nonces], label).toEqual([nonce]);
}

test.describe('security headers', () => {
  let sql: postgres.Sql;
  connectE2eDatabase((connection) => (sql = connection));

  test('public pages: a CSP with a fresh nonce on every response, on the scripts of that response', async ({ request }) => {
    for (const path of PUBLIC_PAGES) {
      const first = await request.get(path);
      expect(first.status(), path).toBeLessThan(500);
      const nonce = expectSecurityHeaders(first, path);
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      await expectScriptsCarryNonce(first, nonce!, path);
      // The second copy of a cached page has a nonce of its own.
      const second = await request.get(path);
      const again = expectSecurityHeaders(second, path);
      expect(again, path).not.toBe(nonce);
      await expectScriptsCarryNonce(second, again!, path);
      expect(first.headers()['set-cookie'], `${path} sets no cookie`).toBeUndefined();
    }
  });

  test('a page server.mjs relays to add furigana (ruby=1 with other parameters) carries its own nonce, whatever its status', async ({ request }) => {
    // A 404 and a 200 through the relay: the process's placeholder nonce never reaches the client.
    for (const path of [`${CASE}/items/999?ruby=1&x=1`, `/consultations/no-such-case?ruby=1&x=1`, `${CASE}?kind=${encodeURIComponent('数値目標')}&ruby=1`]) {
      const response = await request.get(path);
      expect(response.status(), path).toBeLessThan(500);
      const nonce = expectSecurityHeaders(response, path);
      expect(nonce, path).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const nonces = new Set([...(await response.text()).matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]));
      for (const found of nonces) expect(found, `${path}: every nonce in the page is the response's own`).toBe(nonce);
    }
  });

  test('a nonce header sent by a client is ignored; gzip copies carry their own nonce', async ({ request }) => {
    const spoofed = await request.get(`${CASE}/items/23`, { headers: { 'x-page-cache-nonce': 'AAAAAAAAAAAAAAAAAAAAAA==' } });
    const nonce = expectSecurityHeaders(spoofed, 'spoofed');
    expect(nonce).not.toBe('AAAAAAAAAAAAAAAAAAAAAA==');
    await expectScriptsCarryNonce(spoofed, nonce!, 'spoofed');
    const gzipped = await request.get(`${CASE}/items/23`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers()['content-encoding']).toBe('gzip');
    await expectScriptsCarryNonce(gzipped, expectSecurityHeaders(gzipped, 'gzip')!, 'gzip');
  });

  test('staff pages, JSON and static files carry the headers too', async ({ playwright, baseURL }) => {
    const admin = await createStaff(sql, 'admin');
    const token = await createSession(sql, admin.id);
    const staff = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${token}` } });
    for (const path of STAFF_PAGES) {
      const response = await staff.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      await expectScriptsCarryNonce(response, expectSecurityHeaders(response, path)!, path);
    }
    for (const path of JSON_ROUTES) expectSecurityHeaders(await staff.get(path), path);
    // The submission API, which proxy.ts does not see: its answers, and a malformed path's 404
    // (server.mjs sends it to the 404 page).
    for (const path of [`/api${CASE}/submissions`, '/api/consultations/%FF/submissions']) {
      const response = await staff.post(path, { data: {}, headers: { 'idempotency-key': 'a-key-of-the-test' } });
      expect(response.status(), path).toBeGreaterThanOrEqual(400);
      expect(response.status(), path).toBeLessThan(500);
      expectSecurityHeaders(response, path);
    }
    const page = await staff.get(`${CASE}/items/23`);
    const asset = [...(await page.text()).matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)][0]![1]!;
    for (const path of [asset, '/robots.txt']) {
      const response = await staff.get(path);
      expect(response.status(), path).toBe(200);
      expectSecurityHeaders(response, path);
      expect(response.headers()['content-security-policy'], path).toContain("default-src 'none'");
    }
    await staff.dispose();
  });
});

test('in Chromium the pages run under the CSP without a violation, and an injected event handler does not run @both', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(`${CASE}/items/23`);
  // Hydrated: client-side navigation to the next item works without a full reload.
  await page.getByRole('link', { name: /次の改訂箇所（No\.24）/ }).click();
  await expect(page).toHaveURL(/items\/24$/);
  await page.goto(`${CASE}/comment`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

  // What an injection would look like: markup with an event handler does not run.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/x.png" onerror="window.injected = true">'));
  await expect.poll(() => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([expect.stringMatching(/^script-src-attr/)]);
  expect(await page.evaluate(() => 'injected' in window)).toBe(false);
});
