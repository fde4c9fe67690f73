import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { localizedPath } from '../lib/i18n/locales';
import { expectNoAxeViolations } from './support/axe';
import { CASES, createCase, untilServed } from './support/cases';
import { e2eDatabase } from './support/staff-sessions';

/*
 * #16 item 5, found by trying the resident pages on a phone: titles break between phrases,
 * a live character count that a screen reader hears when typing pauses, focus on the new
 * page's heading after in-site navigation, the results table as one card per row under 600 px;
 * and (item 1) staff's explanation of a case in the reader's language.
 */

const ja = JSON.parse(readFileSync(new URL('../messages/ja.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
const caseOf = (slug: string) => `/consultations/${slug}`;
const { open, closed } = CASES;

test('a case title breaks between phrases (BudouX, rendered on the server as <wbr>), never leaving 「ト）」 alone', async ({ page, request }) => {
  const html = await (await request.get(caseOf(open.slug))).text();
  expect(html).toContain('<span class="phrases">第2期伊勢崎市まち・ひと・しごと<wbr/>創生総合戦略<wbr/>（改訂素案）</span>');
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 700 });
    await page.goto(caseOf(open.slug));
    // Each phrase of the title sits on one line: its characters' boxes share one top.
    const lines = await page.locator('h1 .phrases').evaluate((span) =>
      [...span.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((text) => {
          const tops = new Set<number>();
          for (let i = 0; i < text.textContent!.length; i++) {
            const range = document.createRange();
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            tops.add(Math.round(range.getBoundingClientRect().top));
          }
          return [text.textContent, tops.size];
        }),
    );
    // (The first phrase is wider than a phone's line and breaks inside; the others fit and stay whole.)
    expect(lines.slice(1), `${width}px`).toEqual([
      ['創生総合戦略', 1],
      ['（改訂素案）', 1],
    ]);
  }
});

test('the character count follows the typing, and a screen reader hears it once typing pauses', async ({ page }) => {
  await page.goto(`${caseOf(open.slug)}/comment`);
  const text = page.getByRole('textbox', { name: /^意見の内容/ });
  const live = page.getByTestId('char-count-live-0');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await text.pressSequentially('年少人口の目標', { delay: 30 });
  // Seen at once; not yet announced while the keys come.
  await expect(page.getByTestId('char-count-0')).toHaveText('7 / 2,000文字');
  await expect(live).toHaveText('');
  await expect(live).toHaveText('7 / 2,000文字');
  // The textarea's description includes the count, for reading on demand.
  await expect(text).toHaveAccessibleDescription(/7 \/ 2,000文字/);
  await expectNoAxeViolations(page);
});

test('after in-site navigation, focus is on the new page’s heading (after a full load the skip link is first)', async ({ page }) => {
  await page.goto(`${caseOf(open.slug)}/items/1`);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: ja.site!.skipToContent! })).toBeFocused();
  // The breadcrumb and the comment button are client-side links: the document stays, focus moves.
  await page.getByRole('navigation', { name: ja.site!.breadcrumbs! }).getByRole('link', { name: open.title }).click();
  await expect(page).toHaveURL(new RegExp(`${caseOf(open.slug)}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.getByRole('link', { name: ja.consultation!.commentLink! }).first().click();
  await expect(page).toHaveURL(new RegExp(`${caseOf(open.slug)}/comment$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('the results table is one card per row under 600 px, a table above', async ({ page }) => {
  for (const [width, display] of [
    [320, 'block'],
    [599, 'block'],
    [768, 'table-cell'],
  ] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(localizedPath('pt-BR', `${caseOf(closed.slug)}/results`));
    const cell = page.getByTestId('result-table').locator('tbody td').nth(2);
    expect(await cell.evaluate((td) => getComputedStyle(td).display), `${width}px`).toBe(display);
    if (display === 'block') {
      // Each cell says which column it is.
      expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe(`"${JSON.parse(readFileSync(new URL('../messages/pt-BR.json', import.meta.url), 'utf8')).results.colSummary}"`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
    }
  }
  await expectNoAxeViolations(page);
});

test('a case’s explanation in the reader’s language, marked with that language, above the official Japanese text', async ({ page, request }) => {
  const sql = e2eDatabase(test.info().project.use.baseURL!);
  try {
    const c = await createCase(sql, { prefix: 'summary' });
    await sql`insert into consultation_summaries (consultation_id, locale, summary) values (${c.id}, 'vi', 'Dự thảo này xem lại mục tiêu.'), (${c.id}, 'ja-x-easy', 'こどもの めあてを かえる あんです。')`;
    await untilServed(request, caseOf(c.slug));
    const vi = JSON.parse(readFileSync(new URL('../messages/vi.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto(localizedPath('vi', caseOf(c.slug)));
    const section = page.getByRole('region', { name: vi.consultation!.summaryHeading! });
    await expect(section).toHaveAttribute('lang', 'vi');
    await expect(section.getByTestId('case-summary')).toHaveText('Dự thảo này xem lại mục tiêu.');
    await expect(section).toContainText(vi.consultation!.summaryNote!);
    await expect(page.getByText(vi.site!.officialTextNote!)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(localizedPath('ja-x-easy', caseOf(c.slug)));
    await expect(page.getByTestId('case-summary')).toHaveText('こどもの めあてを かえる あんです。');
    // No explanation in English or Japanese: no section.
    for (const locale of ['en', 'ja'] as const) {
      await page.goto(localizedPath(locale, caseOf(c.slug)));
      await expect(page.getByTestId('case-summary')).toHaveCount(0);
    }
  } finally {
    await sql.end();
  }
});
