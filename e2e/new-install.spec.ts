import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';

/**
 * A new install, the first ten minutes: a server started as `npm run start:embedded` starts it
 * (migrate, seed, then server.mjs, one after the other, each releasing the data directory) on
 * a fresh PGlite directory with no staff account and no SMTP. Only the build is reused.
 * Runs once, in the pglite project; the server is its own, on E2E_PORT_BASE + 5.
 */
const PORT = Number(process.env.E2E_PORT_BASE ?? 3100) + 5;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'new-install-'));
const dataDir = path.join(work, 'pglite');

const serverEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PGLITE_DIR: dataDir, AUTH_URL: ORIGIN, PAGE_CACHE_SECONDS: '0',
  // WebAuthn takes no IP address as its relying party: the passkey step after the first sign-in
  // is walked in e2e/passkeys.spec.ts on a localhost origin.
  PASSKEY_REQUIRED_ROLES: '',
};
for (const name of ['DATABASE_URL', 'SMTP_URL', 'AUTH_SECRET', 'IP_HASH_KEY', 'APP_URL']) delete serverEnv[name];

let server: ChildProcess | undefined;
let stdout = '';

async function runStep(script: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/server-only-hook.mjs', script], { cwd: root, env: serverEnv, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, script).toBe(0);
}

test.describe('a new install @both', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 });

  test.beforeAll(async ({}, testInfo) => {
    test.skip(testInfo.project.name !== 'pglite', 'runs once, with a server of its own');
    test.setTimeout(180_000);
    await runStep('db/migrate.ts');
    await runStep('db/seed/index.ts');
    server = spawn(process.execPath, ['server.mjs', '-H', '127.0.0.1', '-p', String(PORT)], { cwd: root, env: serverEnv });
    server.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    await expect.poll(() => /setup link: (\S+)/.exec(stdout)?.[1], { timeout: 120_000, intervals: [250] }).toBeTruthy();
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.on('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  test('the setup link makes the first admin; sign-in then works through the local outbox', async ({ browser }) => {
    // The running app holds the data directory: a script is refused, naming it.
    const refused = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/server-only-hook.mjs', 'scripts/staff-add.ts', '--email', 'x@example.jp', '--role', 'admin'], { cwd: root, env: serverEnv });
    let refusedErr = '';
    refused.stderr!.on('data', (chunk: Buffer) => (refusedErr += chunk.toString()));
    expect(await new Promise((resolve) => refused.on('exit', resolve))).toBe(1);
    expect(refusedErr).toContain(`PID ${server!.pid} (node server.mjs -H 127.0.0.1 -p ${PORT})`);
    expect(existsSync(path.join(dataDir, 'public-comment.lock'))).toBe(true);

    const setupLink = /setup link: (\S+)/.exec(stdout)![1]!;
    expect(new URL(setupLink).origin).toBe(ORIGIN);
    const adminContext = await browser.newContext({ baseURL: ORIGIN });
    const admin = await adminContext.newPage();

    // Without JavaScript-free shortcuts: the form, in the browser, as the first person sees it.
    await admin.goto(setupLink);
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('初期設定：最初の管理者の登録');
    await expectNoAxeViolations(admin);
    await admin.getByLabel('メールアドレス').fill('not an address');
    await admin.getByRole('button', { name: '管理者を登録してログインする' }).click();
    await expect(admin.getByRole('alert').filter({ hasText: 'メールアドレスの形式で入力してください' })).toBeVisible();
    await admin.getByLabel('メールアドレス').fill('Kanri@City.Example.jp');
    await admin.getByLabel('氏名（任意）').fill('初期 管理者');
    await admin.getByRole('button', { name: '管理者を登録してログインする' }).click();
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

    // The admin reads it in the local outbox (the mail is kept after the reply: poll).
    await admin.getByRole('link', { name: 'ローカル送信箱' }).click();
    await expect(admin.getByRole('heading', { level: 1 })).toHaveText('ローカル送信箱');
    await expect(admin.getByText('ローカル環境専用の画面です')).toBeVisible();
    let link = '';
    await expect
      .poll(async () => {
        await admin.reload();
        const mail = admin.getByRole('article').filter({ hasText: 'tanto@city.example.jp' }).first();
        const body = (await mail.count()) > 0 ? await mail.locator('pre').innerText() : '';
        link = /https?:\/\/\S+\/staff\/sign-in\/confirm\?\S+/.exec(body)?.[0] ?? '';
        return link;
      })
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+\/staff\/sign-in\/confirm\?token=/);
    await expectNoAxeViolations(admin);

    await stranger.goto(link);
    await stranger.getByRole('button', { name: 'ログインする' }).click();
    await expect(stranger).toHaveURL(`${ORIGIN}/staff`);
    await expect(stranger.getByTestId('staff-identity')).toHaveText('担当 花子（担当職員）');
    // A reviewer does not see the outbox (it holds other people's links).
    const denied = await stranger.goto('/staff/local-outbox');
    expect(denied!.status()).toBe(403);

    // The sign-in mail was never sent anywhere, and the receipt path is untouched: no SMTP.
    expect(stdout).toContain('local outbox (SMTP_URL is unset)');
    await adminContext.close();
    await again.close();
  });
});
