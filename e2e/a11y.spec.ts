import { expect, test, type Browser, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoHorizontalScroll } from './support/layout';
import { expectNoAxeViolations } from './support/axe';
import { CASES } from './support/cases';
import { fillSubmitter } from './support/comment-form';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie, type E2EStaff } from './support/staff-sessions';

/*
 * axe (WCAG 2.0 A/AA, 2.1 AA, 2.2 AA) on every route in every state, as a table of routes ×
 * states. Each state is reached as a visitor would reach it and proven reached (`shows`) before
 * axe runs, so a broken step fails rather than checking the wrong page.
 *
 * Checked in the flow specs instead, and not repeated here:
 * - browse.spec.ts: home (open, upcoming and closed cases listed), case page unfiltered and by
 *   heading kind, items 7 (no text before) and 23, the 404 page;
 * - comment.spec.ts: form with an item chosen, client-side field errors, confirmation, receipt;
 * - results.spec.ts: a published result;
 * - staff-sign-in.spec.ts: sign-in (empty, field error), check your mail, the confirm page,
 *   sign-in failed, staff home;
 * - triage.spec.ts: inbox (its own case), submission view after a split, paper entry (empty, errors).
 *
 * PostgreSQL project only: the markup does not depend on the database.
 *
 * `js`: 'on' runs with JavaScript; 'off' with the app's scripts kept out (forms post and the
 * server renders the next step); 'both' where the two differ.
 */
type State = {
  state: string;
  path: string;
  js?: 'on' | 'off' | 'both';
  /** What the visitor does after opening `path` to reach the state. */
  act?: (page: Page) => Promise<void>;
  /** Text that only this state shows. */
  shows: string | RegExp;
  /** The HTTP status of `path` (default: any success). */
  status?: number;
};

const { open, closed, upcoming } = CASES;
const caseOf = (slug: string) => `/consultations/${slug}`;
const RESIDENT = { name: '伊勢崎 検査', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: '' };

async function fillComment(page: Page, text = 'アクセシビリティ確認のための意見です。') {
  await fillSubmitter(page, RESIDENT);
  await page.getByLabel('意見の内容').first().fill(text);
  await page.getByLabel('個人情報の取扱いについて同意します').check();
}

async function toConfirmation(page: Page) {
  await fillComment(page);
  await page.getByRole('button', { name: '入力内容を確認する' }).click();
}

const PUBLIC: Record<string, State[]> = {
  'case page': [
    { state: 'closed', path: caseOf(closed.slug), shows: 'この案件の意見募集は終了しました。' },
    { state: 'upcoming', path: caseOf(upcoming.slug), shows: /この案件の意見募集は 令和/ },
    { state: 'filtered by page', path: `${caseOf(open.slug)}?page=24`, shows: /^\d+件を表示（全52件）$/ },
    { state: 'filtered by words', path: `${caseOf(open.slug)}?q=サテライトオフィス`, shows: /^\d+件を表示（全52件）$/ },
    { state: 'all filters at once', path: `${caseOf(open.slug)}?kind=数値目標&page=14&q=年少人口`, shows: /^\d+件を表示（全52件）$/ },
    { state: 'filter with no result', path: `${caseOf(open.slug)}?q=該当のない語句`, shows: '条件に合う改訂箇所はありません。' },
  ],
  'item page': [
    { state: 'first (no previous)', path: `${caseOf(open.slug)}/items/1`, shows: '次の改訂箇所（No.2）' },
    { state: 'middle', path: `${caseOf(open.slug)}/items/26`, shows: '前の改訂箇所（No.25）' },
    { state: 'last (no next)', path: `${caseOf(open.slug)}/items/52`, shows: '前の改訂箇所（No.51）' },
    { state: 'closed case, added passage', path: `${caseOf(closed.slug)}/items/2`, shows: '（改訂前の記載なし。新たに追加される記載です。）' },
  ],
  'comment form': [
    { state: 'empty, no item chosen', path: `${caseOf(open.slug)}/comment`, js: 'both', shows: '個人情報の取扱い' },
    { state: 'filled in', path: `${caseOf(open.slug)}/comment`, act: (page) => fillComment(page), shows: '入力内容はこのブラウザに一時保存されます。' },
    {
      state: 'two opinions (remove buttons)',
      path: `${caseOf(open.slug)}/comment?item=3`,
      js: 'both',
      act: async (page) => {
        await page.getByLabel('意見の内容').fill('一つ目の意見です。');
        await page.getByRole('button', { name: '意見欄を追加する' }).click();
        await expect(page.getByRole('group', { name: '意見 2' })).toBeVisible();
      },
      shows: '意見 2 を削除する',
    },
    {
      state: 'inline field error (e-mail format)',
      path: `${caseOf(open.slug)}/comment`,
      act: async (page) => {
        await page.getByLabel('メールアドレス').fill('not-an-address');
        await page.getByLabel('メールアドレス').blur();
      },
      shows: 'メールアドレスの形式が正しくありません（例：taro@example.jp）。',
    },
    {
      state: 'field errors from the server',
      path: `${caseOf(open.slug)}/comment?item=23`,
      js: 'off',
      act: (page) => page.getByRole('button', { name: '入力内容を確認する' }).click(),
      shows: /入力内容に\d+件の問題があります/,
    },
    {
      state: 'draft offered back',
      path: `${caseOf(open.slug)}/comment`,
      act: async (page) => {
        await page.getByLabel('氏名').fill('下書き 検査');
        await expect.poll(() => page.evaluate((slug) => window.localStorage.getItem(`comment-draft:${slug}`), open.slug)).toContain('下書き 検査');
        await page.reload();
      },
      shows: '前回入力途中の下書きがこのブラウザに保存されています。',
    },
    {
      state: 'confirmation',
      path: `${caseOf(open.slug)}/comment`,
      js: 'off',
      act: toConfirmation,
      shows: '次の内容で提出します。よろしければ「送信する」を押してください。',
    },
    {
      state: 'receipt',
      path: `${caseOf(open.slug)}/comment`,
      js: 'off',
      act: async (page) => {
        await toConfirmation(page);
        await page.getByRole('button', { name: '送信する' }).click();
      },
      shows: '意見を受け付けました',
    },
    { state: 'closed period', path: `${caseOf(closed.slug)}/comment`, shows: 'この案件の意見募集は終了しました。' },
    { state: 'upcoming period', path: `${caseOf(upcoming.slug)}/comment`, shows: /この案件の意見募集は 令和/ },
  ],
  'results page': [
    { state: 'not yet published (open case)', path: `${caseOf(open.slug)}/results`, shows: 'この案件の実施結果はまだ公表されていません。' },
    { state: 'not yet published (upcoming case)', path: `${caseOf(upcoming.slug)}/results`, shows: 'この案件の実施結果はまだ公表されていません。' },
    { state: 'published, latest version with an amendment', path: `${caseOf(closed.slug)}/results`, shows: '修正内容（改訂後の文案との差分）' },
    { state: 'an earlier version', path: `${caseOf(closed.slug)}/results?version=1`, shows: 'これは第1版です。最新は第2版です。' },
    { state: 'a version never published', path: `${caseOf(closed.slug)}/results?version=99`, shows: '指定された版は公表されていません。' },
  ],
};

