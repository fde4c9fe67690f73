import { expect, test, type Browser, type Page } from '@playwright/test';
import { LOCALE_NAMES, LOCALES, localizedPath, type Locale } from '../lib/i18n/locales';
import { expectNoAxeViolations } from './support/axe';
import { expectNoHorizontalScroll } from './support/layout';
import { catalogs, longEmail, LONG_WORD, type Catalog } from './support/long-content';
import { mailTo } from './support/mail';
import { CASES } from './support/cases';
import { withoutAppScripts } from './support/no-script';
import { validate, type Served } from './support/vnu';

/*
 * Every resident route in every language: the page's `lang`, the switcher and the hreflang
 * links, axe, reflow at 320 CSS pixels and the Nu Html Checker; then the comment flow, with
 * JavaScript off, in Japanese, やさしい日本語, Vietnamese and Portuguese (and on, in every other language),
 * with a 64-character e-mail address and a 300-character unbroken word on a 320px screen,
 * ending with the receipt mail in the language of the form.
 * One browser context per language. PostgreSQL project only: the markup does not depend on the
 * database.
 */

/** A message with its ICU arguments left out (for matching text that contains them). */
const plain = (message: string) => message.split(/\{[^}]*\}|<[^>]*>/)[0]!.trim();

const { open, closed, upcoming } = CASES;
const caseOf = (slug: string) => `/consultations/${slug}`;
/** Resident routes (without a language), with a text only that page shows in `locale`. */
const ROUTES: { path: string; status?: number; shows: (t: Catalog) => string }[] = [
  { path: '/', shows: (t) => t.home!.title! },
  { path: caseOf(open.slug), shows: (t) => t.consultation!.overview! },
  { path: caseOf(closed.slug), shows: (t) => t.consultation!.closedNotice! },
  { path: caseOf(upcoming.slug), shows: (t) => plain(t.consultation!.upcomingNotice!) },
  { path: `${caseOf(open.slug)}/items/23`, shows: (t) => t.item!.commentHeading! },
  { path: `${caseOf(open.slug)}/items/7`, shows: (t) => t.item!.noBefore! },
  { path: `${caseOf(open.slug)}/comment`, shows: (t) => t.comment!.privacyHeading! },
  { path: `${caseOf(closed.slug)}/comment`, shows: (t) => t.comment!.closed! },
  { path: `${caseOf(closed.slug)}/results`, shows: (t) => t.results!.table! },
  { path: `${caseOf(open.slug)}/results`, shows: (t) => t.results!.notPublished! },
  { path: `${caseOf(open.slug)}/lookup`, shows: (t) => t.lookup!.lead! },
  { path: `${caseOf(open.slug)}/items/9999`, status: 404, shows: (t) => t.errors!.notFoundTitle! },
];


/** Every fragment of the case's own text is marked Japanese in a page of another language. */
async function expectLangs(page: Page, locale: Locale, label: string) {
  await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
  const switcher = page.getByRole('navigation', { name: catalogs[locale].site!.languages! });
  await expect(switcher.getByRole('list').getByRole('link'), label).toHaveCount(LOCALES.length);
  await expect(switcher.locator('a[aria-current="true"]'), label).toHaveText(LOCALE_NAMES[locale]);
  for (const l of LOCALES) await expect(switcher.getByRole('link', { name: LOCALE_NAMES[l], exact: true }), label).toHaveAttribute('lang', l);
}

/**
 * Every text of the page that holds `text` whole is inside an element whose language is exactly
 * `ja` (not the page's language, nor やさしい日本語: the official text is plain Japanese), and there is one.
 */
async function expectMarkedJapanese(page: Page, text: string, label: string) {
  const found = await page.locator('body').evaluate((body, wanted) => {
    const out: { lang: string; html: string }[] = [];
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.includes(wanted) || parent.closest('script, style, template')) continue;
      out.push({ lang: parent.closest('[lang]')?.getAttribute('lang') ?? '', html: parent.outerHTML.slice(0, 160) });
    }
    return out;
  }, text);
  expect(found.length, `${label}: ${text} shown`).toBeGreaterThan(0);
  expect(found.filter((f) => f.lang !== 'ja'), `${label}: ${text} not marked lang="ja"`).toEqual([]);
}

