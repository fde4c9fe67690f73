import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { createCase as createTestCase, untilServed } from './support/cases';
import { submitThroughForm } from './support/comment-form';
import { connectE2eDatabase, createSession, createStaff, requestSignInLink, signInWithCookie } from './support/staff-sessions';

// PostgreSQL project only: the spec changes the server's database (its own case, so the
// Isesaki case other specs read stays open).
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const CANARY = {
  name: '鐘楼院 唯一郎',
  address: '伊勢崎市カナリア町九丁目八七六番地',
  email: `canary-${randomUUID().slice(0, 8)}@example.jp`,
  sentence: 'この一文はカナリア七三九の全文にだけ書かれています。',
};

/** A case of this test's own (another title, so specs that look for the Isesaki row find one). */
const createCase = () => createTestCase(sql, { prefix: 'results', title: (slug) => `結果公表テスト ${slug}` });

async function opinionIds(submissionReceipt: string): Promise<number[]> {
  const rows = await sql<{ id: string }[]>`
    select o.id from opinions o join submissions s on s.id = o.submission_id where s.receipt_number = ${submissionReceipt} order by o.start_offset, o.id`;
  return rows.map((r) => Number(r.id));
}

async function classify(page: Page, id: number, summary: string, category: string) {
  await page.locator(`#op-${id}-summary`).fill(summary);
  await page.locator(`#op-${id}-category`).selectOption(category);
  await page.locator(`#op-${id}-summary`).locator('xpath=ancestor::form').getByRole('button', { name: '保存する' }).click();
  await expect.poll(async () => (await sql`select summary from opinions where id = ${id}`)[0]?.summary).toBe(summary);
}

