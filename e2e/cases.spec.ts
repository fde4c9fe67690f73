import { expectNoHorizontalScroll } from './support/layout';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { csvFromTsv, fakeExecutable, tinyPdf, xlsxFromTsv } from '../lib/testing/revision-table-files';
import { expectNoAxeViolations } from './support/axe';
import { untilServed } from './support/cases';
import { submitThroughForm } from './support/comment-form';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';
import { classifyOpinion, opinionIdsOf } from './support/triage-steps';

// PostgreSQL project only: staff sessions are rows in the e2e database.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const seed = readFileSync(path.join(process.cwd(), 'db/seed/isesaki-2nd-strategy.txt'), 'utf8');
const TSV = 'text/tab-separated-values';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** No horizontal scrolling at these widths, apart from wide tables inside their own scrolling box. */
async function expectReflow(page: Page): Promise<void> {
  for (const width of [320, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoHorizontalScroll(page, `${page.url()} at ${width}px`, 'main');
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const SETTINGS = {
  title: '伊勢崎市テスト計画（改訂素案）',
  overview: '今回の改訂は、国の総合戦略を踏まえて行うものです。\n・計画期間を延長します\n・KPIを再設定します',
  postalAddress: '〒372-8501 伊勢崎市今泉町二丁目410番地 企画調整課',
  fax: '0270-24-0000',
  email: 'kikaku@city.example.jp',
  counter: '市役所本庁舎 3階 企画調整課',
  howToSubmit: '様式は自由です。',
  contact: '企画調整課 電話 0270-24-5111',
  categories: '市内在住\n市内在勤\n利害関係者',
};

async function fillSettings(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await page.locator(`#case-${name}`).fill(value);
}

/** 担当課 is chosen from the departments the staff member may use. */
const DEPARTMENT = '企画部 企画調整課';

async function expectSettings(page: Page, values: Record<string, string>, checked: Record<string, boolean>) {
  await expect(page.locator('#case-departmentId option:checked')).toHaveText(DEPARTMENT);
  for (const [name, value] of Object.entries(values)) await expect(page.locator(`#case-${name}`), name).toHaveValue(value);
  for (const [name, value] of Object.entries(checked)) {
    if (value) await expect(page.locator(`#case-${name}`), name).toBeChecked();
    else await expect(page.locator(`#case-${name}`), name).not.toBeChecked();
  }
}

/** Japan's date `days` from now as YYYY-MM-DD, and a datetime-local value. */
function japanDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
}

test("a case from creation to a published result, run by a reviewer of its department: table imported three ways and re-imported while open, documents attached and removed, period run to an early close; an admin approves and publishes; another department sees none of it", async ({ page, context, baseURL, browser, request }) => {
  test.setTimeout(300_000);
  // 担当職員 of the case's department do the whole setup; approving and publishing stay with an admin.
  const reviewer = await createStaff(sql, 'reviewer', 'dept-reviewer', 'e2e.test', [DEPARTMENT]);
  await signInWithCookie(context, baseURL!, await createSession(sql, reviewer.id));
  const slug = `cases-e2e-${randomUUID().slice(0, 8)}`;
  // A department the reviewer does not belong to is not offered for a new case.
  await page.goto('/staff/consultations/new');
  await expect(page.locator('#case-departmentId option')).toHaveCount(2);
  await expect(page.locator('#case-departmentId option').nth(1)).toHaveText(DEPARTMENT);

  // 1. Create: every field, then the settings page shows what was stored.
  await expectNoAxeViolations(page);
  await expectReflow(page);
  await page.locator('#case-title').fill('Test Plan 2025');
  await page.getByRole('button', { name: '案件名から提案' }).click();
  await expect(page.locator('#case-slug')).toHaveValue(/^test-plan-2025-\d{8}$/);
  await fillSettings(page, { ...SETTINGS, slug });
  await page.locator('#case-departmentId').selectOption({ label: DEPARTMENT });
  await page.locator('#case-requireEmail').check();
  await page.getByRole('button', { name: '下書きとして作成' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/consultations/${slug}/settings`));
  await expect(page.getByTestId('case-state')).toHaveText('下書き（職員のみ閲覧可）');
  const checks = { requireName: true, requireAddress: true, requireCategory: true, requireEmail: true };
  await page.reload();
  await expectSettings(page, { ...SETTINGS, slug }, checks);

  // Change one field, save, reload, check every field; a bad one is refused at the field and nothing changes.
  await page.locator('#case-fax').fill('0270-24-9999');
  await page.locator('#case-requireAddress').uncheck();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存しました。' })).toBeVisible();
  await page.reload();
  const saved = { ...SETTINGS, slug, fax: '0270-24-9999' };
  const savedChecks = { ...checks, requireAddress: false };
  await expectSettings(page, saved, savedChecks);
  await page.locator('#case-fax').fill('<script>');
  await page.locator('#case-title').fill('');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#case-title-error')).toHaveText('案件名を入力してください。');
  await expect(page.locator('#case-fax-error')).toHaveText('FAX番号は数字とハイフンで入力してください。');
  await expect(page.locator('#case-overview')).toHaveValue(SETTINGS.overview);
  await page.reload();
  await expectSettings(page, saved, savedChecks);
  await expectNoAxeViolations(page);
  await expectReflow(page);

  // A draft is not public anywhere.
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`${baseURL}/consultations/${slug}`)).status()).toBe(404);
  expect((await anonymous.request.get(`${baseURL}/api/consultations/${slug}`)).status()).toBe(404);
  expect(JSON.stringify(await (await anonymous.request.get(`${baseURL}/api/consultations`)).json())).not.toContain(slug);

  // 2. Import: a broken file lists every error by row and column, and stores nothing.
  await page.goto(`/staff/consultations/${slug}/items`);
  const lines = seed.split('\n');
  const rowOf = (n: number) => lines.findIndex((line) => line.startsWith(`${n}\t`));
  const broken = [...lines];
  broken[rowOf(4)] = '4\tp.6\t具体的な施策①\t<script>alert(1)</script>\t後';
  broken[rowOf(6)] = broken[rowOf(6)]!.replace(/^6/, '5');
  broken[rowOf(9)] = '9\tp.7\t注釈\t前';
  await page.locator('#import-file').setInputFiles({ name: 'broken.tsv', mimeType: TSV, buffer: Buffer.from(broken.join('\n')) });
  await page.getByRole('button', { name: 'プレビュー' }).click();
  const problems = page.getByTestId('import-problems');
  await expect(problems.getByRole('heading')).toContainText('3件');
  await expect(problems.getByRole('row').nth(1)).toContainText(`${rowOf(4) + 1}D列（改訂前）使えないHTML（<script>）`);
  await expect(problems.getByRole('row').nth(2)).toContainText(`${rowOf(6) + 1}A列（No.）No.5 が重複しています。`);
  await expect(problems.getByRole('row').nth(3)).toContainText(`${rowOf(9) + 1}行全体列の数が 4 です。`);
  await expectNoAxeViolations(page);
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from revision_items where consultation_id = (select id from consultations where slug = ${slug})`;
  expect(row?.n).toBe(0);

  // The seed as TSV: a preview of all 52 items as residents will see them, then confirm.
  await page.locator('#import-file').setInputFiles({ name: 'isesaki.txt', mimeType: 'text/plain', buffer: Buffer.from(seed) });
  await page.getByRole('button', { name: 'プレビュー' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByRole('heading', { level: 2 })).toHaveText('プレビュー（52件）');
  await expect(preview.getByRole('status')).toHaveText('追加 52件・変更 0件・削除 0件・変更なし 0件');
  await expect(preview.getByTestId('preview-item-23').locator('ins').first()).toBeVisible();
  await expect(preview.getByTestId('preview-item-52')).toContainText('［追加］');
  await expectNoAxeViolations(page);
  await expectReflow(page);
  await page.getByRole('button', { name: 'この内容で取り込む' }).click();
  await expect(page.getByRole('status').filter({ hasText: '取り込みました' })).toHaveText('取り込みました（追加 52件、変更 0件、削除 0件）。');
  await expect(page.getByTestId('items-table').getByRole('row')).toHaveCount(53);

  // The same table as CSV and as XLSX: the same 52 items, nothing to change.
  for (const file of [
    { name: 'isesaki.csv', mimeType: 'text/csv', buffer: csvFromTsv(seed) },
    { name: 'isesaki.xlsx', mimeType: XLSX, buffer: await xlsxFromTsv(seed) },
  ]) {
    await page.locator('#import-file').setInputFiles(file);
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await expect(page.getByTestId('import-preview').getByRole('status'), file.name).toHaveText('追加 0件・変更 0件・削除 0件・変更なし 52件');
    await page.getByRole('button', { name: 'この内容で取り込む' }).click();
    await expect(page.getByRole('status').filter({ hasText: '取り込みました' })).toHaveText('取り込みました（追加 0件、変更 0件、削除 0件）。');
  }

  // Single items while draft: edit item 52, save, reload, check.
  await page.goto(`/staff/consultations/${slug}/items?edit=52`);
  await page.locator('#item-52-after').fill('・追加した取組\n・もう一つの取組');
  await page.locator('#item-52-page').fill('31');
  await page.getByTestId('item-52-form').getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('item-52-form').getByRole('status')).toHaveText('改訂箇所を保存しました。');
  await page.reload();
  await expect(page.locator('#item-52-page')).toHaveValue('31');
  await expect(page.locator('#item-52-after')).toHaveValue('・追加した取組\n・もう一つの取組');

  // 3. Documents: a PDF is attached; an executable named .pdf is refused at the field.
  await page.goto(`/staff/consultations/${slug}/settings`);
  await page.locator('#document-file').setInputFiles({ name: '素案.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
  await page.getByRole('button', { name: '添付', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '資料を添付しました。' })).toBeVisible();
  await expect(page.getByTestId('staff-documents')).toContainText('素案.pdf （PDF、1KB）');
  await page.locator('#document-file').setInputFiles({ name: '資料.pdf', mimeType: 'application/pdf', buffer: fakeExecutable() });
  await page.getByRole('button', { name: '添付', exact: true }).click();
  await expect(page.locator('#document-file-error')).toContainText('ファイルの中身がこれらの形式ではありません');
  await expect(page.getByTestId('staff-documents').getByRole('listitem')).toHaveCount(1);
  // A second document, then removed: gone from the list, the database and its address.
  await page.locator('#document-file').setInputFiles({ name: '参考資料.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
  await page.getByRole('button', { name: '添付', exact: true }).click();
  await expect(page.getByTestId('staff-documents').getByRole('listitem')).toHaveCount(2);
  const removedHref = (await page.getByTestId('staff-documents').getByRole('link', { name: '参考資料.pdf' }).getAttribute('href'))!;
  expect((await page.request.get(removedHref)).status()).toBe(200);
  // The form goes with its document (its outcome with it): the list is the confirmation.
  await page.getByRole('button', { name: '参考資料.pdf を削除' }).click();
  await expect(page.getByTestId('staff-documents').getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('staff-documents')).not.toContainText('参考資料.pdf');
  await page.reload();
  await expect(page.getByTestId('staff-documents').getByRole('listitem')).toHaveCount(1);
  expect((await page.request.get(removedHref)).status()).toBe(404);
  const documents = await sql<{ name: string }[]>`select d.name from consultation_documents d join consultations c on c.id = d.consultation_id where c.slug = ${slug}`;
  expect(documents.map((d) => d.name)).toEqual(['素案.pdf']);

  // 4. Lifecycle: a period that ends before it starts is refused; then scheduled, opened, extended, closed early.
  await page.locator('#schedule-opensAt').fill(`${japanDay(5)}T09:00`);
  await page.locator('#schedule-lastDay').fill(japanDay(2));
  await page.getByTestId('schedule').getByRole('button').click();
  await expect(page.locator('#schedule-lastDay-error')).toHaveText('締切日は開始日時より後にしてください。');
  await page.locator('#schedule-lastDay').fill(japanDay(35));
  await page.getByTestId('schedule').getByRole('button').click();
  await expect(page.getByTestId('case-state')).toHaveText('公開予定');
  await untilServed(request, `/consultations/${slug}`);

  await page.getByTestId('open-now').getByRole('button').click();
  await expect(page.locator('#open-now-confirm-error')).toHaveText('確認のチェックを入れてください。');
  await page.locator('#open-now-confirm').check();
  await page.getByTestId('open-now').getByRole('button').click();
  await expect(page.getByTestId('case-state')).toHaveText('募集中');

  // Comments arrive while open, through the resident form: with JavaScript and without.
  const receipts: string[] = [];
  for (const javaScript of [true, false]) {
    const residentContext = await browser.newContext();
    if (!javaScript) await withoutAppScripts(residentContext);
    const residentPage = await residentContext.newPage();
    receipts.push(
      await submitThroughForm(residentPage, slug, { name: javaScript ? '伊勢崎 次郎' : '伊勢崎 三郎', address: '伊勢崎市曲輪町', category: '市内在勤', email: 'jiro@example.jp' }, [
        { itemNumber: 23, text: javaScript ? '目標値の根拠を示してください。' : '目標値の根拠を教えてください。' },
      ]),
    );
    await residentContext.close();
  }

  // Re-import while open: the preview shows what changes item by item, the import needs the
  // confirmation (decided by the server, not the page), and the commented item keeps its number.
  await page.goto(`/staff/consultations/${slug}/items`);
  const reimported = [...lines];
  reimported[rowOf(23)] = reimported[rowOf(23)]!.replace('合計特殊出生率', '出生率');
  expect(reimported[rowOf(23)]).not.toEqual(lines[rowOf(23)]);
  const itemsOf = async () => sql<{ number: number; before_text: string; page: number }[]>`select number, before_text, page from revision_items
    where consultation_id = (select id from consultations where slug = ${slug}) order by number`;
  const itemsBefore = await itemsOf();
  await page.locator('#import-file').setInputFiles({ name: 'isesaki-r2.tsv', mimeType: TSV, buffer: Buffer.from(reimported.join('\n')) });
  await page.getByRole('button', { name: 'プレビュー' }).click();
  const reimport = page.getByTestId('import-preview');
  // Item 23 edited in the file; item 52 back to the file's text after the draft edit above.
  await expect(reimport.getByRole('status')).toHaveText('追加 0件・変更 2件・削除 0件・変更なし 50件');
  await expect(reimport.getByTestId('preview-item-23')).toContainText('［変更］');
  await expect(reimport.getByTestId('preview-item-23')).toContainText('変わる欄：改訂前');
  await expect(reimport.getByTestId('preview-item-23')).toContainText('意見 2件');
  await expect(reimport.getByTestId('preview-item-52')).toContainText('［変更］');
  await expect(reimport.getByTestId('preview-item-1')).toContainText('［変更なし］');
  await page.getByRole('button', { name: 'この内容で取り込む' }).click();
  await expect(page.locator('#import-confirm-error')).toHaveText('公開中の案件の改訂箇所を変更することを確認するチェックを入れてください。');
  // Refused, the preview stays for the confirmation, and nothing was stored.
  await expect(page.getByTestId('import-preview').getByRole('status')).toHaveText('追加 0件・変更 2件・削除 0件・変更なし 50件');
  expect(await itemsOf()).toEqual(itemsBefore);
  await page.locator('#import-confirm').check();
  await page.getByRole('button', { name: 'この内容で取り込む' }).click();
  await expect(page.getByRole('status').filter({ hasText: '取り込みました' })).toHaveText('取り込みました（追加 0件、変更 2件、削除 0件）。');
  await page.reload();
  await expect(page.getByTestId('items-table').getByRole('row')).toHaveCount(53);
  const itemsAfter = await itemsOf();
  expect(itemsAfter.map((i) => i.number)).toEqual(itemsBefore.map((i) => i.number));
  expect(itemsAfter.find((i) => i.number === 23)!.before_text).not.toContain('合計特殊出生率');
  expect(itemsAfter.find((i) => i.number === 52)!.page).not.toBe(31);
  // The opinions sent about item 23 are still about item 23.
  for (const receipt of receipts) {
    const numbers = await sql<{ item_number: number }[]>`select o.item_number from submission_opinions o join submissions s on s.id = o.submission_id where s.receipt_number = ${receipt}`;
    expect(numbers.map((n) => n.item_number)).toEqual([23]);
  }
  await page.goto(`/staff/consultations/${slug}/settings`);

  // Extending needs its confirmation: refused at the checkbox without it, and the period stays.
  const closesAt = async () => (await sql<{ closes_at: Date }[]>`select closes_at from consultations where slug = ${slug}`)[0]!.closes_at.getTime();
  const closesBefore = await closesAt();
  await page.locator('#extend-lastDay').fill(japanDay(45));
  await page.getByTestId('extend').getByRole('button').click();
  await expect(page.locator('#extend-confirm-error')).toHaveText('確認のチェックを入れてください。');
  expect(await closesAt()).toBe(closesBefore);
  await page.locator('#extend-confirm').check();
  await page.getByTestId('extend').getByRole('button').click();
  await expect(page.getByTestId('extend').getByRole('status')).toHaveText('締切を延長しました。');
  await page.reload();
  // The form proposes a week after the stored end (the 45th day's end).
  await expect(page.locator('#extend-lastDay')).toHaveValue(japanDay(52));
  expect(await closesAt()).toBe(new Date(`${japanDay(46)}T00:00:00+09:00`).getTime());
  // Changed and saved again (the confirmation is asked anew), reloaded and checked.
  await page.locator('#extend-lastDay').fill(japanDay(50));
  await expect(page.locator('#extend-confirm')).not.toBeChecked();
  await page.locator('#extend-confirm').check();
  await page.getByTestId('extend').getByRole('button').click();
  await expect(page.getByTestId('extend').getByRole('status')).toHaveText('締切を延長しました。');
  await page.reload();
  await expect(page.locator('#extend-lastDay')).toHaveValue(japanDay(57));
  await expect(page.locator('#extend-confirm')).not.toBeChecked();
  expect(await closesAt()).toBe(new Date(`${japanDay(51)}T00:00:00+09:00`).getTime());
  const extensions = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'consultation.extended' and actor_id = ${reviewer.id}
    and target_id = (select id::text from consultations where slug = ${slug})`;
  expect(extensions[0]!.n).toBe(2);
  await page.locator('#close-reason').fill('国の方針変更により内容を見直すため');
  await page.locator('#close-confirm').check();
  await page.getByTestId('close').getByRole('button').click();
  await expect(page.getByTestId('case-state')).toHaveText('募集終了');
  const audit = await sql<{ action: string }[]>`select action from audit_log where target_type = 'consultation'
    and target_id = (select id::text from consultations where slug = ${slug}) order by id`;
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['consultation.created', 'consultation.updated', 'consultation.items_imported', 'consultation.scheduled', 'consultation.opened', 'consultation.extended', 'consultation.closed_early']),
  );

  // The resident's case page, without JavaScript: channels, documents, contact and the reason.
  const resident = await browser.newContext();
  await withoutAppScripts(resident);
  const publicPage = await resident.newPage();
  await publicPage.goto(`/consultations/${slug}`.replace(/^/, baseURL!));
  await expect(publicPage.getByTestId('closed-early')).toContainText('国の方針変更により内容を見直すため');
  // In another language the reason staff wrote (Japanese) is marked as Japanese inside the sentence.
  await publicPage.goto(`/en/consultations/${slug}`.replace(/^/, baseURL!));
  await expect(publicPage.getByTestId('closed-early').locator('[lang="ja"]')).toHaveText('国の方針変更により内容を見直すため');
  await expect(publicPage.locator('html')).toHaveAttribute('lang', 'en');
  await publicPage.goto(`/consultations/${slug}`.replace(/^/, baseURL!));
  await expect(publicPage.getByTestId('case-channels')).toContainText('0270-24-9999');
  await expect(publicPage.getByTestId('case-contact')).toHaveText(SETTINGS.contact);
  await expect(publicPage.getByText('計画期間を延長します', { exact: true })).toBeVisible();
  const link = publicPage.getByTestId('case-documents').getByRole('link', { name: '素案.pdf' });
  await expect(publicPage.getByTestId('case-documents')).toContainText('（PDF、1KB）');
  const download = await resident.request.get(new URL((await link.getAttribute('href'))!, baseURL).toString());
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(download.headers()['x-content-type-options']).toContain('nosniff');
  expect(download.headers()['content-disposition']).toContain("filename*=UTF-8''%E7%B4%A0%E6%A1%88.pdf");
  expect(Buffer.from(await download.body()).equals(tinyPdf())).toBe(true);
  await expectNoAxeViolations(publicPage);
  await expectReflow(publicPage);

  // 5. Publish: the reviewer of the case's department (企画部 企画調整課) classifies the opinions,
  // groups them and drafts the city's response; an admin approves (four eyes) and publishes.
  const reviewerContext = context;
  const staffPage = await reviewerContext.newPage();
  const admin = await createStaff(sql, 'admin');
  const adminContext = await browser.newContext();
  await signInWithCookie(adminContext, baseURL!, await createSession(sql, admin.id));
  const adminPage = await adminContext.newPage();
  // The reviewer may neither approve nor publish.
  await staffPage.goto(`/staff/consultations/${slug}/responses`);
  await expect(staffPage.getByRole('button', { name: '実施結果を公表する' })).toHaveCount(0);
  const opinionIds: number[] = [];
  for (const receipt of receipts) {
    const [s] = await sql<{ id: string }[]>`select id from submissions where receipt_number = ${receipt}`;
    await staffPage.goto(`/staff/consultations/${slug}/submissions/${s!.id}`);
    const [id] = await opinionIdsOf(sql, receipt);
    await classifyOpinion(sql, staffPage, id!, '目標値の根拠の説明を求める意見', 'D');
    opinionIds.push(id!);
  }
  await staffPage.goto(`/staff/consultations/${slug}/responses`);
  for (const id of opinionIds) await staffPage.locator(`#opinion-${id}`).check();
  await staffPage.getByTestId('item-23').getByRole('button', { name: '選択した意見をまとめる' }).click();
  await expect.poll(async () => (await sql`select count(*)::int as n from response_groups g join consultations c on c.id = g.consultation_id where c.slug = ${slug}`)[0]!.n).toBe(1);
  const [group] = await sql<{ id: string }[]>`select g.id from response_groups g join consultations c on c.id = g.consultation_id where c.slug = ${slug}`;
  await staffPage.reload();
  await staffPage.locator(`#response-${group!.id}`).fill('目標値は国の推計を基に設定しています。');
  await staffPage.locator(`#category-${group!.id}`).selectOption('D');
  await staffPage.getByTestId(`group-${group!.id}`).getByRole('button', { name: '下書きを保存' }).click();
  await expect.poll(async () => (await sql`select response from response_groups where id = ${group!.id}`)[0]!.response).toBe('目標値は国の推計を基に設定しています。');
  await staffPage.reload();
  await staffPage.getByTestId(`group-${group!.id}`).getByRole('button', { name: '承認を依頼する' }).click();
  await expect.poll(async () => (await sql`select status from response_groups where id = ${group!.id}`)[0]!.status).toBe('submitted');
  await staffPage.reload();
  await expect(staffPage.getByTestId(`group-${group!.id}`).getByRole('button', { name: '承認する' })).toHaveCount(0);
  await adminPage.goto(`/staff/consultations/${slug}/responses`);
  await adminPage.getByTestId(`group-${group!.id}`).getByRole('button', { name: '承認する' }).click();
  await expect.poll(async () => (await sql`select status from response_groups where id = ${group!.id}`)[0]!.status).toBe('approved');
  await adminPage.goto(`/staff/consultations/${slug}/responses`);
  await adminPage.getByRole('button', { name: '実施結果を公表する' }).click();
  await expect.poll(async () => (await sql`select count(*)::int as n from result_publications p join consultations c on c.id = p.consultation_id where c.slug = ${slug}`)[0]!.n).toBe(1);
  await page.goto(`/staff/consultations/${slug}/settings`);
  await expect(page.getByTestId('case-state')).toHaveText('結果公表済み');
  for (const javaScript of [true, false]) {
    const readerContext = await browser.newContext();
    if (!javaScript) await withoutAppScripts(readerContext);
    const reader = await readerContext.newPage();
    await untilServed(reader.request, `${baseURL}/consultations/${slug}/results`);
    await reader.goto(`${baseURL}/consultations/${slug}/results`);
    await expect(reader.getByTestId('result-table')).toContainText('目標値は国の推計を基に設定しています。');
    await expect(reader.getByTestId('count-opinions')).toHaveText('2件');
    await expect(reader.locator('main')).not.toContainText('伊勢崎 次郎');
    await readerContext.close();
  }

  // 6. A reviewer of another department: every page of the case answers 404, as for a case
  // that does not exist, the admins' pages (retention, categories) included.
  const outsider = await createStaff(sql, 'reviewer', 'other-dept', 'e2e.test', ['健康推進部 健康づくり課']);
  const outsiderContext = await browser.newContext();
  await signInWithCookie(outsiderContext, baseURL!, await createSession(sql, outsider.id));
  const [anySubmission] = await sql<{ id: string }[]>`select id from submissions where receipt_number = ${receipts[0]!}`;
  for (const suffix of ['', '/responses', '/submissions/new', `/submissions/${anySubmission!.id}`]) {
    expect((await outsiderContext.request.get(`${baseURL}/staff/consultations/${slug}${suffix}`, { maxRedirects: 0 })).status(), suffix || 'inbox').toBe(404);
    expect((await reviewerContext.request.get(`${baseURL}/staff/consultations/${slug}${suffix}`, { maxRedirects: 0 })).status(), `${suffix || 'inbox'}, own department`).toBe(200);
  }
  for (const api of ['export.csv', 'export.xlsx', 'analysis']) {
    expect((await outsiderContext.request.get(`${baseURL}/api/staff/consultations/${slug}/${api}`)).status(), api).toBe(404);
  }
  expect((await outsiderContext.request.get(`${baseURL}${new URL(await page.getByTestId('staff-documents').getByRole('link', { name: '素案.pdf' }).getAttribute('href').then((h) => h!), baseURL).pathname}`)).status()).toBe(404);
  for (const suffix of ['', '/settings', '/items', '/preview', '/retention', '/categories', '/clusters', '/templates', '/responses', '/submissions/new']) {
    const outside = await outsiderContext.request.get(`${baseURL}/staff/consultations/${slug}${suffix}`, { maxRedirects: 0 });
    expect(outside.status(), suffix).toBe(404);
    expect(await outside.text(), `${suffix}: nothing of the case`).not.toContain(SETTINGS.title);
    expect((await outsiderContext.request.get(`${baseURL}/staff/consultations/${slug}-none${suffix}`, { maxRedirects: 0 })).status(), `${suffix} of no case`).toBe(404);
  }
  // Its own department's reviewer: the case management pages open; the admins' pages answer 403.
  for (const suffix of ['/settings', '/items', '/preview']) {
    expect((await reviewerContext.request.get(`${baseURL}/staff/consultations/${slug}${suffix}`, { maxRedirects: 0 })).status(), `${suffix}, own department`).toBe(200);
  }
  for (const suffix of ['/retention', '/categories']) {
    expect((await reviewerContext.request.get(`${baseURL}/staff/consultations/${slug}${suffix}`, { maxRedirects: 0 })).status(), `${suffix}, own department`).toBe(403);
  }
  expect(await (await outsiderContext.request.get(`${baseURL}/staff`)).text()).not.toContain(slug);
  await outsiderContext.close();
  await adminContext.close();
  await resident.close();
  await anonymous.close();
});

test("documents over the limit are refused without reading them; another department's reviewer cannot reach case settings", async ({ page, context, baseURL, request }) => {
  const admin = await createStaff(sql, 'admin');
  const token = await createSession(sql, admin.id);
  const slug = `cases-limit-${randomUUID().slice(0, 8)}`;
  await sql`insert into consultations (slug, title, department, opens_at, closes_at, draft) values (${slug}, '上限確認', '企画調整課', now() + interval '1 day', now() + interval '30 days', true)`;
  const big = Buffer.alloc(21 * 1024 * 1024, 0x25);
  const response = await request.post(`/api/staff/consultations/${slug}/documents`, {
    headers: { cookie: `authjs.session-token=${token}`, origin: baseURL! },
    multipart: { file: { name: 'big.pdf', mimeType: 'application/pdf', buffer: big } },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toContain('document=tooLarge');
  const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from consultation_documents d join consultations c on c.id = d.consultation_id where c.slug = ${slug}`;
  expect(stored?.n).toBe(0);

  const reviewer = await createStaff(sql, 'reviewer', 'other-dept', 'e2e.test', ['健康推進部 健康づくり課']);
  await signInWithCookie(context, baseURL!, await createSession(sql, reviewer.id));
  const settings = await page.goto(`/staff/consultations/${slug}/settings`);
  expect(settings?.status()).toBe(404);
  // Nor post a document to it.
  const posted = await context.request.post(`/api/staff/consultations/${slug}/documents`, {
    headers: { origin: baseURL! },
    multipart: { file: { name: '素案.pdf', mimeType: 'application/pdf', buffer: tinyPdf() } },
    maxRedirects: 0,
  });
  expect(posted.status()).toBe(404);
  const [after] = await sql<{ n: number }[]>`select count(*)::int as n from consultation_documents d join consultations c on c.id = d.consultation_id where c.slug = ${slug}`;
  expect(after?.n).toBe(0);
});

test('a revision table over the limit gets a message at the field (JavaScript on) or a calm refusal (off), and a 200 MB document is refused while it is still being sent; nothing stored', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await createStaff(sql, 'admin');
  const token = await createSession(sql, admin.id);
  const slug = `cases-big-${randomUUID().slice(0, 8)}`;
  await sql`insert into consultations (slug, title, department, opens_at, closes_at, draft) values (${slug}, '大きいファイル', '企画調整課', now() + interval '1 day', now() + interval '30 days', true)`;
  const itemCount = async () => (await sql<{ n: number }[]>`select count(*)::int as n from revision_items i join consultations c on c.id = i.consultation_id where c.slug = ${slug}`)[0]!.n;
  // The seed's table, padded past the limit with a long overview in its last cell: 3 MB.
  const big = Buffer.from(seed + 'あ'.repeat(1024 * 1024), 'utf8');

  for (const javaScript of [true, false]) {
    const context = await browser.newContext();
    await signInWithCookie(context, baseURL!, token);
    if (!javaScript) await withoutAppScripts(context);
    const page = await context.newPage();
    await page.goto(`/staff/consultations/${slug}/items`);
    // Chosen as soon as the field is there, perhaps before the page's scripts ran.
    await page.getByLabel('改訂箇所のファイル').setInputFiles({ name: 'big.tsv', mimeType: TSV, buffer: big });
    await page.waitForLoadState('load');
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.getByRole('button', { name: 'プレビュー' }).click();
    if (javaScript) {
      // Refused in the browser, at the field, before anything is sent.
      await expect(page.getByLabel('改訂箇所のファイル')).toHaveJSProperty('validationMessage', 'ファイルが大きすぎます（上限 1MB）。');
      expect(posts).toEqual([]);
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('ただいま表示できません');
    } else {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('送信を受け付けられませんでした');
      await expect(page.getByText(/送信データが大きすぎます（上限 \d+MB）/)).toBeVisible();
    }
    expect(await itemCount(), `JavaScript ${javaScript ? 'on' : 'off'}: nothing stored`).toBe(0);
    await context.close();
  }

  // A document sent without a declared length (chunked): the server answers before the 200 MB are through.
  const url = new URL(`/api/staff/consultations/${slug}/documents`, baseURL);
  const boundary = `----e2e${randomUUID()}`;
  const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { cookie: `authjs.session-token=${token}`, origin: baseURL!, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } },
      (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, sent });
        req.destroy();
      },
    );
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 0x25);
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.7\n`);
    const more = () => {
      while (!answered && sent < 200 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', more);
      }
      if (!answered) req.end(`\r\n--${boundary}--\r\n`);
    };
    more();
  });
  expect([303, 413]).toContain(status);
  expect(sent, 'answered long before the 200 MB were sent').toBeLessThan(100 * 1024 * 1024);
  const [documents] = await sql<{ n: number }[]>`select count(*)::int as n from consultation_documents d join consultations c on c.id = d.consultation_id where c.slug = ${slug}`;
  expect(documents?.n).toBe(0);
});