for (const locale of LOCALES) {
  test(`every resident route in ${locale}: lang, switcher, hreflang, axe, 320px`, async ({ browser }) => {
    test.setTimeout(180_000);
    const t = catalogs[locale];
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    for (const route of ROUTES) {
      const url = localizedPath(locale, route.path);
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(route.status ?? 200);
      await expect(page.getByText(route.shows(t), { exact: false }).first(), url).toBeVisible();
      await expectLangs(page, locale, url);
      if (route.status === undefined) {
        // Alternates for every language and x-default, each to the same page in that language.
        const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((links) => links.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]));
        // Absolute, on the configured origin (AUTH_URL is the base URL here): hreflang needs full URLs.
        const origin = new URL(test.info().project.use.baseURL!).origin;
        expect(alternates, url).toEqual([...LOCALES.map((l) => [l, `${origin}${localizedPath(l, route.path)}`]), ['x-default', `${origin}${route.path}`]]);
      }
      if (locale !== 'ja' && route.path.startsWith(caseOf(open.slug)) && route.status === undefined) {
        // The official text stays Japanese and says so in the reader's language.
        if (!route.path.includes('/comment') && !route.path.endsWith('/results')) await expect(page.getByText(t.site!.officialTextNote!), url).toBeVisible();
      }
      const shown = Object.values(CASES).find((c) => route.path.startsWith(`${caseOf(c.slug)}/`) || route.path === caseOf(c.slug));
      if (locale !== 'ja' && shown && route.status === undefined) {
        // The case's title, wherever it stands whole (breadcrumbs, headings, sentences of the
        // reader's language such as the form's lead and the results heading), is marked lang="ja".
        await expectMarkedJapanese(page, shown.title, url);
        if (route.path.endsWith('/results')) await expect(page.locator('h1 [lang="ja"]'), url).toHaveText(shown.title);
        if (route.path === `${caseOf(open.slug)}/comment`) await expect(page.locator('main p', { hasText: shown.title }).locator('[lang="ja"]'), url).toHaveText(shown.title);
      }
      if (route.status === 404) {
        // The way back keeps the language.
        await expect(page.getByRole('link', { name: t.errors!.backHome!, exact: true }), url).toHaveAttribute('href', localizedPath(locale, '/'));
      }
      await expectNoHorizontalScroll(page, url);
      await expectNoAxeViolations(page);
    }
    // In-site links keep the language.
    await page.goto(localizedPath(locale, caseOf(open.slug)));
    const itemHref = await page.locator('table a').first().getAttribute('href');
    expect(itemHref).toBe(localizedPath(locale, `${caseOf(open.slug)}/items/1`));
    await context.close();
  });
}

test('the HTML of every resident route in every language is valid (Nu Html Checker)', async ({ request }) => {
  test.setTimeout(180_000);
  const documents: Served[] = [];
  for (const locale of LOCALES) {
    for (const route of ROUTES) {
      const url = localizedPath(locale, route.path);
      const response = await request.get(url);
      expect(response.status(), url).toBe(route.status ?? 200);
      documents.push({ label: `GET ${url}`, html: await response.text() });
    }
  }
  expect(validate(documents)).toEqual([]);
});

test('the language is chosen by the URL only, never by the browser', async ({ browser, request }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ locale: 'vi-VN', extraHTTPHeaders: { 'Accept-Language': 'vi,en;q=0.5' } });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  // A client cannot choose the language with a header either: the proxy sets it.
  const spoofed = await request.get('/', { headers: { 'x-resident-locale': 'en', 'X-NEXT-INTL-LOCALE': 'en' } });
  expect(await spoofed.text()).toContain('<html lang="ja"');
  // The switcher leads to the same page in the chosen language.
  await page.goto(`${caseOf(open.slug)}/items/23`);
  await page.getByRole('link', { name: 'Tiếng Việt', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/vi${caseOf(open.slug)}/items/23$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(catalogs.vi.item!.title!.replace('{number}', '23'));
  await context.close();
});



