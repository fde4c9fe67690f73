import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';

// PostgreSQL project only (not tagged @both): staff specs need the e2e database.
// A consultation of its own, so comments other specs send do not move the counts checked here.
const SLUG = `triage-e2e-${Date.now().toString(36)}`;
const HEADINGS = ['総合戦略の対象期間と構成', '総合戦略の方向性', '数値目標', '具体的な施策①', '重要業績評価指標（KPI）'];
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));
test.beforeAll(async () => {
  const slug = `${SLUG}-${randomUUID().slice(0, 8)}`;
  const [c] = await sql<{ id: number }[]>`insert into consultations (slug, title, department, opens_at, closes_at)
    values (${slug}, 'トリアージ確認用の案件', '企画部 企画調整課', now() - interval '1 day', now() + interval '30 days') returning id`;
  for (const [i, heading] of HEADINGS.entries()) {
    await sql`insert into revision_items (consultation_id, number, page, heading, heading_kind, before, after, before_text, after_text)
      values (${c!.id}, ${i + 1}, 1, ${heading}, ${heading}, '[]'::jsonb, '[]'::jsonb, '', '')`;
  }
  slugOfWorker = slug;
});
let slugOfWorker = '';

/** A word no other submission contains: katakana drawn at random. */
function uniqueWord(): string {
  const kana = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ';
  return `${Array.from({ length: 6 }, () => kana[Math.floor(Math.random() * kana.length)]).join('')}公園`;
}

/** The count shown for one row of a counts table (0 when the row is absent). */
async function countOf(page: Page, table: 'counts-by-item' | 'counts-by-category', label: string): Promise<number> {
  const row = page.getByTestId(table).getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  if ((await row.count()) === 0) return 0;
  return Number(await row.getByRole('cell').textContent());
}

async function press(page: Page, locator: ReturnType<Page['getByRole']>, key = 'Enter') {
  await locator.focus();
  await page.keyboard.press(key);
}

