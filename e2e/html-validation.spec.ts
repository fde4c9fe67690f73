import { expect, test, type Page } from '@playwright/test';
import { CASES } from './support/cases';
import { fillSubmitter } from './support/comment-form';
import { withoutAppScripts } from './support/no-script';
import { validate, type Served } from './support/vnu';

/** The HTML the server sends for the navigation `action` causes (a form post, or the page it redirects to). */
async function served(page: Page, label: string, action: () => Promise<unknown>): Promise<Served> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && r.status() === 200),
    action(),
  ]);
  return { label, html: await response.text() };
}

// PostgreSQL project only: the markup does not depend on the database. Pages are validated as
// served, JavaScript playing no part.
test('the HTML of every public page, in every state, is valid (Nu Html Checker)', async ({ request, browser }) => {
  test.setTimeout(240_000);
  const documents: Served[] = [];
  const get = async (url: string, status = 200) => {
    const response = await request.get(url);
    expect(response.status(), url).toBe(status);
    expect(response.headers()['content-type'], url).toContain('text/html');
    documents.push({ label: `GET ${url}`, html: await response.text() });
  };

  await get('/');
  for (const c of Object.values(CASES)) {
    const base = `/consultations/${c.slug}`;
    await get(base);
    const { consultation } = (await (await request.get(`/api${base}`)).json()) as {
      consultation: { items: { number: number; page: number; headingKind: string }[] };
    };
    expect(consultation.items).toHaveLength(c.items);
    for (const item of consultation.items) await get(`${base}/items/${item.number}`);
    await get(`${base}/comment`);
    await get(`${base}/results`);
    await get(`${base}/lookup`);
    if (c === CASES.open) {
      for (const kind of new Set(consultation.items.map((i) => i.headingKind))) await get(`${base}?kind=${encodeURIComponent(kind)}`);
      for (const page of new Set(consultation.items.map((i) => i.page))) await get(`${base}?page=${page}`);
      await get(`${base}?q=${encodeURIComponent('サテライトオフィス')}`);
      await get(`${base}?q=${encodeURIComponent('該当のない語句')}`);
      await get(`${base}?kind=${encodeURIComponent('数値目標')}&page=14&q=${encodeURIComponent('年少人口')}`);
      await get(`${base}/comment?item=23`);
    }
  }
  await get(`/consultations/${CASES.closed.slug}/results?version=1`);
  await get(`/consultations/${CASES.closed.slug}/results?version=99`);
  await get('/consultations/no-such-case', 404);
  await get(`/consultations/${CASES.open.slug}/items/999`, 404);
  await get('/no/such/page', 404);
  await get('/staff/sign-in');
  await get('/staff/sign-in?signedOut=1');
  await get('/staff/sign-in/check-mail');
  await get('/staff/sign-in/confirm');
  await get('/staff/sign-in/confirm?token=0123456789abcdef&email=someone%40example.jp');
  await get('/staff/sign-in/failed');

  // The steps that only a form post reaches, posted as a browser without JavaScript posts them.
  const context = await browser.newContext();
  await withoutAppScripts(context);
  const page = await context.newPage();
  const form = `/consultations/${CASES.open.slug}/comment?item=23`;
  await page.goto(form);
  const send = (name: string) => () => page.getByRole('button', { name }).click();
  documents.push(await served(page, 'POST comment form: field errors', send('入力内容を確認する')));
  await expect(page.locator('.error-summary')).toBeVisible();
  await fillSubmitter(page, { name: '検証 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: 'kensho@example.jp' });
  await page.getByLabel('意見の内容').fill('HTMLの検証のための意見です。\n<b>タグ</b>と & 記号も含みます。');
  documents.push(await served(page, 'POST comment form: one more opinion field', send('意見欄を追加する')));
  await page.getByRole('group', { name: '意見 2' }).getByLabel('意見の内容').fill('二つ目の意見です。');
  await page.getByLabel('個人情報の取扱いについて同意します').check();
  documents.push(await served(page, 'POST comment form: confirmation', send('入力内容を確認する')));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
  documents.push(await served(page, 'POST comment form: back to edit', send('入力画面に戻って修正する')));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見の提出');
  await served(page, 'POST comment form: confirmation again', send('入力内容を確認する'));
  documents.push(await served(page, 'POST comment form: receipt', send('送信する')));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');

  await page.goto('/staff/sign-in');
  await page.getByLabel('メールアドレス').fill('not-an-address');
  documents.push(await served(page, 'POST staff sign-in: field error', send('ログイン用リンクを送る')));
  await expect(page.locator('#email-error')).toBeVisible();
  await page.getByLabel('メールアドレス').fill(`nobody-${Date.now()}@e2e.test`);
  documents.push(await served(page, 'POST staff sign-in → check your mail', send('ログイン用リンクを送る')));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');
  await context.close();

  const problems = validate(documents);
  console.log(`Nu Html Checker: ${documents.length} documents, ${problems.length} errors`);
  expect(problems, problems.join('\n')).toEqual([]);
});
