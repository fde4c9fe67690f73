import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { localizedPath, type Locale } from '../lib/i18n/locales';
import { expectNoAxeViolations } from './support/axe';
import { createCase, untilServed } from './support/cases';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';
import { validate, type Served } from './support/vnu';

/*
 * 「意見の扱いを確かめる」 (#16, item 4): a resident finds their own opinions with the receipt
 * number and the e-mail address, in every JS-off language the flow is tested in; a typo in the
 * number is caught in the browser before any request (and by the server without JavaScript);
 * someone else's number answers exactly as an unknown one; after publication, the row of the
 * result that answers each opinion. PostgreSQL project: the spec reads and writes the database.
 */

type Catalog = Record<string, Record<string, string>>;
const catalog = (locale: Locale) => JSON.parse(readFileSync(new URL(`../messages/${locale}.json`, import.meta.url), 'utf8')) as Catalog;

let sql: postgres.Sql;
connectE2eDatabase((connected) => (sql = connected));

/** A submission through the public API; the receipt number is the real one (valid check character). */
async function submit(browserContext: BrowserContext, slug: string, email: string, texts: { itemNumber: number | null; text: string }[]): Promise<string> {
  const response = await browserContext.request.post(`/api/consultations/${slug}/submissions`, {
    headers: { 'idempotency-key': randomUUID() },
    data: { submitter: { name: '伊勢崎 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email }, opinions: texts, consent: true },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { receiptNumber: string }).receiptNumber;
}

/** A context of its own client address: the lookup is rate-limited per client. */
const newClient = (browser: Browser, javaScript: boolean) =>
  browser
    .newContext({ viewport: { width: 320, height: 640 }, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}, 10.9.${Math.floor(Math.random() * 250)}.1` } })
    .then(async (context) => {
      if (!javaScript) await withoutAppScripts(context);
      return context;
    });

async function expectNoHorizontalScroll(page: Page, label: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), label).toBe(320);
}

/** A typo in the last character (the check character). */
const typo = (receiptNumber: string) => receiptNumber.slice(0, -1) + (receiptNumber.endsWith('1') ? '2' : '1');

test('with JavaScript: a typo is caught before any request; own rows only; someone else’s number answers as unknown', async ({ browser }) => {
  test.setTimeout(90_000);
  const t = catalog('ja').lookup!;
  const c = await createCase(sql, { prefix: 'lookup' });
  const context = await newClient(browser, true);
  await untilServed(context.request, `/consultations/${c.slug}/lookup`);
  const email = `lookup-${randomUUID()}@example.jp`;
  const mine = await submit(context, c.slug, email, [{ itemNumber: 3, text: '第3項についての意見です。' }, { itemNumber: null, text: '全体についての意見です。' }]);
  const theirs = await submit(context, c.slug, `someone-${randomUUID()}@example.jp`, [{ itemNumber: 7, text: '他の人の意見です。' }]);

  const page = await context.newPage();
  await page.goto(`/consultations/${c.slug}/lookup`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title!);
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));

  await page.getByRole('textbox', { name: t.receiptNumber!, exact: true }).fill(typo(mine));
  await page.getByRole('textbox', { name: t.secret!, exact: true }).fill(email);
  await page.getByRole('button', { name: t.submit! }).click();
  await expect(page.getByText(t.receiptNumberInvalid!)).toBeVisible();
  await expect(page.getByRole('textbox', { name: t.receiptNumber!, exact: true })).toBeFocused();
  await expect(page.getByRole('textbox', { name: t.receiptNumber!, exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(posts).toEqual([]);
  await expectNoAxeViolations(page);

  await page.getByRole('textbox', { name: t.receiptNumber!, exact: true }).fill(mine.toLowerCase());
  await page.getByRole('button', { name: t.submit! }).click();
  const answer = page.getByTestId('lookup-answer');
  await expect(answer.getByRole('heading', { level: 2 })).toHaveText(t.foundHeading!.replace('{receiptNumber}', mine));
  await expect(answer.getByRole('heading', { level: 2 })).toBeFocused();
  expect(posts).toHaveLength(1);
  // Own opinions, by item, and nothing of the other submission.
  await expect(answer.getByTestId('lookup-opinion')).toHaveCount(2);
  expect(await answer.getByTestId('lookup-opinion').evaluateAll((li) => li.map((e) => e.getAttribute('data-item')))).toEqual(['3', '']);
  await expect(answer).toContainText(t.pending!);
  // No name, address or text, the asker's own included.
  for (const text of ['伊勢崎 太郎', '今泉町', '他の人の意見', '第3項についての意見']) await expect(page.locator('main')).not.toContainText(text);
  await expectNoHorizontalScroll(page, 'found');
  await expectNoAxeViolations(page);

  // Someone else's number with my e-mail, and a number nobody has: the same answer.
  const answers: string[] = [];
  for (const number of [theirs, '0000-0000-0']) {
    await page.getByRole('textbox', { name: t.receiptNumber!, exact: true }).fill(number);
    await page.getByRole('textbox', { name: t.secret!, exact: true }).fill(email);
    await page.getByRole('button', { name: t.submit! }).click();
    await expect(page.getByTestId('lookup-answer')).toHaveText(t.notFound!);
    await expect(page.getByRole('button', { name: t.submit! })).toBeEnabled();
    answers.push(await page.getByTestId('lookup-answer').evaluate((e) => e.outerHTML));
  }
  expect(answers[0]).toBe(answers[1]);
  await expectNoAxeViolations(page);
  await context.close();
});

for (const locale of ['ja', 'ja-x-easy', 'vi', 'pt-BR'] as const) {
  test(`without JavaScript in ${locale}: the server checks the number, then shows the asker’s rows; 320 px, axe, valid HTML`, async ({ browser }) => {
    test.setTimeout(90_000);
    const t = catalog(locale).lookup!;
    const c = await createCase(sql, { prefix: 'lookup' });
    const context = await newClient(browser, false);
    const path = localizedPath(locale, `/consultations/${c.slug}/lookup`);
    await untilServed(context.request, path);
    const email = `${'l'.repeat(40)}-${randomUUID().slice(0, 8)}@example.jp`;
    const mine = await submit(context, c.slug, email, [{ itemNumber: 12, text: 'Ý kiến của tôi' }]);
    const page = await context.newPage();
    const documents: Served[] = [];
    const post = async (name: string) => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
        page.getByRole('button', { name: t.submit! }).click(),
      ]);
      documents.push({ label: `${locale} ${name}`, html: await response.text() });
    };
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);

    await page.getByRole('textbox', { name: t.receiptNumber!, exact: true }).fill(typo(mine));
    await page.getByRole('textbox', { name: t.secret!, exact: true }).fill(email);
    await post('typo');
    await expect(page.getByText(t.receiptNumberInvalid!)).toBeVisible();
    await expect(page.getByRole('textbox', { name: t.receiptNumber!, exact: true })).toHaveValue(typo(mine));
    await expectNoAxeViolations(page);

    await page.getByRole('textbox', { name: t.receiptNumber!, exact: true }).fill(mine);
    await page.getByRole('textbox', { name: t.secret!, exact: true }).fill(email);
    await post('found');
    const answer = page.getByTestId('lookup-answer');
    await expect(answer.getByRole('heading', { level: 2 })).toHaveText(t.foundHeading!.replace('{receiptNumber}', mine));
    await expect(answer.getByTestId('lookup-opinion')).toHaveCount(1);
    await expect(answer.getByTestId('lookup-opinion')).toHaveAttribute('data-item', '12');
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    // The e-mail is never sent back, not even into the field.
    expect(documents.at(-1)!.html).not.toContain(email);
    await expectNoHorizontalScroll(page, `${locale} found`);
    await expectNoAxeViolations(page);
    expect(validate(documents)).toEqual([]);
    await context.close();
  });
}

test('after publication the answer is the row of the result; linked from the results page (the receipt’s link: e2e/i18n.spec.ts)', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const t = catalog('en').lookup!;
  const c = await createCase(sql, { prefix: 'lookup-pub' });
  const context = await newClient(browser, true);
  await untilServed(context.request, `/consultations/${c.slug}`);
  const email = `pub-${randomUUID()}@example.jp`;
  const mine = await submit(context, c.slug, email, [{ itemNumber: 5, text: '私の意見です。' }]);
  await submit(context, c.slug, `other-${randomUUID()}@example.jp`, [{ itemNumber: 5, text: '別の人の意見です。' }]);
  // Staff classify and answer every opinion on item 5 in one approved group (as triage and the
  // response workflow would), then an admin publishes after the period.
  await sql`insert into handling_categories (consultation_id, code, label, position) values (${c.id}, 'C', '今後の参考とする', 0) on conflict do nothing`;
  await sql`update opinions set summary = '項目5についての意見', category_code = 'C', status = 'approved' where consultation_id = ${c.id}`;
  const [group] = await sql<{ id: string }[]>`
    insert into response_groups (consultation_id, item_number, response, category_code, status, approved_at)
    values (${c.id}, 5, '市の考え方：今後の参考とします。', 'C', 'approved', now()) returning id`;
  await sql`insert into response_group_members (group_id, opinion_id) select ${group!.id}, id from opinions where consultation_id = ${c.id}`;
  await sql`update consultations set closes_at = now() - interval '1 minute' where id = ${c.id}`;
  const admin = await createStaff(sql, 'admin', 'lookup');
  const staff = await browser.newContext();
  await signInWithCookie(staff, baseURL!, await createSession(sql, admin.id));
  const staffPage = await staff.newPage();
  await staffPage.goto(`/staff/consultations/${c.slug}/responses`);
  await staffPage.getByRole('button', { name: '実施結果を公表する' }).click();
  await expect.poll(async () => Number((await sql`select count(*)::int as n from result_publications where consultation_id = ${c.id}`)[0]!.n)).toBe(1);
  await staff.close();

  // The results page links to the lookup in the reader's language.
  const page = await context.newPage();
  await page.goto(localizedPath('en', `/consultations/${c.slug}/results`));
  await page.getByRole('link', { name: catalog('en').results!.lookupLink! }).click();
  await expect(page).toHaveURL(new RegExp(`/en/consultations/${c.slug}/lookup$`));
  await page.getByRole('textbox', { name: t.receiptNumber!, exact: true }).fill(mine);
  await page.getByRole('textbox', { name: t.secret!, exact: true }).fill(email);
  await page.getByRole('button', { name: t.submit! }).click();
  const answer = page.getByTestId('lookup-answer');
  await expect(answer.getByTestId('lookup-row-no')).toHaveText(t.answeredIn!.replace('{no}', '1').replace('{version}', '1'));
  await expect(answer.getByTestId('lookup-row')).toContainText('市の考え方：今後の参考とします。');
  await expect(answer.getByTestId('lookup-row')).toContainText('項目5についての意見');
  await expect(answer.getByRole('link', { name: t.resultsLink! })).toHaveAttribute('href', `/en/consultations/${c.slug}/results`);
  await expectNoHorizontalScroll(page, 'published');
  await expectNoAxeViolations(page);
  await context.close();
});
