import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase } from './support/staff-sessions';
import { createStaffCase } from './support/staff-case';

// Work at the speed of a clerk (#14): previous / next in the inbox as filtered, keys for 対応区分
// and 状態, save and go to next in one step — by keyboard only, and the same step without JavaScript.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/** A case of the test's own with `count` submissions of one opinion each, oldest first. */
async function caseWithSubmissions(page: Page, request: APIRequestContext, baseURL: string, count: number) {
  const staffCase = await createStaffCase(sql, page, baseURL, '1件目の意見です。');
  for (let i = 2; i <= count; i++) {
    // A resident's request, without the clerk's session cookie.
    const response = await request.post(`${baseURL}/api/consultations/${staffCase.slug}/submissions`, {
      headers: { 'content-type': 'application/json', 'idempotency-key': `keys-${randomUUID()}` },
      data: { submitter: { name: '伊勢崎 花子', address: '伊勢崎市今泉町', category: '市内在住', email: '' }, opinions: [{ itemNumber: 1, text: `${i}件目の意見です。` }], consent: true },
    });
    expect(response.status()).toBe(201);
  }
  return staffCase;
}

/** The first row's receipt number link in the inbox. */
const firstReceipt = (page: Page) => page.locator('table.inbox tbody tr').first().getByRole('link').first();

/** No focus in the page: the keys act on the only opinion there is. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

async function opinionsOf(slug: string) {
  return sql<{ text: string; category_code: string | null; status: string }[]>`
    select o.text, o.category_code, o.status from opinions o join consultations c on c.id = o.consultation_id where c.slug = ${slug} order by o.received_at, o.id`;
}

test('ten submissions triaged by keyboard only: a letter for 対応区分, Shift+2 for 分類済み, Shift+N to save and go on', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const { slug } = await caseWithSubmissions(page, request, baseURL!, 10);
  // The inbox for item 1, oldest first: the view the clerk works through.
  await page.goto(`/staff/consultations/${slug}?item=1&sort=received_asc`);
  await firstReceipt(page).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('提出');
  await expect(page.getByRole('link', { name: '前の提出' })).toHaveCount(0);

  // The keys are documented on the page.
  await page.getByText('キーボード操作').click();
  await expect(page.getByText('その意見の対応区分を選ぶ')).toBeVisible();
  await expectNoAxeViolations(page);

  for (let n = 1; n <= 10; n++) {
    await expect(page.locator('article.opinion blockquote')).toHaveText(`${n}件目の意見です。`);
    await blur(page);
    await page.keyboard.press('b');
    await expect(page.getByRole('status').filter({ hasText: '対応区分' })).toContainText('B');
    await page.keyboard.press('Shift+Digit2');
    await expect(page.getByRole('status').filter({ hasText: '状態' })).toContainText('分類済み');
    if (n < 10) {
      await page.keyboard.press('Shift+KeyN');
      await expect(page.locator('article.opinion blockquote')).toHaveText(`${n + 1}件目の意見です。`);
      await expect(page.getByRole('link', { name: '前の提出' })).toBeVisible();
    } else {
      await expect(page.getByText('次の提出はありません')).toBeVisible();
      await page.keyboard.press('Shift+KeyS');
      await expect(page.locator('.opinion-form').getByRole('status')).toHaveText('保存しました。');
    }
  }
  const stored = await opinionsOf(slug);
  expect(stored.map((o) => [o.category_code, o.status])).toEqual(Array.from({ length: 10 }, () => ['B', 'classified']));

  // Inside a text field the letters are typing, not shortcuts.
  const summary = page.getByLabel('意見の概要');
  await summary.focus();
  await page.keyboard.type('a');
  await expect(summary).toHaveValue('a');
  await expect(page.getByLabel('対応区分')).toHaveValue('B');

  // Shift+P goes back along the same view; the way back to the inbox keeps the filters.
  await blur(page);
  await page.keyboard.press('Shift+KeyP');
  await expect(page.locator('article.opinion blockquote')).toHaveText('9件目の意見です。');
  await expect(page.getByRole('link', { name: '受付一覧に戻る' })).toHaveAttribute('href', `/staff/consultations/${slug}?item=1&sort=received_asc`);
});

test('without JavaScript: previous / next links and 保存して次へ', async ({ page, context, request, baseURL }) => {
  await withoutAppScripts(context);
  const { slug } = await caseWithSubmissions(page, request, baseURL!, 3);
  await page.goto(`/staff/consultations/${slug}?sort=received_asc`);
  await firstReceipt(page).click();
  await expect(page.locator('article.opinion blockquote')).toHaveText('1件目の意見です。');
  await expect(page.getByText('キーボード操作')).toHaveCount(0);
  await page.getByLabel('対応区分').selectOption({ label: 'C 今後の参考とする' });
  await page.getByRole('button', { name: '保存して次へ' }).click();
  await expect(page.locator('article.opinion blockquote')).toHaveText('2件目の意見です。');
  await page.getByRole('link', { name: '前の提出' }).click();
  await expect(page.locator('article.opinion blockquote')).toHaveText('1件目の意見です。');
  await expect(page.getByLabel('対応区分')).toHaveValue('C');
  expect((await opinionsOf(slug)).map((o) => o.category_code)).toEqual(['C', null, null]);
});