test('the whole cycle: residents and paper → triage → grouped responses → approval → published results, PDF on A4', async ({ browser, page, baseURL }) => {
  test.setTimeout(180_000);
  const c = await createCase();
  // Three residents send comments through the web form: the canary with JavaScript off, the
  // others with it on and off, each through the confirmation step to the receipt page.
  // The proxy learns new cases within seconds (lib/data/known-paths.ts).
  await untilServed(page.request, `/consultations/${c.slug}/comment`);
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const withScript = await browser.newContext();
  const residentNoScript = await noScript.newPage();
  const residentWithScript = await withScript.newPage();
  const webReceipts = [
    await submitThroughForm(residentNoScript, c.slug, { name: CANARY.name, address: CANARY.address, category: '市内在住', email: CANARY.email }, [
      { itemNumber: 1, text: `対象期間の延長に賛成です。${CANARY.sentence}` },
    ]),
    await submitThroughForm(residentWithScript, c.slug, { name: '伊勢崎 次郎', address: '伊勢崎市今泉町1-1', category: '市内在住', email: '' }, [
      { itemNumber: 2, text: '目標値の根拠を示してください。' },
    ]),
    await submitThroughForm(residentNoScript, c.slug, { name: '伊勢崎 三郎', address: '伊勢崎市今泉町1-2', category: '市内在住', email: '' }, [
      { itemNumber: 2, text: '目標値の根拠を 示してください' },
    ]),
  ];
  await noScript.close();
  await withScript.close();

  // A reviewer signs in through the mailed link.
  const reviewer = await createStaff(sql, 'reviewer');
  const link = await requestSignInLink(page, reviewer.email);
  await page.goto(link);
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).toHaveURL(/\/staff$/);

  // A letter received by post is entered by staff.
  await page.goto(`/staff/consultations/${c.slug}/submissions/new`);
  await page.locator('#paper-channel').selectOption('post');
  await page.locator('#paper-name').fill('郵送 花子');
  await page.locator('#paper-address').fill('伊勢崎市郵便町3-3');
  await page.locator('#paper-category').selectOption({ index: 1 });
  await page.locator('#opinion-0-item').selectOption('');
  await page.locator('#opinion-0-text').fill('全体として読みやすい資料でした。');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByRole('status')).toContainText('で登録しました');

  const receipts = (await sql<{ receipt_number: string; channel: string }[]>`
    select receipt_number, channel from submissions where consultation_id = ${c.id} order by id`).map((r) => r.receipt_number);
  expect(receipts).toHaveLength(4);
  // The form's receipts are the case's first three submissions, in the order they were sent.
  expect(receipts.slice(0, 3)).toEqual(webReceipts);
  const submissionId = async (receipt: string) => Number((await sql`select id from submissions where receipt_number = ${receipt}`)[0]!.id);

  // Split the first letter into two opinions, then classify every opinion.
  const [first] = await opinionIds(receipts[0]!);
  await page.goto(`/staff/consultations/${c.slug}/submissions/${await submissionId(receipts[0]!)}`);
  await page.getByText('この意見を分割する').click();
  await page.locator(`#split-${first}`).fill(`対象期間の延長に賛成です。\n---\n${CANARY.sentence}`);
  await page.getByRole('button', { name: '分割する' }).click();
  await expect.poll(async () => (await opinionIds(receipts[0]!)).length).toBe(2);
  await page.reload();
  const [agree, sentence] = await opinionIds(receipts[0]!);
  await classify(page, agree!, '対象期間の延長に賛成する意見', 'B');
  await classify(page, sentence!, '資料の記述に関する意見', 'B');
  for (const [i, receipt] of receipts.slice(1).entries()) {
    await page.goto(`/staff/consultations/${c.slug}/submissions/${await submissionId(receipt)}`);
    const [id] = await opinionIds(receipt);
    await classify(page, id!, i < 2 ? '目標値の根拠を示すよう求める意見' : '資料が読みやすいとの感想', i < 2 ? 'D' : 'E');
  }

  // Group: the suggested pair of the same text, and two chosen by hand; then draft and submit.
  await page.goto(`/staff/consultations/${c.slug}/responses`);
  const item2 = page.getByTestId('item-2');
  await expect(item2).toContainText('同じ内容の意見 2件');
  await item2.getByRole('button', { name: 'この2件をまとめる' }).click();
  const groupCount = async () => Number((await sql`select count(*)::int as n from response_groups where consultation_id = ${c.id}`)[0]!.n);
  await expect.poll(groupCount).toBe(1);
  await page.reload();
  await page.locator(`#opinion-${agree}`).check();
  await page.locator(`#opinion-${sentence}`).check();
  await page.getByTestId('item-1').getByRole('button', { name: '選択した意見をまとめる' }).click();
  await expect.poll(groupCount).toBe(2);
  await page.reload();
  const [paperOpinion] = await opinionIds(receipts[3]!);
  await page.locator(`#opinion-${paperOpinion}`).check();
  await page.getByTestId('item-whole').getByRole('button', { name: '選択した意見をまとめる' }).click();
  await expect.poll(groupCount).toBe(3);

  const groups = await sql<{ id: string; item_number: number | null }[]>`select id, item_number from response_groups where consultation_id = ${c.id} order by id`;
  const answers: Record<string, { response: string; category: string }> = {
    '2': { response: '目標値は国の推計を基に設定しています。', category: 'D' },
    '1': { response: '対象期間は国の総合戦略に合わせています。', category: 'B' },
    whole: { response: 'ご意見ありがとうございます。', category: 'E' },
  };
  for (const g of groups) {
    const answer = answers[String(g.item_number ?? 'whole')]!;
    await page.goto(`/staff/consultations/${c.slug}/responses`);
    await page.locator(`#response-${g.id}`).fill(answer.response);
    await page.locator(`#category-${g.id}`).selectOption(answer.category);
    await page.getByTestId(`group-${g.id}`).getByRole('button', { name: '下書きを保存' }).click();
    await expect.poll(async () => (await sql`select response from response_groups where id = ${g.id}`)[0]!.response).toBe(answer.response);
    await page.reload();
    await page.getByTestId(`group-${g.id}`).getByRole('button', { name: '承認を依頼する' }).click();
    await expect.poll(async () => (await sql`select status from response_groups where id = ${g.id}`)[0]!.status).toBe('submitted');
  }
  // A reviewer has no approve or publish button.
  await page.reload();
  await expect(page.getByRole('button', { name: '承認する' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '実施結果を公表する' })).toHaveCount(0);

  // The period closes; an admin approves every response and publishes.
  await sql`update consultations set closes_at = now() - interval '1 minute' where id = ${c.id}`;
  const admin = await createStaff(sql, 'admin');
  const adminContext = await browser.newContext();
  await signInWithCookie(adminContext, baseURL!, await createSession(sql, admin.id));
  const adminPage = await adminContext.newPage();
  for (const g of groups) {
    await adminPage.goto(`/staff/consultations/${c.slug}/responses`);
    await adminPage.getByTestId(`group-${g.id}`).getByRole('button', { name: '承認する' }).click();
    await expect.poll(async () => (await sql`select status from response_groups where id = ${g.id}`)[0]!.status).toBe('approved');
  }
  await adminPage.goto(`/staff/consultations/${c.slug}/responses`);
  await adminPage.getByRole('button', { name: '実施結果を公表する' }).click();
  const publications = async () => Number((await sql`select count(*)::int as n from result_publications where consultation_id = ${c.id}`)[0]!.n);
  await expect.poll(publications).toBe(1);

  // An anonymous visitor reads the result.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const resultsPath = `/consultations/${c.slug}/results`;
  await untilServed(visitor.request, resultsPath);
  await visitor.goto(resultsPath);
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText('実施結果');
  await expect(visitor.getByTestId('count-submitters')).toHaveText('4人');
  await expect(visitor.getByTestId('count-opinions')).toHaveText('5件');
  // The counts equal what the table's rows add up to.
  const rowCounts = await visitor.getByTestId('result-table').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({ opinions: Number(r.getAttribute('data-opinions')), item: r.getAttribute('data-item'), category: r.getAttribute('data-category') })),
  );
  expect(rowCounts.reduce((n, r) => n + r.opinions, 0)).toBe(5);
  expect(rowCounts.map((r) => r.item)).toEqual(['', '1', '2']);
  const byCategory = await visitor.getByTestId('count-by-category').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('th')!.textContent!.trim().slice(0, 1), Number(r.querySelector('td')!.textContent)]),
  );
  const fromRows = new Map<string, number>();
  for (const r of rowCounts) fromRows.set(r.category!, (fromRows.get(r.category!) ?? 0) + r.opinions);
  expect(new Map(byCategory as [string, number][])).toEqual(fromRows);
  const byChannel = await visitor.getByTestId('count-by-channel').locator('tbody tr').allInnerTexts();
  expect(byChannel.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['電子申請 3 4', '郵送 1 1']);
  await expect(visitor.getByTestId('result-table')).toContainText('目標値は国の推計を基に設定しています。');
  await expectNoAxeViolations(visitor);

  // Nothing personal in any public form of the result.
  const html = await visitor.content();
  const json = await (await visitor.request.get(`/api/consultations/${c.slug}/results`)).text();
  const csvResponse = await visitor.request.get(`/api/consultations/${c.slug}/results/csv`);
  expect(csvResponse.headers()['content-type']).toContain('text/csv');
  const csv = await csvResponse.text();
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const xlsxResponse = await visitor.request.get(`/api/consultations/${c.slug}/results/xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsxResponse.body()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  const everything = [html, json, csv, cells.join('\n')].join('\n');
  expect(everything).toContain('目標値の根拠を示すよう求める意見');
  const SECRETS = [CANARY.name, CANARY.address, CANARY.email, CANARY.sentence, '郵送 花子', '伊勢崎市郵便町3-3', '伊勢崎 次郎'];
  for (const secret of SECRETS) {
    expect(everything, secret).not.toContain(secret);
  }

  // The print view, rendered to PDF by Chromium: A4 pages holding the table.
  await visitor.emulateMedia({ media: 'print' });
  const pdf = await visitor.pdf({ format: 'A4', printBackground: true });
  const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
  expect(boxes.length).toBeGreaterThan(0);
  for (const [, width, height] of boxes) {
    expect(Math.abs(Number(width) - 595.3)).toBeLessThan(2);
    expect(Math.abs(Number(height) - 841.9)).toBeLessThan(2);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'results-pdf-'));
  writeFileSync(path.join(dir, 'result.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'result.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  // Cell text wraps inside narrow columns, so short phrases are looked for.
  for (const expected of ['意見の概要', '市の考え方', '目標値は国の推計', '資料が読みやすい', '目標値の根拠を示す']) {
    expect(text).toContain(expected);
  }
  expect(text).not.toContain('データのダウンロード');

  // The published result is a snapshot: the reviewer edits an approved response, and the public
  // page, JSON and CSV keep the published text until the admin publishes again.
  await visitor.emulateMedia({ media: 'screen' });
  const item2Group = groups.find((g) => g.item_number === 2)!;
  const published = answers['2']!.response;
  const amended = '目標値は国の推計と市の独自調査を基に設定しています。';
  await page.goto(`/staff/consultations/${c.slug}/responses`);
  await page.locator(`#response-${item2Group.id}`).fill(amended);
  await page.getByTestId(`group-${item2Group.id}`).getByRole('button', { name: '下書きを保存' }).click();
  await expect
    .poll(async () => (await sql<{ response: string; status: string }[]>`select response, status from response_groups where id = ${item2Group.id}`)[0])
    .toEqual({ response: amended, status: 'draft' });
  const publicTexts = async (query = '') =>
    Promise.all(
      [resultsPath, `/api/consultations/${c.slug}/results`, `/api/consultations/${c.slug}/results/csv`].map(async (url) => {
        const response = await visitor.request.get(`${url}${query}`);
        expect(response.status(), url).toBe(200);
        return response.text();
      }),
    );
  await visitor.goto(resultsPath);
  await expect(visitor.getByTestId('result-table')).toContainText(published);
  await expect(visitor.getByTestId('result-table')).not.toContainText(amended);
  for (const body of await publicTexts()) {
    expect(body).toContain(published);
    expect(body).not.toContain(amended);
  }

  // The reviewer hands it in again, the admin approves and publishes a second version.
  await page.reload();
  await page.getByTestId(`group-${item2Group.id}`).getByRole('button', { name: '承認を依頼する' }).click();
  await expect.poll(async () => (await sql`select status from response_groups where id = ${item2Group.id}`)[0]!.status).toBe('submitted');
  await adminPage.goto(`/staff/consultations/${c.slug}/responses`);
  await adminPage.getByTestId(`group-${item2Group.id}`).getByRole('button', { name: '承認する' }).click();
  await expect.poll(async () => (await sql`select status from response_groups where id = ${item2Group.id}`)[0]!.status).toBe('approved');
  await adminPage.reload();
  // The first version is in the page cache (kept for the whole e2e run: scripts/e2e-server.sh;
  // another spec's change empties it, so the page is asked for until it is served from there)…
  await expect
    .poll(async () => {
      const cached = await visitor.request.get(resultsPath);
      return `${cached.headers()['x-page-cache']} ${(await cached.text()).includes(published)}`;
    })
    .toBe('hit true');
  await adminPage.getByRole('button', { name: '実施結果を公表する' }).click();
  await expect.poll(publications).toBe(2);
  await adminContext.close();
  // …and publishing clears it: the next visitor gets the page rendered afresh.
  const afterPublishing = await visitor.request.get(resultsPath);
  expect(afterPublishing.headers()['x-page-cache']).toBe('miss');
  expect(await afterPublishing.text()).toContain(amended);

  // The latest version carries the edit; ?version=1 still shows the first one, with its notice.
  await visitor.goto(resultsPath);
  await expect(visitor.getByTestId('result-table')).toContainText(amended);
  await expect(visitor.getByTestId('result-table')).not.toContainText(published);
  await expect(visitor.locator('.result-versions li')).toHaveCount(2);
  const latestTexts = await publicTexts();
  for (const body of latestTexts) {
    expect(body).toContain(amended);
    expect(body).not.toContain(published);
  }
  await visitor.goto(`${resultsPath}?version=1`);
  await expect(visitor.getByText('これは第1版です。最新は第2版です。')).toBeVisible();
  await expect(visitor.getByTestId('result-table')).toContainText(published);
  await expect(visitor.getByTestId('result-table')).not.toContainText(amended);
  await expect(visitor.getByTestId('count-submitters')).toHaveText('4人');
  await expect(visitor.getByTestId('count-opinions')).toHaveText('5件');
  const firstTexts = await publicTexts('?version=1');
  for (const body of firstTexts) {
    expect(body).toContain(published);
    expect(body).not.toContain(amended);
  }
  // Neither version publishes anything personal.
  for (const body of [...latestTexts, ...firstTexts]) {
    for (const secret of SECRETS) expect(body, secret).not.toContain(secret);
  }
  await visitorContext.close();
});
