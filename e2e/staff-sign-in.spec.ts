import { expect, test } from '@playwright/test';
import type postgres from 'postgres';
import { hashSessionToken } from '../lib/auth/session';
import { expectNoAxeViolations } from './support/axe';
import { auditActions, connectE2eDatabase, createStaff, mailsTo, requestSignInLink, SESSION_COOKIE } from './support/staff-sessions';

// PostgreSQL project only (not tagged @both): these specs read and change the server's database.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const CASE_TITLE = '第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）';

test('the reply does not wait for the mail server, so a registered address answers as fast as an unknown one', async ({ page }) => {
  // The mail catcher holds mail to @held.invalid (a slow server) until it is released.
  const admin = await createStaff(sql, 'admin', 'admin', 'held.invalid');
  await page.goto('/staff/sign-in');
  await page.getByLabel('メールアドレス').fill(admin.email);
  await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');
  // The page is there while the mail server still holds the mail.
  const held = async () => (await (await page.request.get(`${process.env.MAIL_CATCHER_URL}/held`)).json()) as string[];
  await expect.poll(held).toContain(admin.email);
  expect(await mailsTo(page.request, admin.email)).toHaveLength(0);
  const released = await page.request.post(`${process.env.MAIL_CATCHER_URL}/release`);
  expect(released.status()).toBe(204);
  await expect.poll(async () => (await mailsTo(page.request, admin.email)).length, { timeout: 20_000 }).toBe(1);
  expect((await mailsTo(page.request, admin.email))[0]!.text).toContain('/staff/sign-in/confirm?token=');
});

test('sign in by the mailed link once; the link cannot be used twice; sign-out then Back shows nothing', async ({ page, browser, baseURL }) => {
  // A client of its own: the request's audit row is an anonymous one, bounded per client (L1).
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.213.${Math.floor(Math.random() * 250) + 1}` });
  const since = new Date(Date.now() - 1000);
  const admin = await createStaff(sql, 'admin');
  await page.goto('/staff/sign-in');
  await expectNoAxeViolations(page);

  const link = await requestSignInLink(page, admin.email);
  await expectNoAxeViolations(page);
  expect(new URL(link).origin).toBe(baseURL);

  // A mail scanner fetching the link uses nothing up: the page only shows a button.
  const scanned = await page.request.get(link);
  expect(scanned.status()).toBe(200);
  expect((await sql`select 1 from verification_tokens where identifier = ${admin.email}`).length).toBe(1);

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログインの確認');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByTestId('staff-identity')).toHaveText(`${admin.name}（管理者）`);
  await expect(page.getByRole('row', { name: new RegExp(CASE_TITLE.replace(/[()（）]/g, '.')) })).toContainText('52件');
  await expectNoAxeViolations(page);
  expect((await sql`select 1 from verification_tokens where identifier = ${admin.email}`).length).toBe(0);

  // The session cookie: HttpOnly, SameSite=Lax; Secure and __Secure- only over https (this is http).
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  const [session] = await sql<{ user_id: string }[]>`select user_id from sessions where session_token = ${hashSessionToken(cookie!.value)}`;
  expect(session?.user_id).toBe(admin.id);

  // Staff pages are never stored by the browser.
  const staffPage = await page.request.get('/staff');
  expect(staffPage.headers()['cache-control']).toContain('no-store');

  // The same link a second time, in another browser: refused.
  // Another client too: the failed use's audit row is an anonymous one, bounded per client.
  const other = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.18.216.${Math.floor(Math.random() * 250) + 1}` } });
  const second = await other.newPage();
  await second.goto(link);
  await second.getByRole('button', { name: 'ログインする' }).click();
  await expect(second.getByRole('heading', { level: 1 })).toHaveText('ログインできませんでした');
  expect((await other.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
  await other.close();

  // Sign out: the session row is gone, and Back shows the sign-in page, not the list.
  await page.goto('/staff/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員の管理');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\?signedOut=1$/);
  await expect(page.getByRole('status')).toHaveText('ログアウトしました。');
  expect((await sql`select 1 from sessions where session_token = ${hashSessionToken(cookie!.value)}`).length).toBe(0);
  await page.goBack();
  await expect(page).toHaveURL(/\/staff\/sign-in/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('職員ログイン');
  await expect(page.locator('body')).not.toContainText(admin.email);
  await expect(page.locator('body')).not.toContainText('職員の管理');
  // The old cookie value is worthless even if someone kept it.
  const replay = await page.request.get('/staff', { headers: { cookie: `${SESSION_COOKIE}=${cookie!.value}` }, maxRedirects: 0 });
  expect(replay.status()).toBe(307);

  const actions = await auditActions(sql, { actorId: admin.id, since });
  expect(actions).toEqual(expect.arrayContaining(['auth.sign_in_requested', 'auth.sign_in_completed', 'auth.signed_out']));
  const failed = await sql`select after from audit_log where action = 'auth.sign_in_failed' and occurred_at >= ${since}`;
  expect(failed.length).toBeGreaterThan(0);
});

