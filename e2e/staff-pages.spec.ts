import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { expectDesignSystemControls } from './support/controls';
import { expectForm, readForm } from './support/form-fields';
import { expectNoHorizontalScroll } from './support/layout';
import { filesUnder } from './support/source-files';
import { insertPlaceholderPasskey } from './support/passkeys';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';
import { createStaffCase, type StaffCase } from './support/staff-case';

// Every staff page (walked from app/staff/(console), so a new page is in the walk), as an admin,
// at 1280, 768, 390 and 320 px: axe finds nothing and nothing scrolls sideways — on a case with
// long content in every place a clerk or a resident can type it (a long case title, long
// department names, a long e-mail address, long opinion text and an unbroken 200-character word),
// and on one with nothing in it (at 1280, 768 and 390 px). On a phone (390 and 320 px) no table
// scrolls sideways inside its own box either: every table fits or stacks its rows. The sign-in
// pages (sign-in, check your mail, confirm, failed, setup, the passkey step) at the same four
// widths. Then a form in its error, saved and conflict states (the templates form, the opinion
// form and the response group form). Every button, select and input on them is a design-system
// part (e2e/support/controls.ts). (e2e/staff-forms.spec.ts walks every form's saved state with and
// without JavaScript.) Screenshots of every page at 390 and 320 px are kept in the test's output.
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

/** Below this width a phone: no table may scroll sideways inside its own box (above, a wide one may). */
const PHONE = 640;

/** The page's first 8000 px, kept in the test's output to look at (the users page lists every member of the e2e database). */
async function screenshot(page: Page, name: string) {
  const height = await page.evaluate(() => Math.min(document.documentElement.scrollHeight, 8000));
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: page.viewportSize()!.width, height } });
}

async function walkPages(page: Page, urls: string[], width: number, shots?: string) {
  await page.setViewportSize({ width, height: 900 });
  for (const url of urls) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page, `${url} at ${width}px`, 'body', { tablesMayScroll: width >= PHONE });
    await expectDesignSystemControls(page, `${url} at ${width}px`);
    if (shots) await screenshot(page, `${shots}-${width}${url.replace(/^\/staff/, '').replace(/\/consultations\/[^/]+/, '/case').replace(/\W+/g, '-') || '-home'}`);
  }
}

/** An unbroken 200-character word, as a clerk could type into a text (an opinion, a summary, a response, an address). */
const WORD = `https://example.jp/${'a'.repeat(181)}`;
/** The same in a one-line field that takes 100 characters (a department, a category, a name; a title takes 200). */
const SHORT_WORD = WORD.slice(0, 100);
const LONG_TITLE = `${'子育て世代が住み続けたいと思えるまちづくりのための'.repeat(4)}${SHORT_WORD}`;
const LONG_DEPARTMENT = `長い名前の部署${'企画調整課'.repeat(18)}`;
/** A department a clerk named with an unbroken word (every 担当課 select and list shows it). */
const WORD_DEPARTMENT = SHORT_WORD.replace('https', '部署');
const LONG_DOMAIN = `${'city-planning-and-coordination-division.'.repeat(3)}example.jp`;
const LONG_EMAIL = `${'hanako.isesaki.'.repeat(4)}a@${LONG_DOMAIN}`;

/**
 * A filled case with long content everywhere: a long title with an unbroken word, long department
 * names (every 担当課 select lists them), a submission with a long address and e-mail address,
 * its opinion with a long summary and department, grouped with a long drafted response, a
 * template with a long body and a category with a long label; then an admin with a long name and
 * e-mail address is signed in (the header names them, the users page lists them).
 */
async function fill(page: Page, setup: StaffCase, baseURL: string) {
  for (const name of [LONG_DEPARTMENT, WORD_DEPARTMENT]) await sql`insert into departments (name) values (${name}) on conflict do nothing`;
  const [c] = await sql<{ id: number }[]>`update consultations set title = ${LONG_TITLE} where slug = ${setup.slug} returning id`;
  await sql`insert into handling_categories (consultation_id, code, label, position) values (${c!.id}, 'L', ${`今後の施策の参考${SHORT_WORD}`.slice(0, 100)}, 9)`;
  await sql`update submissions set submitter_name = ${`伊勢崎 ${'花子'.repeat(20)}`}, submitter_address = ${WORD}, submitter_email = ${LONG_EMAIL}
    where id = ${setup.submissionId}`;
  await sql`update opinions set summary = ${`${'公園の遊具と日陰の見直し'.repeat(6)}${WORD}`}, department = ${SHORT_WORD}
    where submission_id = ${setup.submissionId}`;
  await page.goto(`/staff/consultations/${setup.slug}/responses`);
  await page.locator('form[data-staff-form="group-create"]').getByRole('checkbox').first().check();
  await page.getByRole('button', { name: '選択した意見をまとめる' }).click();
  const draft = page.locator('form[data-staff-form="response-draft"]');
  await expect(draft).toHaveCount(1);
  await draft.getByLabel('市の考え方', { exact: true }).fill(`${'ご意見を踏まえ、遊具の更新を計画に位置付けます。'.repeat(12)}${WORD}`);
  await draft.getByRole('button', { name: '下書きを保存' }).click();
  await expect(draft.getByRole('status')).toContainText('下書きを保存しました');
  await page.goto(`/staff/consultations/${setup.slug}/templates`);
  const create = page.locator('form[data-staff-form="template-create"]');
  await create.getByLabel('題名', { exact: true }).fill(SHORT_WORD);
  await create.getByLabel('本文', { exact: true }).fill(`${'ご意見ありがとうございます。'.repeat(20)}${WORD}`);
  await create.getByRole('button', { name: '定型文を追加' }).click();
  await expect(page.locator('form[data-staff-form="template"]')).toHaveCount(1);

  const admin = await createStaff(sql, 'admin', `long-${'a'.repeat(40)}`, LONG_DOMAIN, [LONG_DEPARTMENT, WORD_DEPARTMENT]);
  await sql`update users set name = ${SHORT_WORD} where id = ${admin.id}`;
  await signInWithCookie(page.context(), baseURL, await createSession(sql, admin.id));
}

