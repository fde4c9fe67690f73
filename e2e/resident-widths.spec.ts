import { expect, test, type Browser, type Page } from '@playwright/test';
import { localizedPath, type Locale } from '../lib/i18n/locales';
import { expectNoAxeViolations } from './support/axe';
import { CASES, untilServed } from './support/cases';
import { expectNoHorizontalScroll } from './support/layout';
import { catalogs, createLongCase, longEmail, LONG_WORD } from './support/long-content';
import { withoutAppScripts } from './support/no-script';
import { e2eDatabase } from './support/staff-sessions';

/*
 * Every resident page at a phone's 320 and 390, a tablet's 768 and a laptop's 1280 CSS pixels,
 * with long content: a case of the test's own with a long title, a long item heading and text
 * (support/long-content.ts), and a comment with a 300-character word and a 64-character e-mail
 * address. Each state is reached once, as a resident reaches it, and proven reached; then at
 * each width: the page does not scroll sideways, no element sticks out of the window (a table
 * that scrolls inside its own box counts too), and axe finds nothing (see atEveryWidth).
 *
 * JavaScript on and off in Japanese and in Portuguese, furigana (?ruby=1, pages without
 * scripts), and every other language once. (At 320 px with the seeded content every language
 * is walked by e2e/i18n.spec.ts; this walk adds the other widths and the long content.)
 * With E2E_SCREENSHOTS=1, full-page screenshots at 390 and 768 px of the case, an item, the
 * form, the confirmation, the receipt and a published result land in the test's output folder,
 * to be looked at.
 */

const WIDTHS = [320, 390, 768, 1280] as const;
const SCREENSHOT_WIDTHS: readonly number[] = [390, 768];
const caseOf = (slug: string) => `/consultations/${slug}`;
const { closed } = CASES;

type Variant = {
  locale: Locale;
  javaScript: boolean;
  ruby?: boolean;
  /** Screenshots of the main steps (with E2E_SCREENSHOTS=1). */
  screenshots?: boolean;
  /** The one width at which axe runs (every width if not given). */
  axeWidth?: (typeof WIDTHS)[number];
};
const VARIANTS: Variant[] = [
  { locale: 'ja', javaScript: true, screenshots: true },
  { locale: 'ja', javaScript: false, axeWidth: 390 },
  { locale: 'ja', javaScript: true, ruby: true, screenshots: true, axeWidth: 768 },
  { locale: 'pt-BR', javaScript: true, screenshots: true, axeWidth: 1280 },
  { locale: 'pt-BR', javaScript: false, axeWidth: 768 },
  { locale: 'ja-x-easy', javaScript: false, axeWidth: 1280 },
  { locale: 'en', javaScript: true, axeWidth: 390 },
  { locale: 'vi', javaScript: false, axeWidth: 320 },
  { locale: 'es', javaScript: true, axeWidth: 768 },
  { locale: 'tl', javaScript: false, axeWidth: 1280 },
  { locale: 'zh-Hans', javaScript: true, axeWidth: 320 },
  { locale: 'ne', javaScript: false, axeWidth: 390 },
];
const nameOf = (v: Variant) => `${v.locale}${v.ruby ? ' with furigana' : ''}, JavaScript ${v.javaScript ? 'on' : 'off'}`;

type LongCase = Awaited<ReturnType<typeof createLongCase>>;
let longCase: LongCase;

test.beforeAll(async ({ request }, testInfo) => {
  const sql = e2eDatabase(testInfo.project.use.baseURL!);
  try {
    longCase = await createLongCase(sql, 'widths');
  } finally {
    await sql.end();
  }
  await untilServed(request, caseOf(longCase.slug));
  // The home page comes from the page cache, which a change of public content empties (a NOTIFY).
  await expect.poll(async () => (await request.get('/')).text(), { timeout: 20_000 }).toContain(longCase.slug);
});

/**
 * The checks at every width, on the page as it is now. axe runs at every width in Japanese with
 * JavaScript on; in the other variants at one width each (`axeWidth`), so each width meets axe
 * with JavaScript off, with furigana and in other languages, within the time a run can spare.
 * `screenshot`: the part of the page to look at (from the top, or from an element), 2,000 px of it.
 */
async function atEveryWidth(page: Page, v: Variant, state: string, screenshot?: { from?: string }) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const label = `${nameOf(v)}: ${state} at ${width}px`;
    await expectNoHorizontalScroll(page, label, 'body', { tablesMayScroll: false });
    if (v.axeWidth === undefined || v.axeWidth === width) await expectNoAxeViolations(page);
    if (screenshot && v.screenshots && process.env.E2E_SCREENSHOTS && SCREENSHOT_WIDTHS.includes(width)) {
      const name = `${v.locale}${v.ruby ? '-ruby' : ''}-${state.replace(/\W+/g, '-')}-${width}.png`;
      const top = screenshot.from ? await page.locator(screenshot.from).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY) : 0;
      // Sections with content-visibility: auto are not painted outside the window: paint them all for the picture.
      // (Through the CSSOM: the page's CSP refuses an added <style>.)
      await page.evaluate(() => document.querySelectorAll<HTMLElement>('.case-items, .result-section').forEach((e) => (e.style.contentVisibility = 'visible')));
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: test.info().outputPath(name), fullPage: true, clip: { x: 0, y: top, width, height: Math.min(2000, height - top) } });
    }
  }
}