test('a link older than 10 minutes does not sign in', async ({ page }) => {
  // A client of its own: the failure's audit row is an anonymous one, bounded per client (L1).
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.212.${Math.floor(Math.random() * 250) + 1}` });
  const since = new Date(Date.now() - 1000);
  const reviewer = await createStaff(sql, 'reviewer');
  const link = await requestSignInLink(page, reviewer.email);
  const [token] = await sql<{ expires: Date }[]>`select expires from verification_tokens where identifier = ${reviewer.email}`;
  // Issued with 10 minutes to live, give or take the time the request took.
  expect(Math.abs(token!.expires.getTime() - Date.now() - 10 * 60_000)).toBeLessThan(60_000);
  await sql`update verification_tokens set expires = now() - interval '1 second' where identifier = ${reviewer.email}`;

  await page.goto(link);
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログインできませんでした');
  await expectNoAxeViolations(page);
  expect((await sql`select 1 from sessions where user_id = ${reviewer.id}`).length).toBe(0);
  const failed = await sql<{ after: { reason: string } }[]>`select after from audit_log where action = 'auth.sign_in_failed' and occurred_at >= ${since}`;
  expect(failed.map((f) => f.after.reason)).toContain('Verification');
});

test('an unknown or disabled address sees the same page and gets no mail', async ({ page }) => {
  // A client of its own: audit rows anonymous callers cause are bounded per client (L1), and
  // the other specs ask from 127.0.0.1 too.
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.211.${Math.floor(Math.random() * 250) + 1}` });
  const since = new Date(Date.now() - 1000);
  const disabled = await createStaff(sql, 'reviewer', 'disabled');
  await sql`update users set disabled_at = now() where id = ${disabled.id}`;
  const unknown = `nobody-${Date.now()}@e2e.test`;
  for (const email of [unknown, disabled.email]) {
    await page.goto('/staff/sign-in');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');
  }
  // A registered address asked for afterwards gets its mail; by then nothing went to the others.
  const known = await createStaff(sql, 'reviewer');
  await requestSignInLink(page, known.email);
  expect(await mailsTo(page.request, unknown)).toEqual([]);
  expect(await mailsTo(page.request, disabled.email)).toEqual([]);
  const requested = await sql<{ after: { registered: boolean } }[]>`
    select after from audit_log where action = 'auth.sign_in_requested' and occurred_at >= ${since} and actor_id is null`;
  expect(requested.length).toBeGreaterThanOrEqual(2);
  expect(requested.every((r) => r.after.registered === false)).toBe(true);
  // The address itself is not stored anywhere in the audit log or the rate-limit keys.
  expect((await sql`select 1 from audit_log where after::text like ${`%${unknown}%`}`).length).toBe(0);
  expect((await sql`select 1 from rate_limits where key like ${`%${unknown}%`}`).length).toBe(0);
});

test('a malformed address gets a field error in Japanese', async ({ page }) => {
  await page.goto('/staff/sign-in');
  await page.getByLabel('メールアドレス').fill('not-an-address');
  await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
  await expect(page.locator('.error-summary')).toContainText('メールアドレスの形式で入力してください');
  await expect(page.locator('#email-error')).toHaveText(/メールアドレスの形式で入力してください/);
  await expect(page.getByLabel('メールアドレス')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
});