// The filled case at every width; the empty one at 1280, 768 and 390 px (320 px adds nothing an
// empty page could break that 390 does not, and CI's run time stays bounded).
for (const width of [1280, 768, 390, 320]) {
  test(`every staff page at ${width}px, ${width === 320 ? 'filled' : 'empty and filled'}, long content: axe clean, no sideways scroll`, async ({ page, baseURL }) => {
    test.setTimeout(600_000);
    const setup = await createStaffCase(sql, page, baseURL!, `${'公園の遊具を増やしてください。'.repeat(30)}${WORD}`);
    await fill(page, setup, baseURL!);
    const urls = pageUrls(setup.slug, setup.submissionId);
    expect(urls).toEqual(expect.arrayContaining(['/staff', '/staff/users', `/staff/consultations/${setup.slug}/templates`]));
    await walkPages(page, urls, width, width < PHONE ? 'filled' : undefined);
    if (width === 320) return;

    // The same case's pages with nothing in them: no submission, group or template.
    const [empty] = await sql<{ slug: string }[]>`
      insert into consultations (slug, title, department, opens_at, closes_at)
      values (${`${setup.slug}-empty`}, '空の案件', '企画部 企画調整課', now() - interval '1 day', now() + interval '30 days') returning slug`;
    await walkPages(page, pageUrls(empty!.slug, null).filter((url) => url.includes(empty!.slug)), width, width < PHONE ? 'empty' : undefined);
  });
}

test('the sign-in pages at 1280, 768, 390 and 320 px, with a long e-mail address: axe clean, no sideways scroll', async ({ browser, baseURL }) => {
  test.setTimeout(480_000);
  // The passkey step of a session opened by the mailed link, for a member who has a passkey.
  const member = await createStaff(sql, 'reviewer', `long-${'a'.repeat(40)}`, LONG_DOMAIN);
  await insertPlaceholderPasskey(sql, member.id);
  const pending = await browser.newContext();
  await signInWithCookie(pending, baseURL!, await createSession(sql, member.id, new Date(), { secondFactor: false }));
  // A client of its own, so the sign-in requests count against no other test's.
  const anonymous = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `198.18.214.${Math.floor(Math.random() * 250) + 1}` } });
  const [visitor, owing] = [await anonymous.newPage(), await pending.newPage()];
  const pages: { url: string; shows: string; page: Page; act?: (page: Page) => Promise<void> }[] = [
    { url: '/staff/sign-in', shows: 'ログイン用リンクを送る', page: visitor },
    {
      url: '/staff/sign-in',
      shows: 'メールアドレスの形式で入力してください',
      page: visitor,
      // A long, unbroken, malformed address: refused at the field, and the page keeps its width.
      act: async (page) => {
        await page.getByLabel('メールアドレス').fill(WORD);
        await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
      },
    },
    { url: '/staff/sign-in?signedOut=1', shows: 'ログアウトしました。', page: visitor },
    { url: '/staff/sign-in/check-mail', shows: 'メールを確認してください', page: visitor },
    { url: `/staff/sign-in/confirm?${new URLSearchParams({ token: 'f'.repeat(64), email: member.email })}`, shows: 'ログインする', page: visitor },
    { url: '/staff/sign-in/confirm', shows: 'リンクが正しくありません。', page: visitor },
    { url: '/staff/sign-in/failed', shows: 'ログインできませんでした', page: visitor },
    { url: `/staff/sign-in/setup?token=${'f'.repeat(64)}`, shows: 'この初期設定用リンクは使えません', page: visitor },
    { url: '/staff/sign-in/passkey', shows: 'パスキーで本人確認', page: owing },
  ];
  for (const [n, p] of pages.entries()) {
    await p.page.setViewportSize({ width: 1280, height: 900 });
    await p.page.goto(p.url);
    await p.act?.(p.page);
    await expect(p.page.locator('main')).toContainText(p.shows);
    for (const width of [1280, 768, 390, 320]) {
      await p.page.setViewportSize({ width, height: 900 });
      // axe at the phone widths (e2e/a11y.spec.ts and staff-sign-in.spec.ts run it at the window's).
      if (width < PHONE) await expectNoAxeViolations(p.page);
      await expectNoHorizontalScroll(p.page, `${p.url} (${p.shows}) at ${width}px`, 'body', { tablesMayScroll: width >= PHONE });
      await expectDesignSystemControls(p.page, `${p.url} at ${width}px`);
      if (width < PHONE) await screenshot(p.page, `sign-in-${n}-${width}${p.url.replace(/\?.*$/, '').replace(/\W+/g, '-')}`);
    }
  }
  await pending.close();
  await anonymous.close();
});

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
  test.setTimeout(120_000);
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
  test.setTimeout(120_000);
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
