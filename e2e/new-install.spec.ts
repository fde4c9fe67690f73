import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { expectDesignSystemControls } from './support/controls';
import { expectFitsPhones } from './support/layout';
import { addVirtualAuthenticator } from './support/passkeys';

/**
 * A new install, the first ten minutes, as the README says: `npm run start:embedded` (migrate,
 * seed, then server.mjs, one after the other, each releasing the data directory) on a fresh
 * PGlite directory with no staff account, no SMTP and the default settings (PASSKEY_REQUIRED_ROLES
 * is `admin`, AUTH_URL is http://localhost:$PORT). START_EMBEDDED_SKIP_BUILD=1 is the one
 * difference: the existing .next build is served, not rebuilt under the other test servers.
 * Runs once, in the pglite project; the server is its own, on E2E_PORT_BASE + 5.
 */
const PORT = Number(process.env.E2E_PORT_BASE ?? 3100) + 5;
// What start:embedded makes AUTH_URL by default; a domain, so WebAuthn accepts it as RP ID.
const ORIGIN = `http://localhost:${PORT}`;
const root = path.resolve(import.meta.dirname, '..');
// Made in beforeAll, by the one worker that runs this (loading the file must leave nothing behind).
let work = '';
let dataDir = '';
let serverEnv: NodeJS.ProcessEnv = { ...process.env };

/** `npm run start:embedded`, leader of a process group of its own (npm, sh, node server.mjs). */
let server: ChildProcess | undefined;
let stdout = '';

const SIGN_IN_LINK = /https?:\/\/\S+\/staff\/sign-in\/confirm\?\S+/g;
/** The sign-in links printed on the console so far. */
const printedLinks = () => [...stdout.matchAll(/a sign-in link was kept for \/staff\/local-outbox: (\S+)/g)].map((m) => m[1]!);

/** Whether a process is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's group (Linux /proc): field 5 of /proc/PID/stat, after the command in parentheses. */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** An admin reads the newest sign-in link for `address` in the local outbox (kept after the reply: poll). */
async function readLinkInOutbox(admin: Page, address: string): Promise<string> {
  let link = '';
  await expect
    .poll(async () => {
      await admin.reload();
      const mail = admin.getByRole('article').filter({ hasText: address }).first();
      const body = (await mail.count()) > 0 ? await mail.locator('pre').innerText() : '';
      link = body.match(SIGN_IN_LINK)?.[0] ?? '';
      return link;
    })
    .toMatch(new RegExp(`^${ORIGIN}/staff/sign-in/confirm\\?token=`));
  return link;
}

/** Follows a mailed link, confirms, and proves the passkey of this page's authenticator. */
async function signInWithPasskey(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: 'ログインする' }).click();
  // The mailed link alone opens nothing: the passkey is asked for.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('パスキーで本人確認');
  const locked = await page.request.get('/staff', { maxRedirects: 0 });
  expect(locked.headers().location).toMatch(/\/staff\/sign-in\/passkey$/);
  await page.getByRole('button', { name: 'パスキーで確認する' }).click();
  await expect(page).toHaveURL(`${ORIGIN}/staff`);
  await expect(page.getByTestId('staff-identity')).toHaveText('初期 管理者（管理者）');
}

