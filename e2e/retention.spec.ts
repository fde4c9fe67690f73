import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import type postgres from 'postgres';
import { generateReceiptNumber } from '../lib/submissions/receipt-number';
import { expectNoAxeViolations } from './support/axe';
import { auditActions, connectE2eDatabase, createSession, createStaff, signInWithCookie, type E2EStaff } from './support/staff-sessions';

// PostgreSQL project only (not tagged @both): these specs read and change the server's database.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));
// Each test walks a whole staff workflow (several saves and reloads).
test.describe.configure({ timeout: 120_000 });

async function closedCase(): Promise<{ id: number; slug: string }> {
  const slug = `keep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const [c] = await sql<{ id: number }[]>`insert into consultations (slug, title, department, opens_at, closes_at)
    values (${slug}, '保存期間確認用の案件', '企画調整課', now() - interval '40 days', now() - interval '10 days') returning id`;
  return { id: c!.id, slug };
}

async function signedIn(browser: Browser, baseURL: string, staff: E2EStaff) {
  const context = await browser.newContext({ baseURL });
  await signInWithCookie(context, baseURL, await createSession(sql, staff.id));
  return { context, page: await context.newPage() };
}

test('an admin sets a case’s retention period: save, change, save again, reload; bad input stores nothing', async ({ browser, baseURL }) => {
  const admin = await createStaff(sql, 'admin');
  const c = await closedCase();
  const { context, page } = await signedIn(browser, baseURL!, admin);
  await page.goto(`/staff/consultations/${c.slug}/retention`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('個人情報の保存期間');
  await expect(page.getByTestId('retention-current')).toHaveText('市の既定（365日）');
  await expectNoAxeViolations(page);
  const field = page.getByLabel('保存期間（日数）');
  await expect(field).toHaveValue('');

  await field.fill('30');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('status')).toHaveText('保存期間を保存しました。');
  await expect(page.getByTestId('retention-current')).toHaveText('30日');
  await expect(field).toHaveValue('30');

  await field.fill('９０'); // full-width digits, as typed with a Japanese IME
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('retention-current')).toHaveText('90日');
  await page.reload();
  await expect(page.getByLabel('保存期間（日数）')).toHaveValue('90');
  await expect(page.getByTestId('retention-current')).toHaveText('90日');

  await page.getByLabel('保存期間（日数）').fill('三十日');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '保存期間は0から36500までの日数を数字で入力してください。' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('retention-current')).toHaveText('90日');
  const [row] = await sql<{ retention_days: number; version: number }[]>`select retention_days, version from consultation_retention where consultation_id = ${c.id}`;
  expect(row).toEqual({ retention_days: 90, version: 2 });

  // Cleared: the city's default again.
  await page.getByLabel('保存期間（日数）').fill('');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('retention-current')).toHaveText('市の既定（365日）');
  await page.reload();
  await expect(page.getByLabel('保存期間（日数）')).toHaveValue('');
  await context.close();
});

test('a resident’s 開示・削除 request: found by receipt number, exported, erased when a second admin approves', async ({ browser, baseURL }) => {
  const since = new Date(Date.now() - 1000);
  const [first, second] = [await createStaff(sql, 'admin'), await createStaff(sql, 'admin')];
  const c = await closedCase();
  const receipt = generateReceiptNumber();
  const [s] = await sql<{ id: string }[]>`insert into submissions (consultation_id, receipt_number, channel, submitter_name, submitter_address, submitter_email, ip_hash)
    values (${c.id}, ${receipt}, 'web', '開示 請求子', '伊勢崎市今泉町二丁目410番地', 'kaiji@example.jp', 'hash-of-ip') returning id`;
  await sql`insert into submission_opinions (submission_id, item_number, position, text) values (${s!.id}, null, 0, '保存期間についての意見です。')`;
  await sql`insert into mail_outbox (kind, submission_id, recipient, subject, body, status, sent_at) values ('submission_receipt', ${s!.id}, 'kaiji@example.jp', '受付のお知らせ', '開示 請求子 様', 'sent', now())`;

  const a = await signedIn(browser, baseURL!, first);
  await a.page.goto('/staff/personal-data');
  await a.page.getByLabel('受付番号').fill('not a number');
  await a.page.getByRole('button', { name: '探す' }).click();
  await expect(a.page.getByText('受付番号の形式が正しくありません')).toBeVisible();
  // Typed as a person might: lower case, no hyphens.
  await a.page.getByLabel('受付番号').fill(receipt.replace(/-/g, '').toLowerCase());
  await a.page.getByRole('button', { name: '探す' }).click();
  const held = a.page.getByTestId('held-data');
  await expect(held).toContainText('開示 請求子');
  await expect(held).toContainText('kaiji@example.jp');
  await expect(a.page.getByText('保存期間についての意見です。')).toBeVisible();
  await expectNoAxeViolations(a.page);

  const downloading = a.page.waitForEvent('download');
  await a.page.getByRole('link', { name: '本人に渡すための書き出し（JSON）' }).click();
  const exported = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8')) as Record<string, unknown>;
  expect(exported).toMatchObject({ 受付番号: receipt, 提出者: { 氏名: '開示 請求子', メールアドレス: 'kaiji@example.jp' }, 意見: [{ 本文: '保存期間についての意見です。' }] });

  await a.page.getByRole('button', { name: '削除依頼を登録する' }).click();
  await expect(a.page.getByRole('alert').filter({ hasText: '受付の経緯と本人確認の方法を入力してください。' })).toBeVisible();
  await a.page.getByLabel('受付の経緯と本人確認の方法').fill('窓口で運転免許証により本人確認');
  await a.page.getByRole('button', { name: '削除依頼を登録する' }).click();
  await expect(a.page.getByText('この削除依頼はあなたが登録したため、承認は別の管理者が行います。')).toBeVisible();
  await expect(a.page.getByRole('button', { name: '承認して個人情報を削除する' })).toHaveCount(0);

  // The second admin finds it in the list of open requests and approves it.
  const b = await signedIn(browser, baseURL!, second);
  await b.page.goto('/staff/personal-data');
  await b.page.getByRole('link', { name: receipt }).click();
  await expect(b.page.getByText('経緯：窓口で運転免許証により本人確認')).toBeVisible();
  await b.page.getByRole('button', { name: '承認して個人情報を削除する' }).click();
  // The request is closed, so the page now shows the erasure in place of the decision forms.
  await expect(b.page.getByRole('status').filter({ hasText: 'に削除しました。' })).toBeVisible();
  await b.page.reload();
  await expect(b.page.getByTestId('held-data')).not.toContainText('開示 請求子');
  await expect(b.page.getByTestId('held-data')).not.toContainText('kaiji@example.jp');
  await expect(b.page.getByText('保存期間についての意見です。')).toBeVisible();

  const [after] = await sql`select submitter_name, submitter_address, submitter_email, ip_hash, personal_data_erased_at is not null as erased from submissions where id = ${s!.id}`;
  expect(after).toEqual({ submitter_name: '', submitter_address: '', submitter_email: null, ip_hash: null, erased: true });
  const [mail] = await sql`select recipient, body, subject from mail_outbox where submission_id = ${s!.id}`;
  expect(mail).toEqual({ recipient: '', body: '', subject: '受付のお知らせ' });
  // By type too: a case's id can equal the submission's (retention.period_changed targets the case).
  const actions = await auditActions(sql, { targetId: String(s!.id), targetType: 'submission', since });
  expect(actions).toContain('personal_data.viewed');
  expect(actions.filter((action) => action !== 'personal_data.viewed')).toEqual(['personal_data.exported', 'personal_data.erasure_requested', 'personal_data.erasure_approved']);
  await a.context.close();
  await b.context.close();
});