const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field's label: its name, then the required/optional mark, if any (so 住所 is not メールアドレス's prefix). */
const fieldLabel = (t: Catalog, text: string) => new RegExp(`^${escape(text)}( (${escape(t.comment!.required!)}|${escape(t.comment!.optional!)}))?$`);

/** The submitter's category read back: the Japanese value marked lang="ja", its meaning beside it in another language. */
async function expectCategory(page: Page, locale: Locale, meaning: string, step: string) {
  const value = page.locator('dd', { hasText: '市内在住' });
  await expect(value.locator('[lang="ja"]'), step).toHaveText('市内在住');
  if (locale === 'ja') await expect(value, step).toHaveText('市内在住');
  else await expect(value.getByTestId('category-meaning'), step).toHaveText(`(${meaning})`);
}

async function commentFlow(browser: Browser, locale: Locale, javaScript: boolean) {
  const t = catalogs[locale];
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  if (!javaScript) await withoutAppScripts(context);
  const page = await context.newPage();
  const documents: Served[] = [];
  const keep = async (name: string, action: () => Promise<unknown>) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && r.status() === 200),
      action(),
    ]);
    documents.push({ label: `${locale} ${name}`, html: await response.text() });
  };
  // Each run its own address, of 64 characters.
  const email = longEmail(locale);
  expect(email).toHaveLength(64);

  await keep('form', () => page.goto(localizedPath(locale, `${caseOf(open.slug)}/comment`)));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.comment!.title!);
  await page.getByLabel(fieldLabel(t, t.comment!.name!)).fill('Nguyễn Văn An');
  await page.getByLabel(fieldLabel(t, t.comment!.address!)).fill('伊勢崎市今泉町二丁目410番地');
  await page.getByLabel(fieldLabel(t, t.comment!.category!)).selectOption('市内在住');
  // The categories stay Japanese (the city's record); what each means is said in the reader's language.
  const meaning = (t.comment!.categoryNames as unknown as Record<string, string>).resident!;
  await expect(page.getByLabel(fieldLabel(t, t.comment!.category!))).toHaveAccessibleDescription(new RegExp(escape(meaning)));
  await expect(page.getByTestId('category-meaning').filter({ hasText: meaning }).locator('[lang="ja"]')).toHaveText('市内在住');
  await page.getByLabel(fieldLabel(t, t.comment!.email!)).fill(email);
  await page.getByLabel(fieldLabel(t, t.comment!.opinionText!)).fill(LONG_WORD);
  await page.getByLabel(t.comment!.consent!).check();
  const toConfirm = () => page.getByRole('button', { name: t.comment!.toConfirm! }).click();
  if (javaScript) await toConfirm();
  else await keep('confirmation', toConfirm);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.comment!.confirmTitle!);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.getByText(email)).toBeVisible();
  await expectCategory(page, locale, meaning, 'confirmation');
  await expectNoHorizontalScroll(page, `${locale} confirmation`);
  await expectNoAxeViolations(page);
  const send = () => page.getByRole('button', { name: t.comment!.send!, exact: true }).click();
  if (javaScript) await send();
  else await keep('receipt', send);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.comment!.receiptTitle!);
  await expect(page.getByText(t.comment!.opinionWhole!, { exact: false }).first()).toBeVisible();
  await expectCategory(page, locale, meaning, 'receipt');
  await expectNoHorizontalScroll(page, `${locale} receipt`);
  await expectNoAxeViolations(page);
  const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
  // Later, the resident finds how the opinion was answered (e2e/lookup.spec.ts).
  await expect(page.getByRole('link', { name: t.comment!.lookupLink! })).toHaveAttribute('href', localizedPath(locale, `${caseOf(open.slug)}/lookup`));
  await page.getByRole('link', { name: t.comment!.backToCase! }).click();
  await expect(page).toHaveURL(new RegExp(`${escape(localizedPath(locale, caseOf(open.slug)))}$`));
  await context.close();

  const mail = await mailTo(email);
  expect(mail.subject).toBe(t.comment!.mailSubject!.replace('{receiptNumber}', receiptNumber));
  // The opinion's item in the reader's language; never the typed text (the address is unverified: SECURITY.md, M4).
  expect(mail.text).toContain(`■ ${t.comment!.opinionWhole!}`);
  expect(mail.text).not.toContain(LONG_WORD);
  if (documents.length) expect(validate(documents)).toEqual([]);
}