async function checkState(browser: Browser, s: State, javaScript: boolean, setUp?: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  if (!javaScript) await withoutAppScripts(context);
  const page = await context.newPage();
  await setUp?.(page);
  const response = await page.goto(s.path);
  if (s.status) expect(response?.status(), s.path).toBe(s.status);
  else expect(response?.status(), s.path).toBeLessThan(400);
  // The app's bootstrap script sets window.next; without the scripts nothing runs.
  expect(await page.evaluate(() => 'next' in window), 'the app runs its scripts').toBe(javaScript);
  await s.act?.(page);
  await expect(page.getByText(s.shows).first(), `${s.state}: the state is reached`).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
}

for (const [route, states] of Object.entries(PUBLIC)) {
  test.describe(`axe: ${route}`, () => {
    for (const s of states) {
      const modes = s.js === 'both' ? [true, false] : [s.js !== 'off'];
      for (const javaScript of modes) {
        test(`${s.state}, JavaScript ${javaScript ? 'on' : 'off'}`, async ({ browser }) => {
          await checkState(browser, s, javaScript);
        });
      }
    }
  });
}

// axe does not test reflow: at 320 CSS pixels (400% zoom of a 1280px window) a page must not
// need horizontal scrolling, apart from wide tables inside their own scrolling box.
test('public pages reflow to 320 CSS pixels (WCAG 1.4.10)', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
  const paths = [
    '/',
    caseOf(open.slug),
    `${caseOf(open.slug)}/items/23`,
    `${caseOf(open.slug)}/comment?item=23`,
    ...Object.values(PUBLIC).flatMap((states) => states.filter((s) => !s.act).map((s) => s.path)),
  ];
  for (const path of new Set(paths)) {
    await page.goto(path);
    await expectNoHorizontalScroll(page, path, 'main');
  }
  await page.close();
});

