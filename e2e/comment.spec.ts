import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mailTo } from './support/mail';
import { fillSubmitter } from './support/comment-form';

const SLUG = 'isesaki-2nd-strategy-revision';
const SCRIPT = '<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">';


const CASE_TITLE = '第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）';

/** The focused element shows a focus indicator (an outline of 2px or more, or a ring) and is on screen. */
async function expectVisibleFocus(page: Page) {
  const focus = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.textContent ?? '').trim().slice(0, 30)}`,
        indicator: el.matches(':focus-visible') && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'),
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth,
      };
    });
  // The browser scrolls the focused element into view; a layout change in flight can delay it.
  const { element } = await focus();
  await expect.poll(focus, { message: `focus indicator on ${element}`, timeout: 2_000 }).toMatchObject({ indicator: true, onScreen: true });
}

/** Presses Tab (or Shift+Tab) until `target` has focus; every element passed on the way shows its focus. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement)) return expectVisibleFocus(page);
    if (await page.evaluate(() => document.activeElement !== document.body)) await expectVisibleFocus(page);
  }
  throw new Error(`${key} did not reach ${target} in ${max} presses`);
}

const HANAKO = { name: '伊勢崎 花子', address: '群馬県伊勢崎市今泉町二丁目410番地', category: '市内在勤' };

for (const javaScriptEnabled of [true, false]) {
  test.describe(`sending a comment with JavaScript ${javaScriptEnabled ? 'on' : 'off'} @both`, () => {
    test.use({ javaScriptEnabled });

    test('item page → form → errors → confirm → receipt, and the receipt mail', async ({ page }) => {
      const email = `resident-${randomUUID()}@example.jp`;
      await page.goto(`/consultations/${SLUG}/items/23`);
      await page.getByRole('link', { name: 'No.23について意見を書く' }).click();
      await expect(page).toHaveURL(/\/comment\?item=23$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見の提出');
      await expect(page.getByLabel('対象')).toHaveValue('23');
      if (javaScriptEnabled) await expectNoAxeViolations(page);

      // Nothing filled in: every required field says what is missing, linked from a summary.
      await page.getByRole('button', { name: '入力内容を確認する' }).click();
      const summary = page.locator('.error-summary');
      await expect(summary).toContainText('氏名を入力してください。');
      await expect(summary).toContainText('住所を入力してください。');
      await expect(summary).toContainText('区分を選んでください。');
      await expect(summary).toContainText('意見の内容を入力してください。');
      await expect(summary).toContainText('個人情報の取扱いに同意してください。');
      await expect(page.getByLabel('氏名')).toHaveAttribute('aria-invalid', 'true');
      await expect(page).toHaveURL(/\/comment\?item=23$/);
      if (javaScriptEnabled) await expectNoAxeViolations(page);
      await summary.getByRole('link', { name: '氏名を入力してください。' }).click();
      await expect(page.getByLabel('氏名')).toBeFocused();

      await fillSubmitter(page, { ...HANAKO, email });
      await page.getByLabel('意見の内容').fill(`年少人口の目標値の根拠を示してください。\n${SCRIPT}`);
      await page.getByRole('button', { name: '意見欄を追加する' }).click();
      const second = page.getByRole('group', { name: '意見 2' });
      await expect(second.getByLabel('対象')).toHaveValue('');
      await second.getByLabel('意見の内容').fill('全体として分かりやすくなりました。');
      // The first opinion kept its text across the round trip (JavaScript off).
      await expect(page.getByRole('group', { name: '意見 1' }).getByLabel('意見の内容')).toHaveValue(/年少人口/);
      await page.getByLabel('個人情報の取扱いについて同意します').check();
      await page.getByRole('button', { name: '入力内容を確認する' }).click();

      await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
      await expect(page.getByText('伊勢崎 花子')).toBeVisible();
      await expect(page.getByText('意見 1：No.23 数値目標')).toBeVisible();
      await expect(page.getByText('意見 2：全体について')).toBeVisible();
      await expect(page.getByText(SCRIPT)).toBeVisible();
      if (javaScriptEnabled) await expectNoAxeViolations(page);
      await page.getByRole('button', { name: '送信する' }).click();

      await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');
      const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
      expect(receiptNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
      await expect(page.getByText(SCRIPT)).toBeVisible();
      await expect(page.getByText('年少人口の目標値の根拠を示してください。')).toBeVisible();
      if (javaScriptEnabled) {
        expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
        await expectNoAxeViolations(page);
      }
      await expect(page.locator('script:not([src])').filter({ hasText: '__injected = 1' })).toHaveCount(0);

      const mail = await mailTo(email);
      expect(mail.subject).toContain(receiptNumber);
      expect(mail.text).toContain(`受付番号：${receiptNumber}`);
      // The address is unverified: the mail names the items and counts characters, never echoes the text (M4).
      expect(mail.text).toContain('■ 全体について');
      expect(mail.text).not.toContain('全体として分かりやすくなりました。');
      expect(mail.text).not.toContain(SCRIPT);
      expect(mail.text).not.toContain('伊勢崎 花子');
      // The full copy downloads from the receipt page.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '入力内容の控えをダウンロード（テキストファイル）' }).click()]);
      const copy = await readFile((await download.path())!, 'utf8');
      expect(copy).toContain(receiptNumber);
      expect(copy).toContain('年少人口の目標値の根拠を示してください。');
      expect(copy).toContain(SCRIPT);
    });

    test('going back from the confirmation keeps what was typed', async ({ page }) => {
      await page.goto(`/consultations/${SLUG}/comment`);
      await fillSubmitter(page, { ...HANAKO, email: '' });
      await page.getByLabel('意見の内容').fill('確認画面から戻って直します。');
      await page.getByLabel('個人情報の取扱いについて同意します').check();
      await page.getByRole('button', { name: '入力内容を確認する' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
      await page.getByRole('button', { name: '入力画面に戻って修正する' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見の提出');
      await expect(page.getByLabel('意見の内容')).toHaveValue('確認画面から戻って直します。');
      await expect(page.getByLabel('氏名')).toHaveValue('伊勢崎 花子');
      await expect(page.getByLabel('個人情報の取扱いについて同意します')).toBeChecked();
    });
  });
}

test.describe('with JavaScript on', () => {
  test('validates inline without a reload, and keeps a draft until it is sent @both', async ({ page }) => {
    await page.goto(`/consultations/${SLUG}/comment`);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByLabel('メールアドレス').fill('not-an-address');
    await page.getByLabel('メールアドレス').blur();
    await expect(page.locator('#field-submitter-email-error')).toHaveText('メールアドレスの形式が正しくありません（例：taro@example.jp）。');
    // Leaving a field marks it alone; the summary (an alert above the form) waits for a send.
    await expect(page.locator('.error-summary')).toHaveCount(0);
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    await expect(page.locator('.error-summary')).toContainText('氏名を入力してください。');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    const long = '長い意見です。'.repeat(200);
    await page.getByLabel('意見の内容').fill(long);
    await page.getByLabel('氏名').fill('下書き 太郎');
    await expect.poll(() => page.evaluate((slug) => window.localStorage.getItem(`comment-draft:${slug}`), SLUG)).toContain('下書き 太郎');

    // The tab is closed; a new one offers the draft back.
    const again = await page.context().newPage();
    await page.close();
    await again.goto(`/consultations/${SLUG}/comment`);
    await again.getByRole('button', { name: '下書きを復元する' }).click();
    await expect(again.getByLabel('意見の内容')).toHaveValue(long);
    await expect(again.getByLabel('氏名')).toHaveValue('下書き 太郎');

    await again.getByLabel('住所').fill('伊勢崎市');
    await again.getByLabel('区分').selectOption('市内在住');
    await again.getByLabel('メールアドレス').fill('');
    await again.getByLabel('個人情報の取扱いについて同意します').check();
    await again.getByRole('button', { name: '入力内容を確認する' }).click();
    await again.getByRole('button', { name: '送信する' }).click();
    await expect(again.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');
    await expect(again.getByText('メールアドレスの入力がなかったため')).toBeVisible();
    await expect.poll(() => again.evaluate((slug) => window.localStorage.getItem(`comment-draft:${slug}`), SLUG)).toBeNull();
    await again.goto(`/consultations/${SLUG}/comment`);
    await expect(again.getByRole('heading', { level: 1 })).toHaveText('意見の提出');
    await expect(again.getByRole('button', { name: '下書きを復元する' })).toHaveCount(0);
  });

  test('the whole flow by keyboard only: home → case → item → form → confirm → receipt', async ({ page }) => {
    const h1 = page.getByRole('heading', { level: 1 });
    await page.goto('/');
    // The first Tab reaches the skip link, shown when focused; Enter moves focus to the content.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: '本文へ移動' })).toBeFocused();
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    await tabTo(page, page.getByRole('region', { name: '募集中の案件' }).getByRole('link', { name: CASE_TITLE }));
    await page.keyboard.press('Enter');
    await expect(h1).toContainText(CASE_TITLE);
    // After each step that loads a new document (plain links, the GET filter form), Tab waits for
    // the load: before it completes, Chromium can still replace the document under the focus.
    await page.waitForLoadState('load');

    // Filter the items by a word (Enter submits the filter form), then open item 23.
    await tabTo(page, page.getByLabel('語句'));
    await page.keyboard.type('年少人口');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/q=%E5%B9%B4%E5%B0%91%E4%BA%BA%E5%8F%A3/);
    await page.waitForLoadState('load');
    await tabTo(page, page.getByRole('link', { name: 'No.23 数値目標' }));
    await page.keyboard.press('Enter');
    await expect(h1).toContainText('改訂箇所 No.23');
    await page.waitForLoadState('load');
    await tabTo(page, page.getByRole('link', { name: 'No.23について意見を書く' }));
    await page.keyboard.press('Enter');
    await expect(h1).toHaveText('意見の提出');

    // Sent empty: focus moves to the error summary; its first link leads to the field.
    const confirm = page.getByRole('button', { name: '入力内容を確認する' });
    await tabTo(page, confirm);
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(summary.getByRole('link', { name: '氏名を入力してください。' })).toBeFocused();
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('氏名')).toBeFocused();

    await page.keyboard.type('鍵盤 次郎');
    await page.keyboard.press('Tab'); // past the name hint to the address
    await expect(page.getByLabel('住所')).toBeFocused();
    await page.keyboard.type('伊勢崎市');
    await tabTo(page, page.getByLabel('氏名'), 'Shift+Tab');
    await expect(page.getByLabel('氏名')).toHaveValue('鍵盤 次郎');
    await tabTo(page, page.getByLabel('区分'));
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('区分')).toHaveValue('市内在住');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('メールアドレス')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('対象')).toBeFocused();
    await expect(page.getByLabel('対象')).toHaveValue('23');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('意見の内容')).toBeFocused();
    await page.keyboard.type('キーボードだけで書きました。');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: '意見欄を追加する' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('個人情報の取扱いについて同意します')).toBeFocused();
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await expect(page.getByLabel('個人情報の取扱いについて同意します')).toBeChecked();
    await page.keyboard.press('Tab'); // the honeypot is skipped
    await expect(confirm).toBeFocused();
    await page.keyboard.press('Enter');

    // Each new step puts focus on its heading, so a screen reader starts reading there.
    await expect(h1).toHaveText('入力内容の確認');
    await expect(h1).toBeFocused();
    await expect(page.getByText('意見 1：No.23')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: '送信する' })).toBeFocused();
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await expect(h1).toHaveText('意見を受け付けました');
    await expect(h1).toBeFocused();
    await expect(page.getByTestId('receipt-number')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  });
});

test('the case page links to the form; the API answers 201 and 422 @both', async ({ page, request }) => {
  await page.goto(`/consultations/${SLUG}`);
  await page.getByRole('link', { name: '意見を提出する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見の提出');

  const key = randomUUID();
  const body = {
    submitter: { name: 'API 利用者', address: '伊勢崎市', category: '市内在住', email: '' },
    opinions: [{ itemNumber: 23, text: 'API からの意見' }, { itemNumber: null, text: '全体について' }],
    consent: true,
  };
  const url = `/api/consultations/${SLUG}/submissions`;
  const created = await request.post(url, { data: body, headers: { 'Idempotency-Key': key } });
  expect(created.status()).toBe(201);
  const { receiptNumber } = await created.json();
  const replay = await request.post(url, { data: body, headers: { 'Idempotency-Key': key } });
  expect(await replay.json()).toEqual({ receiptNumber });
  const bad = await request.post(url, { data: { ...body, opinions: [{ itemNumber: 999, text: 'x' }] }, headers: { 'Idempotency-Key': randomUUID() } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).fields['opinions.0.itemNumber']).toBe('対象の改訂箇所は一覧の中から選んでください。');
  const wrongType = await request.post(url, { data: 'a=b', headers: { 'Idempotency-Key': randomUUID(), 'Content-Type': 'text/plain' } });
  expect(wrongType.status()).toBe(415);
});
