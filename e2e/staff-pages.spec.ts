import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { expectDesignSystemControls } from './support/controls';
import { expectForm, readForm } from './support/form-fields';
import { expectNoHorizontalScroll } from './support/layout';
import { filesUnder } from './support/source-files';
import { connectE2eDatabase } from './support/staff-sessions';
import { createStaffCase, type StaffCase } from './support/staff-case';

// Every staff page (walked from app/staff/(console), so a new page is in the walk), as an admin,
// at 1280 and 768 px: axe finds nothing and nothing scrolls sideways — on a case with nothing in
// it, and on one with a submission, a group and a template; then a form in its error, saved and
// conflict states (the templates form, the opinion form and the response group form). Every button,
// select and input on them is a design-system part (e2e/support/controls.ts). (e2e/staff-forms.spec.ts
// walks every form's saved state with and without JavaScript.)
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const CONSOLE = path.join('app', 'staff', '(console)');
/** Only on an install that cannot send mail (this server sends it): answers 404 here. */
const LOCAL_ONLY = ['/staff/local-outbox'];

/** Each console page's URL for a case and one of its submissions. */
function pageUrls(slug: string, submissionId: number | null): string[] {
  return filesUnder(CONSOLE)
    .filter((file) => file.endsWith(`${path.sep}page.tsx`))
    .map((file) => {
      const segments = path.dirname(file).split(path.sep).slice(3).filter((s) => !/^\(.*\)$/.test(s));
      return `/staff/${segments.join('/')}`.replace(/\/$/, '').replace('[slug]', slug).replace('[id]', String(submissionId));
    })
    .filter((url) => !LOCAL_ONLY.includes(url) && (submissionId !== null || !url.includes('/submissions/null')));
}

async function walkPages(page: Page, urls: string[], width: number) {
  await page.setViewportSize({ width, height: 900 });
  for (const url of urls) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page, `${url} at ${width}px`);
    await expectDesignSystemControls(page, `${url} at ${width}px`);
  }
}

/** A filled case: its submission grouped with a drafted response, and a template; a department with a long name (every 担当課 select lists it). */
async function fill(page: Page, setup: StaffCase) {
  await sql`insert into departments (name) values (${`長い名前の部署${'企画調整課'.repeat(18)}`}) on conflict do nothing`;
  await page.goto(`/staff/consultations/${setup.slug}/responses`);
  await page.locator('form[data-staff-form="group-create"]').getByRole('checkbox').first().check();
  await page.getByRole('button', { name: '選択した意見をまとめる' }).click();
  await expect(page.locator('form[data-staff-form="response-draft"]')).toHaveCount(1);
  await page.goto(`/staff/consultations/${setup.slug}/templates`);
  const create = page.locator('form[data-staff-form="template-create"]');
  await create.getByLabel('題名', { exact: true }).fill('お礼');
  await create.getByLabel('本文', { exact: true }).fill('ご意見ありがとうございます。'.repeat(20));
  await create.getByRole('button', { name: '定型文を追加' }).click();
  await expect(page.locator('form[data-staff-form="template"]')).toHaveCount(1);
}

for (const width of [1280, 768]) {
  test(`every staff page at ${width}px, empty and filled: axe clean, no sideways scroll`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    const setup = await createStaffCase(sql, page, baseURL!, `${'公園の遊具を増やしてください。'.repeat(30)}${'A'.repeat(120)}`);
    await fill(page, setup);
    const urls = pageUrls(setup.slug, setup.submissionId);
    expect(urls).toEqual(expect.arrayContaining(['/staff', '/staff/users', `/staff/consultations/${setup.slug}/templates`]));
    await walkPages(page, urls, width);

    // The same case's pages with nothing in them: no submission, group or template.
    const [empty] = await sql<{ slug: string }[]>`
      insert into consultations (slug, title, department, opens_at, closes_at)
      values (${`${setup.slug}-empty`}, '空の案件', '企画部 企画調整課', now() - interval '1 day', now() + interval '30 days') returning slug`;
    await walkPages(page, pageUrls(empty!.slug, null).filter((url) => url.includes(empty!.slug)), width);
  });
}

test('a form in its error, saved and conflict states at 1280 and 768 px: axe clean, no sideways scroll', async ({ page, browser, baseURL }) => {
  const setup = await createStaffCase(sql, page, baseURL!);
  const url = `/staff/consultations/${setup.slug}/templates`;
  const check = async (state: string) => {
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoAxeViolations(page);
      await expectNoHorizontalScroll(page, `${url} ${state} at ${width}px`);
    }
  };
  await page.goto(url);
  const create = page.locator('form[data-staff-form="template-create"]');
  await create.getByRole('button', { name: '定型文を追加' }).click();
  await expect(page.getByText('題名を入力してください。').first()).toBeVisible();
  await check('error');
  await page.locator('form[data-staff-form="template-create"]').getByLabel('題名', { exact: true }).fill('お礼');
  await page.locator('form[data-staff-form="template-create"]').getByLabel('本文', { exact: true }).fill('ご意見ありがとうございます。');
  await page.locator('form[data-staff-form="template-create"]').getByRole('button', { name: '定型文を追加' }).click();
  await expect(page.getByText('定型文を追加しました。')).toBeVisible();
  await check('saved');

  // Someone else saves the same template meanwhile: this page's save is refused as a conflict.
  const other = await browser.newPage();
  await other.context().addCookies(await page.context().cookies());
  await other.goto(url);
  await other.locator('form[data-staff-form="template"]').getByLabel('本文', { exact: true }).fill('別の職員の文');
  await other.locator('form[data-staff-form="template"]').getByRole('button', { name: '定型文を保存' }).click();
  await expect(other.getByText('定型文を保存しました。')).toBeVisible();
  await other.close();
  await page.locator('form[data-staff-form="template"]').getByLabel('本文', { exact: true }).fill('この職員の文');
  await page.locator('form[data-staff-form="template"]').getByRole('button', { name: '定型文を保存' }).click();
  await expect(page.getByText('他の職員が先にこの定型文を保存しました。').first()).toBeVisible();
  await check('conflict');
  const [stored] = await sql<{ body: string }[]>`select t.body from response_templates t join consultations c on c.id = t.consultation_id where c.slug = ${setup.slug}`;
  expect(stored?.body).toBe('別の職員の文');
});