const WITHOUT_JAVASCRIPT: readonly Locale[] = ['ja', 'ja-x-easy', 'vi', 'pt-BR'];
for (const locale of LOCALES) {
  const javaScript = !WITHOUT_JAVASCRIPT.includes(locale);
  test(`the comment flow ${javaScript ? 'with' : 'without'} JavaScript in ${locale}, long content at 320px, receipt mail in ${locale}`, async ({ browser }) => {
    test.setTimeout(120_000);
    await commentFlow(browser, locale, javaScript);
  });
}

test('furigana on request: a link, without JavaScript, readings over kanji that copying leaves out', async ({ browser, request }) => {
  // The first such page loads the dictionary (seconds); the Nu checker starts a JVM.
  test.setTimeout(120_000);
  const path = `${caseOf(open.slug)}/items/23`;
  const documents: Served[] = [];
  for (const locale of ['ja', 'ja-x-easy', 'vi'] as const) {
    const url = `${localizedPath(locale, path)}?ruby=1`;
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    const html = await response.text();
    expect(html, url).not.toContain('<script');
    expect(html, url).toContain('<ruby>伊勢崎<rt data-ruby="いせさき"></rt></ruby>');
    documents.push({ label: `GET ${url}`, html });
  }
  expect(validate(documents)).toEqual([]);

  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto(path);
  // The switch is a plain link: it works with JavaScript off.
  await page.getByRole('link', { name: catalogs.ja.site!.rubyOn! }).click();
  await expect(page).toHaveURL(new RegExp(`${escape(path)}\\?ruby=1$`));
  await expect(page.locator('h1 ruby').first()).toBeVisible();
  // The reading shows (generated content) but is not part of the text: copying a title copies the title only.
  const title = page.getByRole('navigation', { name: catalogs.ja.site!.breadcrumbs! }).getByRole('link').nth(1);
  expect(await title.evaluate((e) => getComputedStyle(e.querySelector('rt')!, '::before').content)).toBe('"だい"');
  const copied = await title.evaluate((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const selection = getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    return selection.toString();
  });
  expect(copied).toBe(open.title);
  await expectNoHorizontalScroll(page, `${path}?ruby=1`);
  await expectNoAxeViolations(page);
  // Links keep furigana on; the switch turns them off.
  // (Link names now include the readings, as a screen reader reads them: find links by their text.)
  await expect(page.locator('a', { hasText: catalogs.ja.item!.backToCase! })).toHaveAttribute('href', `${caseOf(open.slug)}?ruby=1#items`);
  await page.getByRole('link', { name: catalogs.ja.site!.rubyOff! }).click();
  await expect(page).toHaveURL(new RegExp(`${escape(path)}$`));
  await expect(page.locator('ruby')).toHaveCount(0);
  await context.close();
});

