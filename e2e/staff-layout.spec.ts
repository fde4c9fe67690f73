import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { createStaffCase } from './support/staff-case';
import { connectE2eDatabase } from './support/staff-sessions';

// The inbox, a submission and the responses page at laptop and tablet widths, with long content:
// no sideways scrolling, no cell squeezed to one character per line, and axe finds nothing.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const LONG = `${'子育て世代が住み続けたいと思えるよう、公園の遊具と日陰、駐車場の配置を見直してください。'.repeat(20)}https://example.jp/${'a'.repeat(120)}`;

async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${where}: page wider than the window`).toBeLessThanOrEqual(client);
}

/** A short text (a receipt number, a status) sits on one line, not one character per line. */
async function expectOneLine(page: Page, selector: string, where: string) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 28 })),
  );
  expect(boxes.length, `${where}: ${selector}`).toBeGreaterThan(0);
  for (const box of boxes) expect(box.height, `${where}: ${selector} wraps`).toBeLessThan(box.line * 1.9);
}

test.describe.configure({ timeout: 180_000 });

for (const width of [1280, 1024, 768]) {
  test(`inbox, submission and responses at ${width}px: readable, no sideways scroll, axe clean`, async ({ page, baseURL }) => {
    await page.setViewportSize({ width, height: 900 });
    const setup = await createStaffCase(sql, page, baseURL!, LONG);

    await page.goto(`/staff/consultations/${setup.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page, 'inbox');
    await expectOneLine(page, 'table.inbox td.nowrap a', 'inbox receipt number');
    await expectNoAxeViolations(page);

    await page.goto(`/staff/consultations/${setup.slug}/submissions/${setup.submissionId}`);
    await expectNoSidewaysScroll(page, 'submission');
    await expectNoAxeViolations(page);
    // The saved state.
    const form = page.locator('form[data-staff-form="opinion"]');
    await form.getByLabel('担当課', { exact: true }).fill('企画部 企画調整課 まち・ひと・しごと創生担当'.repeat(2));
    await form.getByRole('button', { name: '保存する' }).click();
    await expect(page.locator('form[data-staff-form="opinion"]').getByRole('status')).toContainText('保存しました');
    await expectNoSidewaysScroll(page, 'submission (saved)');
    await expectNoAxeViolations(page);

    await page.goto(`/staff/consultations/${setup.slug}/responses`);
    await expectNoSidewaysScroll(page, 'responses');
    await expectNoAxeViolations(page);
    // An error state: grouping with nothing selected.
    await page.locator('form[data-staff-form="group-create"]').getByRole('button', { name: '選択した意見をまとめる' }).click();
    await expect(page.locator('form[data-staff-form="group-create"]').getByRole('alert')).toBeVisible();
    await expectNoSidewaysScroll(page, 'responses (error)');
    await expectNoAxeViolations(page);
  });
}
