import { expect, type Page } from '@playwright/test';

/** The person block of the resident form at /consultations/[slug]/comment. */
export type FormSubmitter = { name: string; address: string; category: string; email: string };

/** One opinion: the revision item number (null for 全体について) and its text. */
export type FormOpinion = { itemNumber: number | null; text: string };

export async function fillSubmitter(page: Page, submitter: FormSubmitter) {
  await page.getByLabel('氏名').fill(submitter.name);
  await page.getByLabel('住所').fill(submitter.address);
  await page.getByLabel('区分').selectOption(submitter.category);
  await page.getByLabel('メールアドレス').fill(submitter.email);
}

/**
 * Sends a comment through the resident form as a resident would, with or without JavaScript
 * (whatever the page's context allows): fill in, 入力内容を確認する, check the confirmation page,
 * 送信する. Returns the 受付番号 shown on the receipt page.
 */
export async function submitThroughForm(page: Page, slug: string, submitter: FormSubmitter, opinions: readonly FormOpinion[]): Promise<string> {
  await page.goto(`/consultations/${slug}/comment`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見の提出');
  await fillSubmitter(page, submitter);
  for (const [i, opinion] of opinions.entries()) {
    if (i > 0) await page.getByRole('button', { name: '意見欄を追加する' }).click();
    const group = page.getByRole('group', { name: `意見 ${i + 1}` });
    await group.getByLabel('対象').selectOption(opinion.itemNumber === null ? '' : String(opinion.itemNumber));
    await group.getByLabel('意見の内容').fill(opinion.text);
  }
  await page.getByLabel('個人情報の取扱いについて同意します').check();
  await page.getByRole('button', { name: '入力内容を確認する' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
  await expect(page.getByText(submitter.name)).toBeVisible();
  for (const opinion of opinions) await expect(page.getByText(opinion.text)).toBeVisible();
  await page.getByRole('button', { name: '送信する' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');
  const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
  expect(receiptNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  return receiptNumber;
}