test('the furigana switch keeps the page\'s other query parameters, on and off, without JavaScript', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  await withoutAppScripts(context);
  const page = await context.newPage();
  const toggle = page.locator('a[data-ruby-toggle]');
  const query = () => Object.fromEntries(new URL(page.url()).searchParams);
  const form = `${caseOf(open.slug)}/comment`;
  await page.goto(`${form}?item=23`);
  await toggle.click();
  await expect(page).toHaveURL((url) => url.pathname === form && url.searchParams.get('ruby') === '1');
  expect(query()).toEqual({ item: '23', ruby: '1' });
  await expect(page.locator('h1 ruby').first()).toBeAttached();
  // Still the item the URL chose (the form preselects it).
  await expect(page.locator('option[value="23"]')).toHaveJSProperty('selected', true);
  await toggle.click();
  await expect(page).toHaveURL((url) => url.pathname === form && !url.searchParams.has('ruby'));
  expect(query()).toEqual({ item: '23' });
  await expect(page.locator('ruby')).toHaveCount(0);
  await expect(page.locator('option[value="23"]')).toHaveJSProperty('selected', true);

  // A results page in another language: the page number stays, only `ruby` comes and goes.
  const results = `/vi${caseOf(closed.slug)}/results`;
  await page.goto(`${results}?page=2&version=1`);
  await expect(toggle).toHaveAttribute('href', `${results}?page=2&version=1&ruby=1`);
  await page.goto(`${results}?ruby=1&page=2`);
  await expect(toggle).toHaveAttribute('href', `${results}?page=2`);
  // Without other parameters, the canonical spellings (the only ones the page cache keeps).
  await page.goto(results);
  await expect(toggle).toHaveAttribute('href', `${results}?ruby=1`);
  await context.close();
});

test('a resident page that fails shows the error page in the reader\'s language, without internal detail', async ({ browser, request }) => {
  // scripts/e2e-server.sh sets E2E_RENDER_ERROR=1: the case page throws for this parameter (lib/testing/e2e-render-error.ts).
  const url = `${localizedPath('vi', caseOf(open.slug))}?e2e-render-error=1`;
  const t = catalogs.vi.errors!;
  const response = await request.get(url);
  expect(response.status()).toBe(500);
  const html = await response.text();
  // Nothing of the error reaches the reader: not its message, not a path, not a stack frame.
  for (const leak of ['internal detail', '/srv/secret', 'e2e render error', 'e2e-render-error.ts', '    at ', 'node_modules']) expect(html, leak).not.toContain(leak);
  // Not kept by the page cache (a query string), nor told apart by it.
  expect(response.headers()['x-page-cache']).toBeUndefined();

  // The error boundary draws the page in the browser. (Without JavaScript the reader gets an
  // empty 500 page: Next.js renders a page that throws as a bare shell on the server.)
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.errorTitle!);
  await expect(page.getByText(t.errorBody!)).toBeVisible();
  await expect(page.getByRole('button', { name: t.retry! })).toBeVisible();
  await expect(page.getByRole('link', { name: t.backHome! })).toHaveAttribute('href', localizedPath('vi', '/'));
  await expectNoAxeViolations(page);
  const shown = await page.content();
  for (const leak of ['internal detail', '/srv/secret', 'e2e render error']) expect(shown, leak).not.toContain(leak);
  // The link home keeps the language.
  await page.getByRole('link', { name: t.backHome! }).click();
  await expect(page).toHaveURL((u) => u.pathname === localizedPath('vi', '/'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await context.close();
});

/** Ruby over the page's kanji: the readings server.mjs adds, never React's (the page has no scripts). */
const RUBY = /<ruby>[^<]+<rt data-ruby="[^"]+"><\/rt><\/ruby>/;

