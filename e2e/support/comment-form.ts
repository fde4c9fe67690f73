import { expect, type Page } from '@playwright/test';

export type FormSubmitter = { name: string; address: string; category: string; email: string };

/**
 * A resident's whole path through the comment form: fill, 入力内容の確認, send, receipt.
 * Works with JavaScript on or off (the page is the same server-rendered form either way).
 * Returns the 受付番号 shown on the receipt.
 */
export async function submitThroughForm(
  page: Page,
  slug: string,
  submitter: FormSubmitter,
  opinion: { itemNumber: number | null; text: string },
): Promise<string> {
  await page.goto(`/consultations/${slug}/comment${opinion.itemNumber === null ? '' : `?item=${opinion.itemNumber}`}`);
  await page.getByLabel('氏名').fill(submitter.name);
  await page.getByLabel('住所').fill(submitter.address);
  await page.getByLabel('区分').selectOption(submitter.category);
  await page.getByLabel('メールアドレス').fill(submitter.email);
  await expect(page.getByLabel('対象')).toHaveValue(opinion.itemNumber === null ? '' : String(opinion.itemNumber));
  await page.getByLabel('意見の内容').fill(opinion.text);
  await page.getByLabel('個人情報の取扱いについて同意します').check();
  await page.getByRole('button', { name: '入力内容を確認する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
  await page.getByRole('button', { name: '送信する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');
  const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
  expect(receiptNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  return receiptNumber;
}
