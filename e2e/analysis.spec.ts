import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { createCase as createTestCase, untilServed } from './support/cases';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';
import { campaignCopy } from '../lib/testing/analysis-fixtures';

// PostgreSQL project only: the spec writes to the server's database (a case of its own).
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const PHONE = '090-1234-5678';
const PERSONAL = `ふるさと納税の寄付件数の目標が高すぎます。担当の田中さんに電話${PHONE}で伝えました。`;
const OTHER = 'eスポーツの大会で市外から人を呼ぶのは良い取組です。';
const MARK = '〔個人情報のため削除〕';

async function post(page: Page, slug: string, text: string, itemNumber: number | null): Promise<string> {
  const response = await page.request.post(`/api/consultations/${slug}/submissions`, {
    headers: { 'content-type': 'application/json', 'idempotency-key': `analysis-${randomUUID()}` },
    data: { submitter: { name: '伊勢崎 花子', address: '伊勢崎市今泉町', category: '市内在住', email: '' }, opinions: [{ itemNumber, text }], consent: true },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { receiptNumber: string }).receiptNumber;
}

async function expectNoHorizontalScroll(page: Page) {
  for (const width of [768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll, `${page.url()} at ${width}px`).toBeLessThanOrEqual(client);
  }
}

async function signedIn(browser: Browser, baseURL: string, userId: string, options: { noScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext();
  if (options.noScript) await withoutAppScripts(context);
  await signInWithCookie(context, baseURL, await createSession(sql, userId));
  return context.newPage();
}

test('a campaign of 30 is one row and is classified once; an item is accepted by keyboard; redactions reach every public format; the result counts 同趣旨', async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const c = await createTestCase(sql, { prefix: 'analysis', title: (slug) => `意見分析テスト ${slug}` });
  await untilServed(page.request, `/consultations/${c.slug}`);
  for (let k = 0; k < 30; k++) await post(page, c.slug, campaignCopy(k), null);
  const personalReceipt = await post(page, c.slug, PERSONAL, null);
  await post(page, c.slug, OTHER, 1);
  const opinionOf = async (receipt: string) =>
    (await sql<{ id: string; submission_id: string }[]>`select o.id, o.submission_id from opinions o join submissions s on s.id = o.submission_id where s.receipt_number = ${receipt}`)[0]!;

  const admin = await createStaff(sql, 'admin');
  const reviewer = await createStaff(sql, 'reviewer');
  const adminPage = await signedIn(browser, baseURL!, admin.id);
  const reviewerPage = await signedIn(browser, baseURL!, reviewer.id);
  const inbox = `/staff/consultations/${c.slug}`;

  // The admin's full re-run: refused until the box is ticked, then every opinion is analysed.
  await adminPage.goto(inbox);
  const rerun = adminPage.locator('form[data-staff-form="analysis-rerun"]');
  await rerun.getByRole('button', { name: '分析し直す' }).click();
  await expect(rerun).toContainText('分析し直すことを確認するチェックを入れてください。');
  expect(Number((await sql`select count(*)::int as n from analysis_runs where consultation_id = ${c.id} and kind = 'full'`)[0]!.n)).toBe(0);
  await rerun.getByLabel('すべての意見を分析し直すことを確認しました').check();
  await rerun.getByRole('button', { name: '分析し直す' }).click();
  await expect(rerun).toContainText('32件の意見を分析し直しました。');
  const [run] = await sql<{ kind: string; started_by: string }[]>`select kind, started_by from analysis_runs where consultation_id = ${c.id} order by id desc limit 1`;
  expect(run).toEqual({ kind: 'full', started_by: admin.id });
  const audited = await sql`select 1 from audit_log where actor_id = ${admin.id} and action = 'analysis.rerun'`;
  expect(audited).toHaveLength(1);
  // Reviewers have no re-run button.
  await reviewerPage.goto(inbox);
  await expect(reviewerPage.getByRole('button', { name: '分析し直す' })).toHaveCount(0);

  // One row per campaign group, with its count.
  await reviewerPage.getByRole('link', { name: '同趣旨の意見を1行にまとめて表示' }).click();
  const rows = reviewerPage.locator('table.inbox tbody tr');
  await expect(rows).toHaveCount(3);
  const campaignLink = reviewerPage.getByRole('link', { name: '同趣旨 30件（まとまりを開く）' });
  await expect(campaignLink).toHaveCount(1);
  await expectNoAxeViolations(reviewerPage);
  await expectNoHorizontalScroll(reviewerPage);

  // The group's page: its 30 members one by one, confirm, and classify them once.
  await campaignLink.click();
  const panel = reviewerPage.getByTestId('campaign-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('同趣旨のまとまり（30件）');
  await expect(rows).toHaveCount(30);
  await panel.getByRole('button', { name: 'このまとまりを確認する' }).click();
  await expect(panel).toContainText('同趣旨のまとまりを確認しました。');
  await expect(panel).toContainText('職員が確認済み');
  const group = Number((await sql`select campaign_group from opinion_analyses where consultation_id = ${c.id} and campaign_group is not null limit 1`)[0]!.campaign_group);
  const p = `#campaign-${group}`;
  const members = async () =>
    sql<{ item_number: number | null; summary: string; category_code: string | null; status: string }[]>`
      select distinct o.item_number, o.summary, o.category_code, o.status from opinions o join opinion_analyses a on a.opinion_id = o.id
      where a.consultation_id = ${c.id} and a.campaign_group = ${group}`;
  const classify = async (page: Page, values: { item: string; summary: string; category: string; status: string }) => {
    await page.locator(`${p}-item`).selectOption(values.item);
    await page.locator(`${p}-summary`).fill(values.summary);
    await page.locator(`${p}-category`).selectOption(values.category);
    await page.locator(`${p}-status`).selectOption(values.status);
    await page.getByRole('button', { name: 'まとめて保存する' }).click();
  };
  const expectFields = async (page: Page, values: { item: string; summary: string; category: string; status: string }) => {
    await expect(page.locator(`${p}-item`)).toHaveValue(values.item);
    await expect(page.locator(`${p}-summary`)).toHaveValue(values.summary);
    await expect(page.locator(`${p}-category`)).toHaveValue(values.category);
    await expect(page.locator(`${p}-status`)).toHaveValue(values.status);
  };
  const first = { item: '18', summary: 'コミュニティバスの目標値を維持してほしい', category: 'D', status: 'classified' };
  await classify(reviewerPage, first);
  await expect(panel).toContainText('30件の意見を更新しました。');
  await expect.poll(members).toEqual([{ item_number: 18, summary: first.summary, category_code: 'D', status: 'classified' }]);
  await expectFields(reviewerPage, first);
  await expectNoAxeViolations(reviewerPage);
  await expectNoHorizontalScroll(reviewerPage);
  const second = { ...first, item: '', summary: 'コミュニティバスの利用者数の目標を維持し、具体策を示してほしい', category: 'C' };
  await classify(reviewerPage, second);
  await expect.poll(members).toEqual([{ item_number: null, summary: second.summary, category_code: 'C', status: 'classified' }]);
  await reviewerPage.reload();
  await expectFields(reviewerPage, second);
  // Without JavaScript the form posts and the page shows what is stored.
  const noScript = await signedIn(browser, baseURL!, reviewer.id, { noScript: true });
  await noScript.goto(`${inbox}?campaign=${group}`);
  await expectFields(noScript, second);
  const third = { ...second, summary: 'コミュニティバスの目標を引き下げないでほしい', category: 'D' };
  await classify(noScript, third);
  await expect.poll(members).toEqual([{ item_number: null, summary: third.summary, category_code: 'D', status: 'classified' }]);
  await noScript.goto(`${inbox}?campaign=${group}`);
  await expectFields(noScript, third);
  await noScript.context().close();

  // Item suggestions on the opinion: keys never fire inside a text field; key 1 accepts the first.
  const personal = await opinionOf(personalReceipt);
  await reviewerPage.goto(`${inbox}/submissions/${personal.submission_id}`);
  const article = reviewerPage.locator(`article[data-opinion-id="${personal.id}"]`);
  const suggestions = article.locator('[data-suggestion-rank]');
  // Up to three, best first (fewer when no other item shares enough words).
  await expect(suggestions.first()).toBeVisible();
  expect(await suggestions.count()).toBeLessThanOrEqual(3);
  await expect(suggestions.first()).toContainText('スコア');
  await expect(suggestions.first()).toContainText('一致した語：');
  const suggested = Number((await suggestions.first().locator('input[name="itemNumber"]').inputValue()));
  await expectNoAxeViolations(reviewerPage);
  await expectNoHorizontalScroll(reviewerPage);
  const summary = article.locator(`#op-${personal.id}-summary`);
  await summary.focus();
  await reviewerPage.keyboard.press('1');
  await expect(summary).toHaveValue('1');
  expect((await sql`select item_number from opinions where id = ${personal.id}`)[0]!.item_number).toBeNull();
  await summary.fill('');
  // A key press on a focused button does not press it: only the shortcut can accept here.
  await article.getByRole('button', { name: /^候補1/ }).focus();
  await reviewerPage.keyboard.press('1');
  await expect.poll(async () => (await sql`select item_number from opinions where id = ${personal.id}`)[0]!.item_number).toBe(suggested);
  const accepted = async () =>
    (await sql<{ decided_by: string; value: { itemNumber: number; suggested: { rank: number; method: string } } }[]>`
      select decided_by, value from analysis_decisions where consultation_id = ${c.id} and kind = 'item-accept' and opinion_id = ${personal.id}`)[0];
  await expect.poll(accepted).toMatchObject({ decided_by: reviewer.id, value: { itemNumber: suggested, suggested: { rank: 1, method: 'analysis-1' } } });
  await expect(article.locator('[data-suggestion-rank]')).toHaveCount(0);

  // The proposed personal data is listed; the summary (written by the clerk) quotes it.
  const redactions = article.locator('[data-redaction]');
  await expect(redactions).toHaveCount(2);
  await expect(redactions.filter({ hasText: PHONE })).toHaveAttribute('data-status', 'proposed');
  await reviewerPage.locator(`#op-${personal.id}-summary`).fill(`寄付件数の目標が高い（田中さんに${PHONE}で伝えた）`);
  await reviewerPage.locator(`#op-${personal.id}-category`).selectOption('C');
  await article.locator('form[data-staff-form="opinion"]').getByRole('button', { name: '保存する' }).click();
  await expect.poll(async () => (await sql`select category_code from opinions where id = ${personal.id}`)[0]!.category_code).toBe('C');

  // The other opinion, and the responses: the campaign is suggested as one group of 30.
  const other = (await sql<{ id: string; submission_id: string }[]>`select id, submission_id from opinions where consultation_id = ${c.id} and item_number = 1`)[0]!;
  await reviewerPage.goto(`${inbox}/submissions/${other.submission_id}`);
  await reviewerPage.locator(`#op-${other.id}-summary`).fill('eスポーツの取組に賛成する意見');
  await reviewerPage.locator(`#op-${other.id}-category`).selectOption('B');
  await reviewerPage.locator(`#op-${other.id}-summary`).locator('xpath=ancestor::form').getByRole('button', { name: '保存する' }).click();
  await expect.poll(async () => (await sql`select summary from opinions where id = ${other.id}`)[0]!.summary).toBe('eスポーツの取組に賛成する意見');

  await reviewerPage.goto(`${inbox}/responses`);
  const whole = reviewerPage.getByTestId('item-whole');
  await expect(whole).toContainText('ほぼ同じ内容の意見 30件');
  await whole.getByRole('button', { name: 'この30件をまとめる' }).click();
  const groupCount = async () => Number((await sql`select count(*)::int as n from response_groups where consultation_id = ${c.id}`)[0]!.n);
  await expect.poll(groupCount).toBe(1);
  for (const [testId, id] of [[`item-${suggested}`, personal.id], ['item-1', other.id]] as const) {
    await reviewerPage.reload();
    await reviewerPage.locator(`#opinion-${id}`).check();
    await reviewerPage.getByTestId(testId).getByRole('button', { name: '選択した意見をまとめる' }).click();
    await expect.poll(async () => Number((await sql`select count(*)::int as n from response_group_members where opinion_id = ${id}`)[0]!.n)).toBe(1);
  }
  const groups = await sql<{ id: string }[]>`select id from response_groups where consultation_id = ${c.id} order by id`;
  for (const g of groups) {
    await reviewerPage.goto(`${inbox}/responses`);
    await reviewerPage.locator(`#response-${g.id}`).fill(`ご意見として承ります（${g.id}）。`);
    await reviewerPage.locator(`#category-${g.id}`).selectOption('C');
    await reviewerPage.getByTestId(`group-${g.id}`).getByRole('button', { name: '下書きを保存' }).click();
    await expect.poll(async () => (await sql`select response from response_groups where id = ${g.id}`)[0]!.response).toBe(`ご意見として承ります（${g.id}）。`);
    await reviewerPage.reload();
    await reviewerPage.getByTestId(`group-${g.id}`).getByRole('button', { name: '承認を依頼する' }).click();
    await expect.poll(async () => (await sql`select status from response_groups where id = ${g.id}`)[0]!.status).toBe('submitted');
  }
  await sql`update consultations set closes_at = now() - interval '1 minute' where id = ${c.id}`;
  for (const g of groups) {
    await adminPage.goto(`${inbox}/responses`);
    await adminPage.getByTestId(`group-${g.id}`).getByRole('button', { name: '承認する' }).click();
    await expect.poll(async () => (await sql`select status from response_groups where id = ${g.id}`)[0]!.status).toBe('approved');
  }

  // Publishing waits for the personal-data proposals, naming the opinion that has them.
  await adminPage.goto(`${inbox}/responses`);
  await expect(adminPage.getByTestId('readiness-personal')).toHaveText('個人情報の候補が未確認の意見 1件');
  await adminPage.getByRole('button', { name: '実施結果を公表する' }).click();
  const publishForm = adminPage.locator('form[data-staff-form="publish"]');
  await expect(publishForm).toContainText('個人情報の候補が未確認の意見があるため公表できません。');
  await expect(publishForm).toContainText(`受付番号 ${personalReceipt} の意見No.${personal.id}（`);
  const publications = async () => Number((await sql`select count(*)::int as n from result_publications where consultation_id = ${c.id}`)[0]!.n);
  expect(await publications()).toBe(0);
  await expectNoAxeViolations(adminPage);

  // Accept the phone number (without JavaScript: the buttons post), reject the name (the clerk
  // judges it is not personal data here) after first accepting it: the last decision holds.
  const plain = await signedIn(browser, baseURL!, reviewer.id, { noScript: true });
  await plain.goto(`${inbox}/submissions/${personal.submission_id}`);
  await plain.locator(`article[data-opinion-id="${personal.id}"]`).getByRole('button', { name: `「${PHONE}」を削除する` }).click();
  await expect(plain.locator(`article[data-opinion-id="${personal.id}"] [data-redaction]`).filter({ hasText: PHONE })).toHaveAttribute('data-status', 'accepted');
  await plain.context().close();
  await reviewerPage.goto(`${inbox}/submissions/${personal.submission_id}`);
  await expect(redactions.filter({ hasText: PHONE })).toHaveAttribute('data-status', 'accepted');
  await article.getByRole('button', { name: '「田中」を削除する' }).click();
  await expect(redactions.filter({ hasText: '田中' })).toHaveAttribute('data-status', 'accepted');
  await article.getByRole('button', { name: '「田中」を削除しない' }).click();
  await expect(redactions.filter({ hasText: '田中' })).toHaveAttribute('data-status', 'rejected');
  await expect
    .poll(async () => (await sql`select value from analysis_decisions where consultation_id = ${c.id} and kind = 'redaction' and opinion_id = ${personal.id} order by target`).map((r) => r.value))
    .toHaveLength(2);
  await reviewerPage.reload();
  await expect(redactions.filter({ hasText: PHONE })).toHaveAttribute('data-status', 'accepted');
  await expect(redactions.filter({ hasText: '田中' })).toHaveAttribute('data-status', 'rejected');
  await expectNoAxeViolations(reviewerPage);

  await adminPage.goto(`${inbox}/responses`);
  await expect(adminPage.getByTestId('readiness-personal')).toHaveCount(0);
  await adminPage.getByRole('button', { name: '実施結果を公表する' }).click();
  await expect.poll(publications).toBe(1);

  // The public result: one row answers the campaign (同趣旨 30件); counts are opinions as received.
  const visitor = await (await browser.newContext()).newPage();
  const resultsPath = `/consultations/${c.slug}/results`;
  await untilServed(visitor.request, resultsPath);
  await visitor.goto(resultsPath);
  await expect(visitor.getByTestId('count-opinions')).toHaveText('32件');
  const campaignRow = visitor.getByTestId('result-table').locator('tbody tr[data-opinions="30"]');
  await expect(campaignRow).toContainText('（同趣旨 30件）');
  await expect(campaignRow.locator('.summaries li')).toHaveText([third.summary]);
  await expect(visitor.getByTestId('result-grouping')).toContainText('同趣旨の意見は');
  await expect(visitor.getByTestId('result-grouping')).toContainText('文字ずつ区切って比べ');
  await expectNoAxeViolations(visitor);
  await expectNoHorizontalScroll(visitor);

  const html = await visitor.content();
  const json = await (await visitor.request.get(`/api/consultations/${c.slug}/results`)).text();
  const csv = await (await visitor.request.get(`/api/consultations/${c.slug}/results/csv`)).text();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await (await visitor.request.get(`/api/consultations/${c.slug}/results/xlsx`)).body()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  for (const [format, body] of [['page', html], ['JSON', json], ['CSV', csv], ['XLSX', cells.join('\n')]] as const) {
    expect(body, format).not.toContain(PHONE);
    expect(body, format).toContain(`寄付件数の目標が高い（田中さんに${MARK}で伝えた）`);
  }
  expect(JSON.parse(json).result.rows.find((r: { opinionCount: number }) => r.opinionCount === 30)).toMatchObject({ summaries: [third.summary] });
  expect(cells.join('\n')).toContain('同趣旨の意見のまとめ方');
});