test.describe('a new install @both', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });

  test.beforeAll(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'pglite', 'runs once, with a server of its own');
    test.setTimeout(240_000);
    work = mkdtempSync(path.join(tmpdir(), 'new-install-'));
    dataDir = path.join(work, 'pglite');
    serverEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PGLITE_DIR: dataDir, PORT: String(PORT), START_EMBEDDED_SKIP_BUILD: '1' };
    for (const name of ['DATABASE_URL', 'SMTP_URL', 'AUTH_SECRET', 'AUTH_URL', 'APP_URL', 'IP_HASH_KEY', 'PASSKEY_REQUIRED_ROLES', 'NODE_ENV', 'PAGE_CACHE_SECONDS']) delete serverEnv[name];
    server = spawn('npm', ['run', 'start:embedded'], { cwd: root, env: serverEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    // Read from the console, as the person who typed the command does.
    await expect
      .poll(() => (server!.exitCode === null ? /setup link: (\S+)/.exec(stdout)?.[1] : `exited ${server!.exitCode}`), { timeout: 200_000, intervals: [250] })
      .toMatch(/^http/);
    expect(stdout).toContain('START_EMBEDDED_SKIP_BUILD=1, serving the existing .next build');
  });

  test.afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const lock = path.join(dataDir, 'public-comment.lock');
      const owner = existsSync(lock) ? (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid : undefined;
      const exited = new Promise((resolve) => server!.on('exit', resolve));
      // The whole group this spec started: npm, its shell and node server.mjs.
      process.kill(-server.pid, 'SIGTERM');
      await exited;
      if (owner) await expect.poll(() => alive(owner), { timeout: 30_000 }).toBe(false);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the setup link makes the first admin, who registers a passkey; sign-in then works through the local outbox', async ({ browser }) => {
    // The running app holds the data directory: a script is refused, naming it (node server.mjs,
    // started by start:embedded in the group this spec started).
    const refused = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/server-only-hook.mjs', 'scripts/staff-add.ts', '--email', 'x@example.jp', '--role', 'admin'], { cwd: root, env: serverEnv });
    let refusedErr = '';
    refused.stderr!.on('data', (chunk: Buffer) => (refusedErr += chunk.toString()));
    expect(await new Promise((resolve) => refused.on('exit', resolve))).toBe(1);
    const owner = Number(/PID (\d+) \(node server\.mjs\)/.exec(refusedErr)?.[1]);
    expect(refusedErr).toContain(`The embedded database ${dataDir} is in use by another process: PID ${owner} (node server.mjs)`);
    expect(processGroup(owner)).toBe(server!.pid);
    expect(existsSync(path.join(dataDir, 'public-comment.lock'))).toBe(true);

    const setupLink = /setup link: (\S+)/.exec(stdout)![1]!;
    expect(new URL(setupLink).origin).toBe(ORIGIN);
    const adminContext = await browser.newContext({ baseURL: ORIGIN });
    const admin = await adminContext.newPage();
    // The admin's device: Chromium's virtual authenticator (CDP), which will hold the passkey.
    const authenticator = await addVirtualAuthenticator(admin);

    // Without JavaScript-free shortcuts: the form, in the browser, as the first person sees it.
    await admin.goto(setupLink);
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('初期設定：最初の管理者の登録');
    await expectNoAxeViolations(admin);
    await expectDesignSystemControls(admin);
    await admin.getByLabel('メールアドレス').fill('not an address');
    await admin.getByRole('button', { name: '管理者を登録してログインする' }).click();
    await expect(admin.getByRole('alert').filter({ hasText: 'メールアドレスの形式で入力してください' })).toBeVisible();
    await expectNoAxeViolations(admin);
    await expectFitsPhones(admin, 'setup form, field error');
    await admin.getByLabel('メールアドレス').fill('Kanri@City.Example.jp');
    await admin.getByLabel('氏名（任意）').fill('初期 管理者');
    await admin.getByRole('button', { name: '管理者を登録してログインする' }).click();

    // PASSKEY_REQUIRED_ROLES is `admin` by default: the new admin registers a passkey before the console opens.
    await expect(admin).toHaveURL(`${ORIGIN}/staff/sign-in/passkey`);
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('パスキーの登録');
    for (const route of ['/staff', '/staff/users', '/staff/local-outbox']) {
      const response = await admin.request.get(route, { maxRedirects: 0 });
      expect(response.status(), route).toBe(307);
      expect(response.headers().location, route).toMatch(/\/staff\/sign-in\/passkey$/);
    }
    await admin.getByRole('button', { name: 'パスキーを登録する' }).click();
    await expect(admin.getByRole('heading', { name: '回復コードを控えてください' })).toBeFocused();
    await expect(admin.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
    expect(await authenticator.credentialCount()).toBe(1);
    await admin.getByRole('link', { name: '職員用画面へ進む' }).click();
    await expect(admin).toHaveURL(`${ORIGIN}/staff`);
    await expect(admin.getByTestId('staff-identity')).toHaveText('初期 管理者（管理者）');

    // The link is dead now, for anyone.
    const again = await browser.newContext({ baseURL: ORIGIN });
    const stranger = await again.newPage();
    await stranger.goto(setupLink);
    await expect(stranger.getByRole('status')).toContainText('この初期設定用リンクは使えません');
    await expect(stranger.getByRole('button', { name: '管理者を登録してログインする' })).toHaveCount(0);

    // The local outbox exists for admins only; an anonymous visitor is sent to sign in.
    await stranger.goto('/staff/local-outbox');
    await expect(stranger).toHaveURL(`${ORIGIN}/staff/sign-in`);

    // The admin adds a colleague, who asks for a sign-in link: there is no SMTP.
    await admin.goto('/staff/users');
    await admin.getByLabel('メールアドレス').fill('tanto@city.example.jp');
    await admin.getByLabel('氏名（任意）').fill('担当 花子');
    await admin.getByLabel('役割', { exact: true }).selectOption('reviewer');
    await admin.getByRole('button', { name: '追加する' }).click();
    await expect(admin.getByRole('status')).toContainText('職員を追加しました。');

    await stranger.goto('/staff/sign-in');
    await stranger.getByLabel('メールアドレス').fill('tanto@city.example.jp');
    await stranger.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
    await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');

    // The admin reads it in the local outbox.
    await admin.getByRole('link', { name: 'ローカル送信箱' }).click();
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('ローカル送信箱');
    await expect(admin.getByText('ローカル環境専用の画面です')).toBeVisible();
    const colleagueLink = await readLinkInOutbox(admin, 'tanto@city.example.jp');
    await expectNoAxeViolations(admin);

    await stranger.goto(colleagueLink);
    await stranger.getByRole('button', { name: 'ログインする' }).click();
    await expect(stranger).toHaveURL(`${ORIGIN}/staff`);
    await expect(stranger.getByTestId('staff-identity')).toHaveText('担当 花子（担当職員）');
    // A reviewer does not see the outbox (it holds other people's links).
    const denied = await stranger.goto('/staff/local-outbox');
    expect(denied!.status()).toBe(403);

    // The admin's own next sign-in, by the outbox: the link is asked for (from another window)
    // and read in the outbox while signed in; then the admin signs out and follows it.
    const window2 = await browser.newContext({ baseURL: ORIGIN });
    const request = await window2.newPage();
    await request.goto('/staff/sign-in');
    await request.getByLabel('メールアドレス').fill('kanri@city.example.jp');
    await request.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
    await expect(request.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');
    await window2.close();
    await admin.goto('/staff/local-outbox');
    const adminLink = await readLinkInOutbox(admin, 'kanri@city.example.jp');
    await admin.getByRole('button', { name: 'ログアウト' }).click();
    await expect(admin).toHaveURL(`${ORIGIN}/staff/sign-in?signedOut=1`);
    expect((await admin.request.get('/staff/local-outbox', { maxRedirects: 0 })).status()).toBe(307);
    await signInWithPasskey(admin, adminLink);

    // A lone admin, signed out, asks for a link: on the embedded database it is printed on the
    // console too (no one else could read the outbox), and kept in the outbox.
    await admin.getByRole('button', { name: 'ログアウト' }).click();
    await expect(admin).toHaveURL(`${ORIGIN}/staff/sign-in?signedOut=1`);
    const printedBefore = printedLinks().length;
    await admin.getByLabel('メールアドレス').fill('kanri@city.example.jp');
    await admin.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');
    await expect.poll(() => printedLinks().length).toBe(printedBefore + 1);
    const printed = printedLinks().at(-1)!;
    expect(printed).toContain('email=kanri%40city.example.jp');
    await signInWithPasskey(admin, printed);
    await admin.goto('/staff/local-outbox');
    expect(await readLinkInOutbox(admin, 'kanri@city.example.jp')).toBe(printed);
    expect(await authenticator.credentialCount()).toBe(1);

    // The sign-in mail was never sent anywhere, and the receipt path is untouched: no SMTP.
    expect(stdout).toContain('local outbox (SMTP_URL is unset)');
    await adminContext.close();
    await again.close();
  });
});