test('a reviewer finds a submission by a Japanese word, splits it onto two items and classifies it, keyboard only', async ({ page, context, baseURL, request }) => {
  const word = uniqueWord();
  const first = `${word}の遊具を増やしてください。`;
  const second = '年少人口の目標値の根拠も示してほしいです。';
  const response = await request.post(`/api/consultations/${slugOfWorker}/submissions`, {
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${randomUUID()}` },
    data: {
      submitter: { name: '伊勢崎 三郎', address: '伊勢崎市曲輪町', category: '市内在住', email: '' },
      opinions: [{ itemNumber: null, text: `${first}${second}` }],
      consent: true,
    },
  });
  expect(response.status()).toBe(201);
  const { receiptNumber } = (await response.json()) as { receiptNumber: string };

  const reviewer = await createStaff(sql, 'reviewer');
  await signInWithCookie(context, baseURL!, await createSession(sql, reviewer.id));
  await page.goto(`/staff/consultations/${slugOfWorker}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('意見の受付一覧');
  await expectNoAxeViolations(page);
  const before = {
    whole: await countOf(page, 'counts-by-item', '全体について'),
    item2: await countOf(page, 'counts-by-item', await itemHeading(2)),
    item5: await countOf(page, 'counts-by-item', await itemHeading(5)),
    c: await countOf(page, 'counts-by-category', 'C 今後の参考とする'),
    a: await countOf(page, 'counts-by-category', 'A 意見を反映し修正する'),
  };

  // Search by the word, keyboard only: focus the field, type, Enter.
  await page.getByLabel('意見の本文・概要を検索').focus();
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(word)}`));
  const rows = page.locator('table.inbox tbody tr');
  await expect(rows).toHaveCount(1);
  await press(page, page.getByRole('link', { name: receiptNumber }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`提出 ${receiptNumber}`);
  await expect(page.getByText('伊勢崎 三郎')).toBeVisible();
  await expectNoAxeViolations(page);

  // Split: open the split panel, put a --- line after the first sentence, submit with Tab + Enter.
  await press(page, page.getByText('この意見を分割する'));
  const marked = page.getByRole('textbox', { name: /分割する本文/ });
  await marked.focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < [...first].length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type('\n---\n');
  // Tab past the split tools (cut at the cursor, the boundary's buttons) to the submit button.
  const submit = page.getByRole('button', { name: '分割する', exact: true });
  for (let tabs = 0; tabs < 8 && !(await submit.evaluate((b) => b === document.activeElement)); tabs++) await page.keyboard.press('Tab');
  await expect(submit).toBeFocused();
  await page.keyboard.press('Enter');
  const opinions = page.locator('article.opinion');
  await expect(opinions).toHaveCount(2);
  await expect(opinions.nth(0).locator('blockquote')).toHaveText(first);
  await expect(opinions.nth(1).locator('blockquote')).toHaveText(second);

  // Classify each piece: item, category, status; save with Enter.
  const classify = async (n: number, item: string, category: string) => {
    const opinion = opinions.nth(n);
    await opinion.getByLabel('該当項目').focus();
    await opinion.getByLabel('該当項目').selectOption({ label: item });
    await opinion.getByLabel('意見の概要').focus();
    await page.keyboard.type(n === 0 ? '遊具の増設を求める' : '目標値の根拠を求める');
    await opinion.getByLabel('対応区分').selectOption({ label: category });
    await opinion.getByLabel('状態').selectOption({ label: '分類済み' });
    await press(page, opinion.getByRole('button', { name: '保存する' }));
    await expect(opinion.locator('.opinion-form').getByRole('status')).toHaveText('保存しました。');
  };
  await classify(0, await itemHeading(2), 'C 今後の参考とする');
  await classify(1, await itemHeading(5), 'A 意見を反映し修正する');
  await expect(opinions.nth(0)).toContainText(await itemHeading(2));
  await expectNoAxeViolations(page);

  // Back in the inbox, the counts moved.
  await press(page, page.getByRole('link', { name: '受付一覧に戻る' }));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('意見の受付一覧');
  expect(await countOf(page, 'counts-by-item', '全体について')).toBe(before.whole - 1);
  expect(await countOf(page, 'counts-by-item', await itemHeading(2))).toBe(before.item2 + 1);
  expect(await countOf(page, 'counts-by-item', await itemHeading(5))).toBe(before.item5 + 1);
  expect(await countOf(page, 'counts-by-category', 'C 今後の参考とする')).toBe(before.c + 1);
  expect(await countOf(page, 'counts-by-category', 'A 意見を反映し修正する')).toBe(before.a + 1);

  // Every change is in the audit log, by this reviewer (each view of the submitter block is too: M6).
  const actions = await sql<{ action: string }[]>`select action from audit_log where actor_id = ${reviewer.id} and action <> 'personal_data.read' order by id`;
  expect(await sql`select 1 from audit_log where actor_id = ${reviewer.id} and action = 'personal_data.read'`).not.toHaveLength(0);
  expect(actions.map((a) => a.action)).toEqual(['opinion.split', 'opinion.updated', 'opinion.updated']);
});

/** "No.N 見出し" of the seed's item N, as the counts table labels it. */
async function itemHeading(n: number): Promise<string> {
  const [row] = await sql<{ heading: string }[]>`select ri.heading from revision_items ri join consultations c on c.id = ri.consultation_id where c.slug = ${slugOfWorker} and ri.number = ${n}`;
  return `No.${n} ${row!.heading}`;
}

test('staff see the language of the form each submission came from: a Vietnamese form’s, a Japanese API post’s', async ({ page, context, baseURL, browser, request }) => {
  // A resident sends the Vietnamese form without JavaScript (fields found by name: the labels are Vietnamese).
  const resident = await browser.newContext();
  await withoutAppScripts(resident);
  const form = await resident.newPage();
  await form.goto(`/vi/consultations/${slugOfWorker}/comment`);
  await expect(form.locator('html')).toHaveAttribute('lang', 'vi');
  await form.locator('[name="submitter.name"]').fill('Nguyễn Văn An');
  await form.locator('[name="submitter.address"]').fill('伊勢崎市今泉町二丁目410番地');
  await form.locator('[name="submitter.category"]').selectOption('市内在住');
  await form.locator('[name="opinions.0.text"]').fill('Tôi muốn có thêm thông tin bằng tiếng Việt.');
  await form.locator('[name="consent"]').check();
  await form.locator('button[name="intent"][value="confirm"]').click();
  await form.locator('button[name="intent"][value="send"]').click();
  const vietnamese = (await form.getByTestId('receipt-number').innerText()).trim();
  await resident.close();
  const response = await request.post(`/api/consultations/${slugOfWorker}/submissions`, {
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${randomUUID()}` },
    data: { submitter: { name: '伊勢崎 四郎', address: '伊勢崎市曲輪町', category: '市内在住', email: '' }, opinions: [{ itemNumber: 1, text: '日本語の意見です。' }], consent: true },
  });
  expect(response.status()).toBe(201);
  const japanese = ((await response.json()) as { receiptNumber: string }).receiptNumber;

  const reviewer = await createStaff(sql, 'reviewer');
  await signInWithCookie(context, baseURL!, await createSession(sql, reviewer.id));
  for (const [receiptNumber, language] of [[vietnamese, 'ベトナム語'], [japanese, '日本語']] as const) {
    const [row] = await sql<{ id: string }[]>`select id from submissions where receipt_number = ${receiptNumber}`;
    await page.goto(`/staff/consultations/${slugOfWorker}/submissions/${row!.id}`);
    await expect(page.getByTestId('submission-language'), receiptNumber).toHaveText(language);
  }
});

test('paper entry: the same validation as the web form, errors linked to fields, axe clean', async ({ page, context, baseURL }) => {
  const reviewer = await createStaff(sql, 'reviewer');
  await signInWithCookie(context, baseURL!, await createSession(sql, reviewer.id));
  await page.goto(`/staff/consultations/${slugOfWorker}/submissions/new`);
  await expectNoAxeViolations(page);
  await press(page, page.getByRole('button', { name: '登録する' }));
  const summary = page.getByRole('alert').filter({ hasText: '入力内容を確認' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: '提出方法を選んでください。' })).toHaveAttribute('href', '#paper-channel');
  await expectNoAxeViolations(page);

  await page.getByLabel('提出方法').selectOption({ label: 'FAX' });
  await page.getByLabel('氏名').fill('紙 一郎');
  await page.getByLabel('住所').fill('伊勢崎市今泉町');
  await page.getByLabel('区分').selectOption({ index: 1 });
  await page.getByLabel('意見の本文').first().fill('FAXで届いた意見です。');
  await press(page, page.getByRole('button', { name: '登録する' }));
  await expect(page.getByRole('status')).toContainText('で登録しました。');
  const [row] = await sql<{ channel: string; n: number }[]>`
    select s.channel, (select count(*)::int from opinions o where o.submission_id = s.id) as n
    from submissions s where s.submitter_name = '紙 一郎' order by s.id desc limit 1`;
  expect(row).toEqual({ channel: 'fax', n: 1 });
});
