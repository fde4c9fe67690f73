import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { CASES } from './support/cases';

const CASE_TITLE = CASES.open.title;

for (const javaScriptEnabled of [true, false]) {
  test.describe(`reading a case with JavaScript ${javaScriptEnabled ? 'on' : 'off'} @both`, () => {
    test.use({ javaScriptEnabled });
    // axe runs inside the page, so it needs JavaScript; the markup is the same either way.
    const checkAccessibility = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

    test('home → case → filter by heading kind → item 23 shows the change', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見募集（パブリックコメント）');
      const openSection = page.getByRole('region', { name: '募集中の案件' });
      await expect(openSection.getByRole('link', { name: CASE_TITLE })).toBeVisible();
      // Other specs add open cases of their own: look at the Isesaki card.
      const isesaki = openSection.getByRole('listitem').filter({ has: page.getByRole('link', { name: CASE_TITLE }) });
      await expect(isesaki.getByText(/令和\d+年\(\d{4}年\)\d+月\d+日 から/)).toBeVisible();
      // All three lists are filled (the fixtures of scripts/e2e-server.sh), so axe checks each.
      await expect(page.getByRole('region', { name: '募集予定の案件' }).getByRole('link', { name: CASES.upcoming.title })).toBeVisible();
      await expect(page.getByRole('region', { name: '募集を終了した案件' }).getByRole('link', { name: CASES.closed.title })).toBeVisible();
      await checkAccessibility(page);

      await openSection.getByRole('link', { name: CASE_TITLE }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(CASE_TITLE);
      await expect(page.getByText('52件を表示（全52件）')).toBeVisible();
      await checkAccessibility(page);

      await page.getByLabel('項目').selectOption('数値目標');
      await page.getByRole('button', { name: '絞り込む' }).click();
      await expect(page).toHaveURL(/kind=%E6%95%B0%E5%80%A4%E7%9B%AE%E6%A8%99/);
      const rows = page.getByRole('table').getByRole('row');
      await expect(page.getByText(/^\d+件を表示（全52件）$/)).not.toHaveText('52件を表示（全52件）');
      for (const heading of await rows.locator('td:nth-child(3)').allInnerTexts()) {
        expect(heading).toContain('数値目標');
      }
      await checkAccessibility(page);

      await page.getByRole('link', { name: 'No.23 数値目標' }).click();
      await expect(page).toHaveURL(/\/items\/23$/);
      const before = page.getByRole('region', { name: '改訂前' });
      const after = page.getByRole('region', { name: '改訂後' });
      await expect(before.locator('del').filter({ hasText: '合計特殊出生率' })).toHaveCount(1);
      await expect(after.locator('ins').filter({ hasText: '年少人口' })).toHaveCount(1);
      await expect(before.locator('ins')).toHaveCount(0);
      await expect(after.locator('del')).toHaveCount(0);
      await checkAccessibility(page);

      await page.getByRole('link', { name: /次の改訂箇所（No\.24）/ }).click();
      await expect(page).toHaveURL(/\/items\/24$/);
    });

    test('filters by page and by words, kept in the URL', async ({ page }) => {
      await page.goto('/consultations/isesaki-2nd-strategy-revision?page=24');
      await expect(page.getByRole('link', { name: /^No\.48 / })).toBeVisible();
      await expect(page.getByRole('link', { name: /^No\.1 / })).toHaveCount(0);

      await page.goto('/consultations/isesaki-2nd-strategy-revision?q=サテライトオフィス');
      await expect(page.getByLabel('語句')).toHaveValue('サテライトオフィス');
      await expect(page.getByRole('link', { name: /^No\.9 / })).toBeVisible();
      await expect(page.getByRole('link', { name: /^No\.1 / })).toHaveCount(0);
    });

    test('an added passage says there was no text before', async ({ page }) => {
      await page.goto('/consultations/isesaki-2nd-strategy-revision/items/7');
      await expect(page.getByRole('region', { name: '改訂前' })).toContainText('改訂前の記載なし');
      await expect(page.getByRole('region', { name: '改訂後' }).locator('ins')).toContainText('製造品出荷額等');
      await checkAccessibility(page);
    });

    test('unknown pages answer 404 in the site style', async ({ page }) => {
      for (const path of [
        '/consultations/no-such-case',
        '/consultations/isesaki-2nd-strategy-revision/items/999',
        '/consultations/%E0%A4%A',
      ]) {
        const response = await page.goto(path);
        expect(response?.status()).toBe(404);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
        await checkAccessibility(page);
      }
    });
  });
}

test('public JSON is an allowlist, readable cross-origin @both', async ({ request }) => {
  const list = await request.get('/api/consultations');
  expect(list.status()).toBe(200);
  expect(list.headers()['access-control-allow-origin']).toBe('*');
  const { consultations } = (await list.json()) as { consultations: { slug: string }[] };
  // The seed's case and the closed and upcoming fixtures (scripts/e2e-server.sh), among any other specs add.
  expect(consultations.map((c) => c.slug)).toEqual(expect.arrayContaining(Object.values(CASES).map((c) => c.slug)));
  const isesaki = consultations.find((c) => c.slug === CASES.open.slug);
  expect(isesaki).toMatchObject({ slug: 'isesaki-2nd-strategy-revision', itemCount: 52 });
  expect(Object.keys(isesaki!).sort()).toEqual(
    ['channels', 'closedEarlyReason', 'closesAt', 'contact', 'department', 'howToSubmit', 'itemCount', 'opensAt', 'overview', 'slug', 'title'].sort(),
  );

  const one = await request.get('/api/consultations/isesaki-2nd-strategy-revision');
  const { consultation } = await one.json();
  expect(consultation.items).toHaveLength(52);
  expect(consultation.items[22]).toMatchObject({ number: 23, page: 14, headingKind: '数値目標' });
  expect(Object.keys(consultation).includes('id')).toBe(false);

  expect((await request.get('/api/consultations/nope')).status()).toBe(404);
  expect(await (await request.get('/api/health')).json()).toEqual({ status: 'ok' });
});
