import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type postgres from 'postgres';
import { OPINION_MAX_CHARS, OPINIONS_MAX } from '../lib/validation/comment-limits';
import { createCase, untilServed } from './support/cases';
import { fillSubmitter } from './support/comment-form';
import { connectE2eDatabase } from './support/staff-sessions';

// The largest comment the form accepts, in the widest characters: every opinion field filled to
// the limit with 𠮷 (4 bytes in UTF-8, one character). What the form allows must never be
// refused by a transport limit.
const WIDE = '𠮷';
const LONGEST = WIDE.repeat(OPINION_MAX_CHARS);
const SUBMITTER = { name: '長文 提出者', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: '' };

let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

async function storedOpinions(receiptNumber: string) {
  const [row] = await sql<{ opinions: number; characters: number }[]>`
    select count(*)::int as opinions, coalesce(sum(char_length(o.text)), 0)::int as characters
    from submission_opinions o join submissions s on s.id = o.submission_id
    where s.receipt_number = ${receiptNumber}`;
  return row;
}

test(`${OPINIONS_MAX} opinions of ${OPINION_MAX_CHARS} characters go through the form without JavaScript: confirm, send, all stored`, async ({ browser }) => {
  test.setTimeout(90_000);
  const c = await createCase(sql, { prefix: 'large' });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await untilServed(page.request, `/consultations/${c.slug}/comment`);
  await page.goto(`/consultations/${c.slug}/comment`);
  await fillSubmitter(page, SUBMITTER);
  await page.getByLabel('意見の内容').fill(LONGEST);
  await page.getByLabel('個人情報の取扱いについて同意します').check();

  // Without JavaScript a new opinion field costs a round trip each; the first post carries the
  // other 99 opinions as the form would after 99 of those.
  await page.route(`**/consultations/${c.slug}/comment`, async (route) => {
    const request = route.request();
    const body = request.postDataBuffer();
    const boundary = /boundary=(.+)$/.exec(request.headers()['content-type'] ?? '')?.[1];
    if (request.method() !== 'POST' || !body || !boundary) return route.continue();
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const extra = Array.from({ length: OPINIONS_MAX - 1 }, (_, i) => part(`opinions.${i + 1}.itemNumber`, String((i % 52) + 1)) + part(`opinions.${i + 1}.text`, LONGEST)).join('');
    const end = body.lastIndexOf(`--${boundary}--`);
    await route.continue({ postData: Buffer.concat([body.subarray(0, end), Buffer.from(extra), body.subarray(end)]) });
  });
  await page.getByRole('button', { name: '入力内容を確認する' }).click();
  await page.unrouteAll();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
  await expect(page.getByText(`意見 ${OPINIONS_MAX}：`)).toBeVisible();

  // The confirmation carries every opinion back, twice over (the fields and the form's state).
  const [sent] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '送信する' }).click()]);
  expect(sent.request().postDataBuffer()!.length, 'the send is the largest post the form makes').toBeGreaterThan(1_500_000);
  expect(sent.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');
  const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
  expect(await storedOpinions(receiptNumber)).toEqual({ opinions: OPINIONS_MAX, characters: OPINIONS_MAX * OPINION_MAX_CHARS });
  await context.close();
});

test(`${OPINIONS_MAX} opinions of ${OPINION_MAX_CHARS} characters go through the form with JavaScript: a restored draft, confirm, send, all stored`, async ({ page }) => {
  test.setTimeout(90_000);
  const c = await createCase(sql, { prefix: 'large-js' });
  await untilServed(page.request, `/consultations/${c.slug}/comment`);
  // The form keeps a draft in localStorage; one left from an earlier visit is offered back.
  const draft = {
    submitter: SUBMITTER,
    opinions: Array.from({ length: OPINIONS_MAX }, (_, i) => ({ itemNumber: (i % 52) + 1, text: LONGEST })),
    consent: false,
  };
  await page.addInitScript(([key, value]) => window.localStorage.setItem(key!, value!), [`comment-draft:${c.slug}`, JSON.stringify(draft)]);
  await page.goto(`/consultations/${c.slug}/comment`);
  await page.getByRole('button', { name: '下書きを復元する' }).click();
  await expect(page.getByRole('group', { name: `意見 ${OPINIONS_MAX}` }).getByLabel('意見の内容')).toHaveValue(LONGEST);
  await page.getByLabel('個人情報の取扱いについて同意します').check();
  await page.getByRole('button', { name: '入力内容を確認する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
  await expect(page.getByText(`意見 ${OPINIONS_MAX}：`)).toBeVisible();
  await page.getByRole('button', { name: '送信する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました', { timeout: 30_000 });
  const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
  expect(await storedOpinions(receiptNumber)).toEqual({ opinions: OPINIONS_MAX, characters: OPINIONS_MAX * OPINION_MAX_CHARS });
});

test(`${OPINIONS_MAX} opinions of ${OPINION_MAX_CHARS} characters go through the API`, async ({ request }) => {
  const c = await createCase(sql, { prefix: 'large-api' });
  const body = {
    submitter: SUBMITTER,
    opinions: Array.from({ length: OPINIONS_MAX }, (_, i) => ({ itemNumber: (i % 52) + 1, text: LONGEST })),
    consent: true,
  };
  const created = await request.post(`/api/consultations/${c.slug}/submissions`, { data: body, headers: { 'Idempotency-Key': randomUUID() } });
  expect(created.status()).toBe(201);
  const { receiptNumber } = (await created.json()) as { receiptNumber: string };
  expect(await storedOpinions(receiptNumber)).toEqual({ opinions: OPINIONS_MAX, characters: OPINIONS_MAX * OPINION_MAX_CHARS });
});
