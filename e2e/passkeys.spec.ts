import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { hashSessionToken } from '../lib/auth/session';
import { expectNoAxeViolations } from './support/axe';
import { expectDesignSystemControls } from './support/controls';
import { expectFitsPhones } from './support/layout';
import { addVirtualAuthenticator, insertPlaceholderPasskey } from './support/passkeys';
import { auditActions, connectE2eDatabase, createSession, createStaff, requestSignInLink, signInWithCookie, type E2EStaff } from './support/staff-sessions';

// The `passkeys` project: a server whose AUTH_URL is http://localhost:… (WebAuthn needs a domain
// as RP ID) with the default PASSKEY_REQUIRED_ROLES=admin, and Chromium's virtual authenticator.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/** Mailed link → confirmation button; returns once the browser is past Auth.js's callback. */
async function signInByMail(page: Page, staff: E2EStaff): Promise<void> {
  const link = await requestSignInLink(page, staff.email);
  expect(new URL(link).hostname).toBe('localhost');
  await page.goto(link);
  await page.getByRole('button', { name: 'ログインする' }).click();
}

/** First sign-in of an admin: the passkey is registered; returns the recovery codes shown. */
async function enrolAtFirstSignIn(page: Page, admin: E2EStaff): Promise<string[]> {
  await signInByMail(page, admin);
  await expect(page).toHaveURL(/\/staff\/sign-in\/passkey$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('パスキーの登録');
  await page.getByRole('button', { name: 'パスキーを登録する' }).click();
  await expect(page.getByRole('heading', { name: '回復コードを控えてください' })).toBeFocused();
  const codes = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  return codes;
}

test('an admin registers a passkey at the first sign-in, keeps the recovery codes, and proves the passkey at the next', async ({ page, context }) => {
  test.setTimeout(90_000); // two sign-ins by mail and two ceremonies
  const since = new Date(Date.now() - 1000);
  const authenticator = await addVirtualAuthenticator(page);
  const admin = await createStaff(sql, 'admin', 'passkey-admin');

  await signInByMail(page, admin);
  // The mailed link alone opens nothing: every staff page sends the session to the passkey step.
  await expect(page).toHaveURL(/\/staff\/sign-in\/passkey$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('パスキーの登録');
  await expectNoAxeViolations(page);
  await expectDesignSystemControls(page, 'passkey enrolment step');
  await expectFitsPhones(page, 'passkey enrolment step');
  for (const path of ['/staff', '/staff/users', '/staff/passkeys']) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toMatch(/\/staff\/sign-in\/passkey$/);
  }

  // By keyboard: Tab to the button, Enter.
  const button = page.getByRole('button', { name: 'パスキーを登録する' });
  await expect(button).toBeEnabled();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '回復コードを控えてください' })).toBeFocused();
  const codes = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  await expectNoAxeViolations(page);
  await expectFitsPhones(page, 'recovery codes');
  expect(await authenticator.credentialCount()).toBe(1);

  // Stored: one public key, ten hashes (never the codes).
  const [passkey] = await sql<{ id: string }[]>`select id from staff_passkeys where user_id = ${admin.id}`;
  expect(passkey).toBeTruthy();
  const stored = await sql<{ code_hash: string }[]>`select code_hash from staff_recovery_codes where user_id = ${admin.id}`;
  expect(stored).toHaveLength(10);
  for (const code of codes) expect(stored.map((s) => s.code_hash)).not.toContain(code);

  await page.getByRole('link', { name: '職員用画面へ進む' }).click();
  await expect(page.getByTestId('staff-identity')).toHaveText(`${admin.name}（管理者）`);
  // Shown once: the step is done, the page does not show them again.
  await page.goto('/staff/sign-in/passkey');
  await expect(page).toHaveURL(/\/staff$/);

  // Next sign-in: the passkey is asked for, and proved.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\?signedOut=1$/);
  await signInByMail(page, admin);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('パスキーで本人確認');
  await expectNoAxeViolations(page);
  // The passkey button, the recovery code form and "sign in again": design-system controls.
  await expectDesignSystemControls(page, 'passkey verification step');
  await expectFitsPhones(page, 'passkey verification step');
  await page.getByRole('button', { name: 'パスキーで確認する' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByTestId('staff-identity')).toHaveText(`${admin.name}（管理者）`);
  await page.goto('/staff/passkeys');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('自分のパスキー');
  await expect(page.getByText('未使用の回復コード：10個')).toBeVisible();
  await expectNoAxeViolations(page);
  // The table of one's passkeys stacks its rows on a phone.
  await expectFitsPhones(page, 'own passkeys');

  const [session] = await sql<{ second_factor_at: Date | null }[]>`
    select second_factor_at from sessions where user_id = ${admin.id} order by created_at desc limit 1`;
  expect(session!.second_factor_at).not.toBeNull();
  const actions = await auditActions(sql, { actorId: admin.id, since });
  expect(actions).toEqual(expect.arrayContaining(['auth.passkey_registered', 'auth.second_factor_passed', 'auth.access_denied']));
  expect(context).toBeTruthy();
});

