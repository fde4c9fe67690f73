import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { expectNoHorizontalScroll } from './support/layout';
import { createStaffCase } from './support/staff-case';
import { connectE2eDatabase } from './support/staff-sessions';

// The inbox, a submission and the responses page at laptop, tablet and phone widths, with long
// content (an unbroken 200-character word in the text and the summary, 90 in the department): no
// sideways scrolling (of the page, or of a table inside its own scrolling box), no cell squeezed
// to one character per line, the opinion column wide enough to read, and axe finds nothing.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/** An unbroken 200-character word. */
const WORD = `https://example.jp/${'a'.repeat(181)}`;
/** A department as long as the field takes (100 characters), most of it one unbroken word. */
const DEPARTMENT = `企画部 企画調整課 ${WORD}`.slice(0, 100);
const LONG = `${'子育て世代が住み続けたいと思えるよう、公園の遊具と日陰、駐車場の配置を見直してください。'.repeat(20)}${WORD}`;

async function expectNoSidewaysScroll(page: Page, where: string) {
  await expectNoHorizontalScroll(page, where, 'body', { tablesMayScroll: false });
}

/** A column of running text (the opinion) keeps a readable width: at least 12em and 200px. */
async function expectReadableWidth(page: Page, selector: string, where: string) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((el) => ({ width: el.getBoundingClientRect().width, em: parseFloat(getComputedStyle(el).fontSize) })),
  );
  expect(boxes.length, `${where}: ${selector}`).toBeGreaterThan(0);
  for (const box of boxes) expect(box.width, `${where}: ${selector} too narrow to read`).toBeGreaterThanOrEqual(Math.max(12 * box.em, 200));
}

/**
 * A short text sits on at most `lines` lines (a receipt number, a status: one; a date and its
 * time: two), not one character per line. Measures the text itself (a range over the element's
 * contents), not its box: a table cell is as tall as its row.
 */
async function expectAtMostLines(page: Page, selector: string, where: string, lines: 1 | 2) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return { height: range.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 28 };
    }),
  );
  expect(boxes.length, `${where}: ${selector}`).toBeGreaterThan(0);
  for (const box of boxes) expect(box.height, `${where}: ${selector} wraps over more than ${lines} line(s)`).toBeLessThan(box.line * (lines + 0.9));
}

/**
 * No cell of a table is squeezed to one character per line: every header and data cell with two
 * or more characters is at least two characters wide (its widest line, measured on the text).
 * Cells of a header that is only there for screen readers (a stacked table's) are left out.
 */
async function expectNoSqueezedCells(page: Page, table: string, where: string) {
  const squeezed = await page.locator(`${table} th, ${table} td`).evaluateAll((cells) =>
    cells
      .filter((cell) => {
        const head = cell.closest('thead');
        return !head || getComputedStyle(head).position !== 'absolute';
      })
      .map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return { text: (cell.textContent ?? '').trim(), width: range.getBoundingClientRect().width, em: parseFloat(getComputedStyle(cell).fontSize) };
      })
      .filter((cell) => Array.from(cell.text).length >= 2 && cell.width < 1.9 * cell.em)
      .map((cell) => `${cell.text.slice(0, 20)} (${Math.round(cell.width)}px)`),
  );
  expect(squeezed, `${where}: cells one character per line`).toEqual([]);
}

test.describe.configure({ timeout: 180_000 });

for (const width of [1280, 1024, 768, 390, 320]) {
  test(`inbox, submission and responses at ${width}px: readable, no sideways scroll, axe clean`, async ({ page, baseURL }) => {
    await page.setViewportSize({ width, height: 900 });
    const setup = await createStaffCase(sql, page, baseURL!, LONG);
    // Long content in every column that can hold it: a summary with a long address, a department with a long name.
    await sql`update opinions set summary = ${`${'公園の遊具と日陰の見直し'.repeat(6)} ${WORD}`}, department = ${DEPARTMENT}
      where submission_id = ${setup.submissionId}`;

    await page.goto(`/staff/consultations/${setup.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page, 'inbox');
    await expectAtMostLines(page, 'table.inbox td.nowrap a', 'inbox receipt number', 1);
    await expectAtMostLines(page, 'table.inbox td[data-label="状態"]', 'inbox status', 1);
    await expectAtMostLines(page, 'table.inbox caption', 'inbox caption', 1);
    await expectNoSqueezedCells(page, 'table.inbox', 'inbox');
    await expectReadableWidth(page, 'table.inbox td[data-label="意見"]', 'inbox opinion column');
    // The received date is the short form (2025/1/15 17:00, the long one in its title): one or
    // two lines, not five.
    const received = page.locator('table.inbox td[data-label="受付日時"] time.received');
    await expect(received.first()).toHaveText(/^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/);
    await expect(received.first()).toHaveAttribute('title', /^令和\d+年\(\d{4}年\)\d+月\d+日 \d+時\d{2}分$/);
    await expectAtMostLines(page, 'table.inbox td[data-label="受付日時"] time.received', 'inbox received date', 2);
    // Row selection and the export's options are the Checkbox part, each named by its label.
    const firstId = await page.locator('table.inbox tbody tr').first().getAttribute('data-opinion-id');
    await expect(page.locator('table.inbox .select-cell > .checkbox > input[type="checkbox"] + label')).toHaveCount(await page.locator('table.inbox tbody tr').count());
    await expect(page.getByRole('checkbox', { name: `意見${firstId}を選択` })).toHaveCount(1);
    for (const name of ['スパム・非表示も含める', '提出者の氏名・住所・メールを含める']) {
      await expect(page.locator('.checkbox').getByRole('checkbox', { name, exact: true })).toHaveCount(1);
    }
    await expectNoAxeViolations(page);
    await page.screenshot({ path: test.info().outputPath(`inbox-${width}.png`), fullPage: true });

    await page.goto(`/staff/consultations/${setup.slug}/submissions/${setup.submissionId}`);
    await expectNoSidewaysScroll(page, 'submission');
    await expectNoAxeViolations(page);
    // The saved state.
    const form = page.locator('form[data-staff-form="opinion"]');
    await form.getByLabel('担当課', { exact: true }).fill(DEPARTMENT);
    await form.getByRole('button', { name: '保存する' }).click();
    await expect(page.locator('form[data-staff-form="opinion"]').getByRole('status')).toContainText('保存しました');
    await expectNoSidewaysScroll(page, 'submission (saved)');
    await expectNoAxeViolations(page);

    await page.goto(`/staff/consultations/${setup.slug}/responses`);
    await expectNoSidewaysScroll(page, 'responses');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: test.info().outputPath(`responses-${width}.png`), fullPage: true });
    // An error state: grouping with nothing selected.
    await page.locator('form[data-staff-form="group-create"]').getByRole('button', { name: '選択した意見をまとめる' }).click();
    await expect(page.locator('form[data-staff-form="group-create"]').getByRole('alert')).toBeVisible();
    await expectNoSidewaysScroll(page, 'responses (error)');
    await expectNoAxeViolations(page);
  });
}