// Staff pages: the PostgreSQL project only (sessions are rows in the e2e database).
test.describe('axe: staff pages', () => {
  let sql: postgres.Sql;
  const staff: Partial<Record<'admin' | 'reviewer', { user: E2EStaff; token: string }>> = {};
  let lateSubmissionId = '';
  connectE2eDatabase((connection) => (sql = connection));
  test.beforeAll(async () => {
    for (const role of ['admin', 'reviewer'] as const) {
      const user = await createStaff(sql, role, `a11y-${role}`);
      staff[role] = { user, token: await createSession(sql, user.id) };
    }
    // The late letter of the closed case: four opinions, some grouped (e2e/fixtures/seed-other-periods.ts).
    const [row] = await sql<{ id: string }[]>`
      select s.id from submissions s join consultations c on c.id = s.consultation_id
      where c.slug = ${closed.slug} and s.received_at >= c.closes_at order by s.id limit 1`;
    lateSubmissionId = row!.id;
  });

  const staffCase = (slug: string) => `/staff/consultations/${slug}`;
  const STAFF: (State & { as?: 'admin' | 'reviewer' })[] = [
    { state: 'sign-in after signing out', path: '/staff/sign-in?signedOut=1', shows: 'ログアウトしました。' },
    { state: 'confirm page with a broken link', path: '/staff/sign-in/confirm', shows: 'リンクが正しくありません。' },
    { state: 'inbox, empty (upcoming case)', as: 'admin', path: staffCase(upcoming.slug), shows: /条件に合う意見 0件/ },
    { state: 'inbox, filled (closed case)', as: 'admin', path: staffCase(closed.slug), shows: /条件に合う意見 [1-9]\d*件/ },
    { state: 'inbox, filtered', as: 'reviewer', path: `${staffCase(closed.slug)}?item=2&status=approved&sort=item`, shows: /条件に合う意見 [1-9]\d*件/ },
    { state: 'inbox, filtered to nothing', as: 'reviewer', path: `${staffCase(closed.slug)}?q=該当のない語句`, shows: /条件に合う意見 0件/ },
    { state: 'submission view (late letter, personal data shown)', as: 'admin', path: '', shows: 'この提出は募集期間の終了後に受け付けたものです。' },
    {
      state: 'submission view, split panel open',
      as: 'reviewer',
      path: '',
      act: (page) => page.getByText('この意見を分割する').first().click(),
      shows: /分割する本文/,
    },
    {
      state: 'paper entry, registered',
      as: 'reviewer',
      path: `${staffCase(open.slug)}/submissions/new`,
      act: async (page) => {
        await page.getByLabel('提出方法').selectOption({ label: '郵送' });
        await page.getByLabel('氏名').fill('紙 検査');
        await page.getByLabel('住所').fill('伊勢崎市今泉町');
        await page.getByLabel('区分').selectOption({ index: 1 });
        await page.getByLabel('意見の本文').first().fill('郵送で届いた意見です。');
        await page.getByRole('button', { name: '登録する' }).click();
      },
      shows: /で登録しました。/,
    },
    { state: 'categories', as: 'admin', path: `${staffCase(closed.slug)}/categories`, shows: '対応区分の一覧' },
    {
      state: 'categories, field errors',
      as: 'admin',
      path: `${staffCase(closed.slug)}/categories`,
      // The form that adds a category (each stored one has a form of its own above it).
      act: (page) => page.getByRole('region').getByRole('button', { name: '保存する' }).click(),
      shows: '入力内容を確認してください',
    },
    { state: 'responses: draft, submitted, returned and approved groups (admin)', as: 'admin', path: `${staffCase(closed.slug)}/responses`, shows: '差し戻しの理由：根拠となる調査名を書き添えてください。' },
    { state: 'responses as a reviewer', as: 'reviewer', path: `${staffCase(closed.slug)}/responses`, shows: '承認待ち' },
    {
      state: 'responses, a refused action (return without a remark)',
      as: 'admin',
      path: `${staffCase(closed.slug)}/responses`,
      act: (page) => page.getByRole('button', { name: '差し戻す' }).first().click(),
      shows: '差し戻しの理由を入力してください。',
    },
    { state: 'responses, period still open', as: 'admin', path: `${staffCase(open.slug)}/responses`, shows: '募集期間が終了するまで公表できません。' },
    { state: 'users', as: 'admin', path: '/staff/users', shows: '登録されている職員' },
    {
      state: 'users, field error',
      as: 'admin',
      path: '/staff/users',
      act: (page) => page.getByRole('button', { name: '追加する' }).click(),
      shows: '入力内容を確認してください',
    },
    { state: 'audit log', as: 'admin', path: '/staff/audit', shows: /監査ログ（1ページ目）/ },
    { state: 'audit log, filtered to nothing', as: 'admin', path: '/staff/audit?action=no.such.action', shows: '該当する記録はありません。' },
    { state: '403 (a reviewer on the users page)', as: 'reviewer', path: '/staff/users', status: 403, shows: '権限がありません' },
  ];

  for (const s of STAFF) {
    test(s.state, async ({ browser, baseURL }) => {
      const path = s.path || `${staffCase(closed.slug)}/submissions/${lateSubmissionId}`;
      await checkState(browser, { ...s, path }, true, async (page) => {
        if (s.as) await signInWithCookie(page.context(), baseURL!, staff[s.as]!.token);
      });
    });
  }
});