test('another device’s passkey is refused and the session stays locked', async ({ page, browser }) => {
  await addVirtualAuthenticator(page);
  const admin = await createStaff(sql, 'admin', 'wrong-key');
  await enrolAtFirstSignIn(page, admin);

  // Another browser with a passkey of its own (not this account's): no way in.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await addVirtualAuthenticator(otherPage);
  await signInByMail(otherPage, admin);
  await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('パスキーで本人確認');
  await otherPage.getByRole('button', { name: 'パスキーで確認する' }).click();
  await expect(otherPage.locator('.passkey-ceremony [role=alert]')).toHaveText('パスキーの操作が取り消されたか、時間切れになりました。もう一度お試しください。');
  await otherPage.goto('/staff/users');
  await expect(otherPage).toHaveURL(/\/staff\/sign-in\/passkey$/);
  const sessions = await sql<{ second_factor_at: Date | null }[]>`select second_factor_at from sessions where user_id = ${admin.id} order by created_at`;
  expect(sessions.map((s) => s.second_factor_at === null)).toEqual([false, true]);
  await other.close();
});

test('a recovery code works once, also with JavaScript off', async ({ page, browser }) => {
  const since = new Date(Date.now() - 1000);
  await addVirtualAuthenticator(page);
  const admin = await createStaff(sql, 'admin', 'recovery');
  const codes = await enrolAtFirstSignIn(page, admin);

  // The device is lost: a browser without JavaScript (and without the passkey).
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const lost = await noScript.newPage();
  await signInByMail(lost, admin);
  await expect(lost).toHaveURL(/\/staff\/sign-in\/passkey$/);
  // Playwright's text locators skip <noscript>; with scripting off its content is shown as is.
  expect(await lost.locator('main noscript').textContent()).toContain('パスキーを使うにはJavaScriptが必要です。');
  await expect(lost.getByRole('button', { name: 'パスキーで確認する' })).toBeDisabled();
  await lost.getByRole('textbox', { name: '回復コード' }).fill(codes[3]!.toLowerCase());
  await lost.getByRole('button', { name: '回復コードで確認する' }).click();
  await expect(lost).toHaveURL(/\/staff$/);
  await expect(lost.getByTestId('staff-identity')).toHaveText(`${admin.name}（管理者）`);
  await lost.getByRole('button', { name: 'ログアウト' }).click();

  // The same code again: refused, at the field.
  await signInByMail(lost, admin);
  await lost.getByRole('textbox', { name: '回復コード' }).fill(codes[3]!);
  await lost.getByRole('button', { name: '回復コードで確認する' }).click();
  await expect(lost.getByText('回復コードが正しくないか、既に使われています。')).toBeVisible();
  await expect(lost.getByRole('textbox', { name: '回復コード' })).toHaveAttribute('aria-invalid', 'true');
  const blocked = await lost.request.get('/staff', { maxRedirects: 0 });
  expect(blocked.headers().location).toMatch(/\/staff\/sign-in\/passkey$/);
  // Another, unused code does it.
  await lost.getByRole('textbox', { name: '回復コード' }).fill(codes[4]!);
  await lost.getByRole('button', { name: '回復コードで確認する' }).click();
  await expect(lost).toHaveURL(/\/staff$/);
  await noScript.close();

  const used = await sql`select 1 from staff_recovery_codes where user_id = ${admin.id} and used_at is not null`;
  expect(used).toHaveLength(2);
  const methods = await sql<{ after: { method: string } }[]>`
    select after from audit_log where action in ('auth.second_factor_passed', 'auth.second_factor_failed') and actor_id = ${admin.id} and occurred_at >= ${since} order by id`;
  expect(methods.map((m) => m.after.method)).toEqual(['enrolment', 'recovery-code', 'recovery-code', 'recovery-code']);
});

test('an admin resets another staff member’s passkeys; never their own', async ({ page, context, baseURL }) => {
  const since = new Date(Date.now() - 1000);
  const admin = await createStaff(sql, 'admin', 'resetter');
  await insertPlaceholderPasskey(sql, admin.id);
  const colleague = await createStaff(sql, 'reviewer', 'lost-device');
  await insertPlaceholderPasskey(sql, colleague.id);
  const colleagueSession = await createSession(sql, colleague.id);
  await signInWithCookie(context, baseURL!, await createSession(sql, admin.id));

  await page.goto('/staff/users');
  await expect(page.getByRole('button', { name: `${admin.email} のパスキーをリセット` })).toHaveCount(0);
  const reset = page.getByRole('button', { name: `${colleague.email} のパスキーをリセット` });
  await reset.click();
  // The page is drawn again from the database: the colleague has no passkey left to reset.
  await expect(reset).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect(await sql`select 1 from staff_passkeys where user_id = ${colleague.id}`).toHaveLength(0);
  expect(await sql`select 1 from sessions where session_token = ${hashSessionToken(colleagueSession)}`).toHaveLength(0);
  expect(await sql`select 1 from staff_passkeys where user_id = ${admin.id}`).toHaveLength(1);
  const [audit] = await sql<{ actor_id: string; before: { passkeys: number } }[]>`
    select actor_id, before from audit_log where action = 'staff.passkeys_reset' and target_id = ${colleague.id} and occurred_at >= ${since}`;
  expect(audit).toMatchObject({ actor_id: admin.id, before: { passkeys: 1 } });
  await page.reload();
  await expect(page.getByRole('button', { name: `${colleague.email} のパスキーをリセット` })).toHaveCount(0);
});