async function walk(browser: Browser, v: Variant) {
  const t = catalogs[v.locale];
  const c = longCase;
  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 800 } });
  if (!v.javaScript) await withoutAppScripts(context);
  const page = await context.newPage();
  /** The page in the variant's language, with furigana if it asks for them. */
  const url = (path: string, query = '') => {
    const params = new URLSearchParams(query);
    if (v.ruby) params.append('ruby', '1');
    const search = params.toString();
    return localizedPath(v.locale, path) + (search ? `?${search}` : '');
  };
  const open = async (path: string, query = '', status = 200) => {
    const response = await page.goto(url(path, query));
    expect(response?.status(), url(path, query)).toBe(status);
    await expect(page.locator('html')).toHaveAttribute('lang', v.locale);
    // The app's bootstrap script sets window.next; pages with furigana are served without scripts
    // (the 404 page has none and keeps its scripts).
    expect(await page.evaluate(() => 'next' in window), 'the app runs its scripts').toBe(v.javaScript && !(v.ruby && status === 200));
  };
  const h1 = page.locator('h1');

  await open('/');
  await expect(page.locator('.case-card').filter({ has: page.locator(`a[href$="${caseOf(c.slug)}${v.ruby ? '?ruby=1' : ''}"]`) })).toContainText(c.title);
  await atEveryWidth(page, v, 'home');

  await open(caseOf(c.slug));
  await expect(h1).toContainText(c.title);
  await expect(page.locator('table a', { hasText: c.heading })).toBeVisible();
  await atEveryWidth(page, v, 'case', { from: '#items' });

  await open(`${caseOf(c.slug)}/items/1`);
  await expect(h1).toContainText(c.heading);
  await expect(page.locator('.compare ins').first()).toBeVisible();
  await atEveryWidth(page, v, 'item', {});

  await open(`${caseOf(c.slug)}/results`);
  await expect(page.getByText(t.results!.notPublished!)).toBeVisible();
  await atEveryWidth(page, v, 'results not published');

  await open(`${caseOf(closed.slug)}/results`);
  await expect(page.getByTestId('result-table')).toBeVisible();
  await atEveryWidth(page, v, 'results', { from: '#table-heading' });

  await open(`${caseOf(c.slug)}/items/9999`, '', 404);
  await expect(h1).toHaveText(t.errors!.notFoundTitle!);
  await atEveryWidth(page, v, '404');

  // The comment form with the long item chosen, filled in with the long content.
  const email = longEmail(`${v.locale}${v.ruby ? 'r' : ''}${v.javaScript ? 'j' : 'n'}`);
  expect(email).toHaveLength(64);
  const opinion = `年少人口の目標について意見します。${LONG_WORD}`;
  await open(`${caseOf(c.slug)}/comment`, 'item=1');
  await expect(h1).toHaveText(t.comment!.title!);
  await expect(page.locator('[name="opinions.0.itemNumber"] option[value="1"]')).toHaveJSProperty('selected', true);
  await page.locator('[name="submitter.name"]').fill('伊勢崎 花子');
  await page.locator('[name="submitter.address"]').fill('群馬県伊勢崎市今泉町二丁目410番地 伊勢崎中央ステーションフロントレジデンス1203号室');
  await page.locator('[name="submitter.category"]').selectOption('市内在住');
  await page.locator('[name="submitter.email"]').fill(email);
  await page.locator('[name="opinions.0.text"]').fill(opinion);
  await page.locator('[name="consent"]').check();
  await atEveryWidth(page, v, 'form', {});

  await page.locator('button[name="intent"][value="confirm"]').click();
  await expect(h1).toHaveText(t.comment!.confirmTitle!);
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.locator('.opinion-text', { hasText: LONG_WORD })).toBeVisible();
  await atEveryWidth(page, v, 'confirmation', {});

  await page.locator('button[name="intent"][value="send"]').click();
  await expect(h1).toHaveText(t.comment!.receiptTitle!);
  await expect(page.getByText(email)).toBeVisible();
  const receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
  await atEveryWidth(page, v, 'receipt', {});

  // The lookup, empty and with its answer (the long item heading and the long word).
  await open(`${caseOf(c.slug)}/lookup`);
  await expect(h1).toHaveText(t.lookup!.title!);
  await atEveryWidth(page, v, 'lookup');
  await page.locator('[name="receiptNumber"]').fill(receiptNumber);
  await page.locator('[name="secret"]').fill(email);
  await page.locator('form.lookup-form button[type="submit"]').click();
  const answer = page.getByTestId('lookup-answer');
  await expect(answer.locator('h2')).toHaveText(t.lookup!.foundHeading!.replace('{receiptNumber}', receiptNumber));
  await expect(answer).toContainText(c.heading);
  await atEveryWidth(page, v, 'lookup answer');
  await context.close();
}

for (const v of VARIANTS) {
  test(`every resident page at ${WIDTHS.join(', ')} px with long content: ${nameOf(v)}`, async ({ browser }) => {
    test.setTimeout(180_000);
    await walk(browser, v);
  });
}