/** Axe clean and no sideways scroll at 1280 and 768 px, in the state the page shows now. */
async function checkState(page: Page, what: string) {
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page, `${what} at ${width}px`);
  }
}

test('the opinion form in its saved, error and conflict states at 1280 and 768 px: axe clean, no sideways scroll', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const setup = await createStaffCase(sql, page, baseURL!);
  const [opinion] = await sql<{ id: string }[]>`select id from opinions where submission_id = ${setup.submissionId}`;
  await page.goto(`/staff/consultations/${setup.slug}/submissions/${setup.submissionId}`);
  const form = page.locator('form[data-staff-form="opinion"]').first();
  await form.getByLabel('対応区分', { exact: true }).selectOption('A');
  await form.getByRole('button', { name: '保存する', exact: true }).click();
  await expect(form.getByRole('status')).toContainText('保存しました');
  await checkState(page, 'opinion saved');

  // A category the case does not have (a stale page): refused at the field.
  await form.getByLabel('対応区分', { exact: true }).evaluate((select: HTMLSelectElement) => select.add(new Option('Z 削除された区分', 'Z')));
  await form.getByLabel('対応区分', { exact: true }).selectOption('Z');
  await form.getByLabel('意見の概要', { exact: true }).fill('入力途中の概要');
  const typed = await readForm(form);
  await form.getByRole('button', { name: '保存する', exact: true }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  // What the clerk typed stays when the server refuses it.
  await expectForm(form, typed, 'after the refusal');
  await checkState(page, 'opinion error');

  // Another clerk saved the opinion meanwhile: this save is refused and the stored values listed.
  await sql`update opinions set summary = '別の職員の概要', version = version + 1 where id = ${opinion!.id}`;
  await form.getByLabel('対応区分', { exact: true }).selectOption('B');
  await form.getByRole('button', { name: '保存する', exact: true }).click();
  await expect(form.getByRole('alert')).toContainText('他の職員が先にこの意見を更新しました');
  await checkState(page, 'opinion conflict');
  const [stored] = await sql`select category_code, summary from opinions where id = ${opinion!.id}`;
  expect(stored).toEqual({ category_code: 'A', summary: '別の職員の概要' });
});

test('the response group form in its saved, error and conflict states at 1280 and 768 px: axe clean, no sideways scroll', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const setup = await createStaffCase(sql, page, baseURL!);
  await page.goto(`/staff/consultations/${setup.slug}/responses`);
  await page.locator('form[data-staff-form="group-create"]').getByRole('checkbox').first().check();
  await page.getByRole('button', { name: '選択した意見をまとめる' }).click();
  const form = page.locator('form[data-staff-form="response-draft"]');
  await expect(form).toHaveCount(1);
  await form.getByLabel('市の考え方', { exact: true }).fill('ご意見を踏まえ、遊具の更新を計画に位置付けます。');
  await form.getByRole('button', { name: '下書きを保存' }).click();
  await expect(form.getByRole('status')).toContainText('下書きを保存しました');
  await checkState(page, 'response group saved');

  // 挿入する with nothing chosen to insert: refused at the field, and what was typed stays.
  await form.getByLabel('市の考え方', { exact: true }).fill('入力途中の回答');
  const typed = await readForm(form);
  await form.getByRole('button', { name: '挿入する' }).click();
  await expect(form.getByText('挿入する定型文または回答を選んでください。').first()).toBeVisible();
  await expectForm(form, typed, 'after the refusal');
  await checkState(page, 'response group error');

  // Another clerk saved the group meanwhile.
  await sql`update response_groups set response = '別の職員の回答', version = version + 1
    where consultation_id = (select id from consultations where slug = ${setup.slug})`;
  await form.getByLabel('市の考え方', { exact: true }).fill('この職員の回答');
  await form.getByRole('button', { name: '下書きを保存' }).click();
  await expect(form.getByRole('alert')).toContainText('他の職員が先に変更しました');
  await checkState(page, 'response group conflict');
  const [stored] = await sql`select g.response from response_groups g join consultations c on c.id = g.consultation_id where c.slug = ${setup.slug}`;
  expect(stored).toEqual({ response: '別の職員の回答' });
});