test('furigana stay on with other query parameters and through the case filter form', async ({ browser, request }) => {
  test.setTimeout(120_000);
  for (const url of [`${caseOf(open.slug)}/comment?item=23&ruby=1`, `/vi${caseOf(closed.slug)}/results?page=1&ruby=1`, `${caseOf(closed.slug)}/results?version=1&ruby=1`, `${caseOf(open.slug)}?kind=&ruby=1`]) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    const html = await response.text();
    expect(RUBY.test(html), `${url} has ruby`).toBe(true);
    expect(html.includes('<script'), `${url} has scripts`).toBe(false);
    // Not kept: only the canonical `?ruby=1` spelling is (lib/page-cache-contract.mjs).
    expect(response.headers()['x-page-cache'], url).toBeUndefined();
  }
  // The form preselects the item of its query and still says furigana are on (the switch turns them off).
  const form = await request.get(`${caseOf(open.slug)}/comment?item=23&ruby=1`);
  expect(/<option value="23"[^>]*selected/.test(await form.text())).toBe(true);

  // The case's filter form (a GET form) keeps ruby=1: the filtered list has furigana too.
  const context = await browser.newContext();
  await withoutAppScripts(context);
  const page = await context.newPage();
  await page.goto(`${caseOf(open.slug)}?ruby=1`);
  await page.locator('#filter-q').fill('人口');
  await page.locator('#filter-q').press('Enter');
  await expect(page).toHaveURL(/[?&]q=/);
  expect(new URL(page.url()).searchParams.get('ruby')).toBe('1');
  await expect(page.locator('h1 ruby').first()).toBeAttached();
  await context.close();
});

// With JavaScript on too: a page with furigana is served without scripts (lib/furigana/ruby.mjs),
// so its forms post as they do without JavaScript.
for (const javaScript of [false, true]) {
  test(`furigana follow the comment form to its confirmation and receipt, and the lookup to its answer, ${javaScript ? 'with' : 'without'} JavaScript`, async ({ browser }) => {
    test.setTimeout(120_000);
    const t = catalogs.ja;
    const context = await browser.newContext();
    if (!javaScript) await withoutAppScripts(context);
    const page = await context.newPage();
    const form = `${caseOf(open.slug)}/comment`;
    /** The step's heading (its text without the readings, which are generated content) and ruby on the page. */
    const expectStepWithRuby = async (heading: string, step: string) => {
      await expect(page.locator('h1'), step).toHaveText(heading);
      expect(new URL(page.url()).searchParams.get('ruby'), step).toBe('1');
      await expect(page.locator('h1 ruby').first(), step).toBeAttached();
      await expect(page.locator('main ruby rt[data-ruby]').first(), step).toBeAttached();
      expect(await page.locator('script[src]').count(), step).toBe(0);
    };
    await page.goto(`${form}?ruby=1`);
    await expectStepWithRuby(t.comment!.title!, 'form');
    const email = `ruby-${Date.now()}@example.jp`;
    await page.locator('[name="submitter.name"]').fill('伊勢崎 花子');
    await page.locator('[name="submitter.address"]').fill('伊勢崎市今泉町二丁目410番地');
    await page.locator('[name="submitter.category"]').selectOption('市内在住');
    await page.locator('[name="submitter.email"]').fill(email);
    await page.locator('[name="opinions.0.text"]').fill('ふりがなのついた画面から意見を出します。');
    await page.locator('[name="consent"]').check();
    await page.locator('button', { hasText: t.comment!.toConfirm! }).click();
    await expectStepWithRuby(t.comment!.confirmTitle!, 'confirmation');
    await expect(page.getByText(email)).toBeVisible();
    await page.locator('button', { hasText: t.comment!.send! }).first().click();
    await expectStepWithRuby(t.comment!.receiptTitle!, 'receipt');
    const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
    // The receipt's links keep furigana on.
    await expect(page.locator('a', { hasText: t.comment!.lookupLink! })).toHaveAttribute('href', `${caseOf(open.slug)}/lookup?ruby=1`);

    await page.goto(`${caseOf(open.slug)}/lookup?ruby=1`);
    await expectStepWithRuby(t.lookup!.title!, 'lookup');
    await page.locator('[name="receiptNumber"]').fill(receiptNumber);
    await page.locator('[name="secret"]').fill(email);
    await page.locator('form.lookup-form button[type="submit"]').click();
    const answer = page.getByTestId('lookup-answer');
    await expect(answer.locator('h2')).toHaveText(t.lookup!.foundHeading!.replace('{receiptNumber}', receiptNumber));
    expect(new URL(page.url()).searchParams.get('ruby')).toBe('1');
    await expect(answer.locator('ruby').first()).toBeAttached();
    await context.close();
  });
}
