import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectForm, readForm, type FormValues } from './support/form-fields';
import { withoutAppScripts } from './support/no-script';
import { filesUnder } from './support/source-files';
import { createStaffCase, type StaffCase as Setup } from './support/staff-case';
import { connectE2eDatabase } from './support/staff-sessions';

/**
 * Every staff form shows what is stored after a save, with JavaScript and without: fill, save,
 * the page shows the stored values; change one other field, save, reload, every field still
 * holds what was stored. (Before components/staff/staff-form.tsx, React's reset after an action
 * put the selects back to their first value: 対応区分 A / 分類済み showed 未分類 after 保存する, and
 * the next save of 担当課 wrote 未分類 back.)
 *
 * Every field of the form is read (e2e/support/form-fields.ts) as it is sent and compared after
 * each save and after the reload, not only the fields the test changed: a field silently reset
 * by a save is caught.
 *
 * The walk: every `<StaffForm name="…">` in the source is found below, and each name must be
 * walked here (ROUND_TRIPS) or be a form that stores no field of its own, with the spec that
 * covers it (COMMANDS). A new form in neither list fails the walk.
 */

type Value = string | boolean;
/** A field by its label inside the form, and the value to set (select: the option's value). */
type Fields = Record<string, Value>;
type Case = {
  /** Opens the page and returns the form (found again after every save: forms are redrawn). */
  open: (page: Page, setup: Setup) => Promise<void>;
  form: (page: Page, setup: Setup) => Locator;
  button: string;
  saved: string;
  first: Fields;
  second: Fields;
  /** Which fields the round trip compares, where other tests change the form's fields meanwhile (expectForm). */
  pick?: (values: FormValues) => FormValues;
};

const PLANNING = '企画部 企画調整課';
const URBAN = '都市計画部 都市計画課';
/** The department the running department-rename test renames (each test makes its own). */
let renamedDepartment = 0;

const ROUND_TRIPS: Record<string, Case> = {
  opinion: {
    open: async (page, s) => void (await page.goto(`/staff/consultations/${s.slug}/submissions/${s.submissionId}`)),
    form: (page) => page.locator('form[data-staff-form="opinion"]').first(),
    button: '保存する',
    saved: '保存しました',
    first: { 対応区分: 'A', 状態: 'classified', 意見の概要: '公園の遊具を増やしてほしい', スパム: false, 非表示: true, フラグの理由: '氏名が書かれているため' },
    second: { 該当項目: '2', 担当課: '都市計画課', 本件と関係のない意見: true, 第三者の個人情報を含む: true },
  },
  'response-draft': {
    open: openResponsesWithGroup,
    form: (page) => page.locator('form[data-staff-form="response-draft"]').first(),
    button: '下書きを保存',
    saved: '',
    first: { 区分: 'A', 市の考え方: 'ご意見を踏まえ、遊具の更新を計画に位置付けます。' },
    second: { 市の考え方: 'ご意見を踏まえ、遊具の更新と日陰の確保を計画に位置付けます。' },
  },
  amendment: {
    open: async (page, s) => void (await page.goto(`/staff/consultations/${s.slug}/responses`)),
    form: (page) => page.locator('form[data-staff-form="amendment"]').first(),
    button: '修正の有無を保存',
    saved: '',
    first: { この改訂箇所を修正する: true, 修正後の文案: '子育て世代が住み続けたいと思えるまちをつくります。' },
    second: { 備考: '意見No.1を受けて修正' },
  },
  'category-edit': {
    open: async (page, s) => void (await page.goto(`/staff/consultations/${s.slug}/categories`)),
    form: (page) => page.locator('form[data-staff-form="category-edit"][aria-label="区分Cの名称と順番"]'),
    button: '保存する',
    saved: '保存しました',
    first: { 名称: '今後の施策の参考とする' },
    second: { 順番: '7' },
  },
  template: {
    open: openTemplates,
    form: (page) => page.locator('form[data-staff-form="template"]').first(),
    button: '定型文を保存',
    saved: '定型文を保存しました',
    first: { 題名: '遊具の更新', 本文: 'ご意見を踏まえ、遊具の更新を計画に位置付けます。' },
    second: { 本文: 'ご意見を踏まえ、遊具の更新と日陰の確保を計画に位置付けます。' },
  },
  'case-summaries': {
    open: async (page, s) => void (await page.goto(`/staff/consultations/${s.slug}/settings`)),
    form: (page) => page.locator('form[data-staff-form="case-summaries"]'),
    button: 'あらましを保存する',
    saved: 'あらましを保存しました',
    first: {
      日本語のあらまし: '子育て支援の目標を見直す案です。',
      'Tiếng Việtのあらまし': 'Dự thảo này xem lại mục tiêu hỗ trợ nuôi dạy trẻ.\nHạn góp ý: 30 ngày.',
      Englishのあらまし: 'A draft that revises the childcare targets.',
    },
    // English emptied (no explanation in that language any more), Portuguese added.
    second: { Englishのあらまし: '', 'Português (Brasil)のあらまし': 'Proposta que revisa as metas de apoio à criação dos filhos.' },
  },
  'staff-role': {
    open: async (page) => void (await page.goto('/staff/users')),
    form: (page, s) => page.locator('form[data-staff-form="staff-role"]').filter({ has: page.getByLabel(`${s.staffEmail} の役割`) }),
    button: '役割を変更',
    saved: '役割を変更しました',
    first: { role: 'admin' },
    second: { role: 'reviewer' },
  },
  // 担当課: which departments a staff member belongs to (reviewers see only those cases).
  'staff-departments': {
    open: async (page) => {
      await sql`insert into departments (name) values (${PLANNING}), (${URBAN}) on conflict do nothing`;
      await page.goto('/staff/users');
    },
    form: (page, s) => page.locator('form[data-staff-form="staff-departments"]').filter({ has: page.getByRole('group', { name: `${s.staffEmail} の担当課` }) }),
    button: '担当課を保存',
    saved: '担当課を保存しました',
    first: { [PLANNING]: true, [URBAN]: false },
    second: { [URBAN]: true },
    // The form lists every department, and tests running beside this one add and rename theirs:
    // every box that is ticked on either side is compared, and this test's two departments.
    pick: (values) => Object.fromEntries(Object.entries(values).filter(([name, ticked]) => ticked === true || name === PLANNING || name === URBAN)),
  },
  // A department's name (the add form creates one; this one renames it). `{unique}`: per test.
  'department-rename': {
    open: async (page, s) => {
      const [d] = await sql<{ id: number }[]>`insert into departments (name) values (${`部署 ${s.slug}`}) returning id`;
      renamedDepartment = d!.id;
      await page.goto('/staff/users');
    },
    form: (page) => page.locator(`form[data-staff-form="department-rename"]:has(input[name="id"][value="${renamedDepartment}"])`),
    button: '名前を変更',
    saved: '担当課の名前を変更しました',
    first: { 担当課の名前: '総務部 {unique}' },
    second: { 担当課の名前: '総務部 行政課 {unique}' },
  },
  // A case's 保存期間 (days after the first publication; empty: the city's default).
  'retention-period': {
    open: async (page, s) => void (await page.goto(`/staff/consultations/${s.slug}/retention`)),
    form: (page) => page.locator('form[data-staff-form="retention-period"]'),
    button: '保存する',
    saved: '保存期間を保存しました',
    first: { '保存期間（日数）': '30' },
    second: { '保存期間（日数）': '90' },
  },
  // The case's settings (an open case: its URL name is locked, every other field can change).
  'case-settings': {
    open: async (page, s) => {
      await sql`insert into departments (name) values (${PLANNING}), (${URBAN}) on conflict do nothing`;
      await page.goto(`/staff/consultations/${s.slug}/settings`);
    },
    form: (page) => page.locator('form[data-staff-form="case-settings"]'),
    button: '保存',
    saved: '保存しました',
    first: {
      担当課: URBAN,
      改訂の経緯及び方針: '国の総合戦略を踏まえて改訂します。\n・計画期間を延長します',
      郵送先: '〒372-8501 伊勢崎市今泉町二丁目410番地',
      FAX番号: '0270-24-0000',
      電子メール: 'kikaku@city.example.jp',
      問い合わせ先: '企画調整課 電話 0270-24-5111',
      メールアドレス: true,
    },
    second: { FAX番号: '0270-24-9999', 住所: false },
  },
  // One item of a draft case (items change only while the case is a draft).
  'case-item': {
    open: async (page, s) => {
      await sql`update consultations set draft = true where slug = ${s.slug}`;
      await page.goto(`/staff/consultations/${s.slug}/items?edit=2`);
    },
    form: (page) => page.locator('form[data-staff-form="case-item"][data-testid="item-2-form"]'),
    button: '保存',
    saved: '改訂箇所を保存しました',
    first: { ページ: '12', 改訂前: '・従来の取組', 改訂後: '・追加した取組\n・もう一つの取組' },
    second: { 項目: '具体的な施策①' },
  },
  // A campaign group (同趣旨) classified once for all its members.
  'campaign-classify': {
    open: async (page, s) => {
      campaignGroup = await campaignOf(page, s);
      await page.goto(`/staff/consultations/${s.slug}?campaign=${campaignGroup}`);
    },
    form: (page) => page.locator('form[data-staff-form="campaign-classify"]'),
    button: 'まとめて保存する',
    saved: '2件の意見を更新しました',
    first: { 該当項目: '2', 意見の概要: '公園の遊具を増やしてほしい', 対応区分: 'A', 状態: 'classified' },
    // Back to 全体について and 未分類 (no item, no category): stored as such for every member.
    second: { 意見の概要: '公園の遊具を増やし、日陰も作ってほしい', 該当項目: '', 対応区分: '' },
  },
  // The period of a draft (or scheduled) case: shown as stored in its fields.
  'case-schedule': {
    open: async (page, s) => {
      await sql`update consultations set draft = true where slug = ${s.slug}`;
      await page.goto(`/staff/consultations/${s.slug}/settings`);
    },
    form: (page) => page.locator('form[data-staff-form="case-schedule"]'),
    button: 'この期間で公開予定にする',
    saved: '公開予定にしました',
    first: { 開始日時: `${japanDay(5)}T09:00`, '締切日（この日の終わりまで受け付けます）': japanDay(35) },
    second: { '締切日（この日の終わりまで受け付けます）': japanDay(40) },
  },
};

/** Japan's date `days` from now as YYYY-MM-DD. */
function japanDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** The campaign group the running campaign-classify test made. */
let campaignGroup = 0;

/**
 * A campaign group of the case's submission and a second one with the same text, written as the
 * analysis would write it (its result rows win over the worker's, which never overwrites one):
 * the test does not wait for the worker.
 */
async function campaignOf(page: Page, s: Setup): Promise<number> {
  const response = await page.request.post(`/api/consultations/${s.slug}/submissions`, {
    // The page's context carries the staff cookie: a cookie-bearing post must name its origin.
    headers: { 'content-type': 'application/json', 'idempotency-key': `staff-${s.slug}-campaign`, origin: new URL(test.info().project.use.baseURL!).origin },
    data: { submitter: { name: '伊勢崎 太郎', address: '伊勢崎市曲輪町', category: '市内在住', email: '' }, opinions: [{ itemNumber: 1, text: '公園の遊具を増やしてください。' }], consent: true },
  });
  expect(response.status()).toBe(201);
  const rows = await sql<{ id: string; consultation_id: number }[]>`select o.id, o.consultation_id from opinions o
    join consultations c on c.id = o.consultation_id where c.slug = ${s.slug} order by o.id`;
  expect(rows).toHaveLength(2);
  const group = Number(rows[0]!.id);
  const [run] = await sql<{ id: string }[]>`insert into analysis_runs (consultation_id, kind, method, parameters, finished_at, opinions)
    values (${rows[0]!.consultation_id}, 'incremental', 'e2e', '{}'::jsonb, now(), 2) returning id`;
  for (const row of rows) {
    await sql`insert into opinion_analyses (opinion_id, consultation_id, run_id, language, campaign_group, campaign_similarity)
      values (${row.id}, ${row.consultation_id}, ${run!.id}, 'ja', ${group}, 1)
      on conflict (opinion_id) do update set campaign_group = excluded.campaign_group`;
  }
  return group;
}


/** Forms with no stored field of their own (a button, or a new record that then has a form above). */
const COMMANDS: Record<string, string> = {
  'erasure-request': 'records a request, shown below it; e2e/retention.spec.ts',
  'erasure-decision': 'a button; e2e/retention.spec.ts (four eyes)',
  'passkeys-reset': 'a button; e2e/passkeys.spec.ts (reset by another admin)',
  'response-submit': 'a button; e2e/results.spec.ts (the whole cycle)',
  'response-approve': 'a button; e2e/results.spec.ts',
  'response-return': 'a remark kept on the group: stored and shown, the draft unchanged (below); e2e/results.spec.ts',
  'group-delete': 'a button; lib/data/results tests',
  'group-remove-member': 'a button; lib/data/results tests',
  'group-suggested': 'a button (the suggestion’s opinions); e2e/results.spec.ts',
  'group-create': 'creates a group, whose fields are the response-draft form walked here',
  'template-create': 'creates a template, whose fields are the template form walked here; e2e/templates.spec.ts',
  publish: 'a button; e2e/results.spec.ts',
  'category-add': 'creates a category, whose fields are the category-edit form walked here',
  'category-delete': 'a button; lib/data/triage tests',
  'department-add': 'creates a department, whose name is the department-rename form walked here',
  'staff-add': 'creates an account, whose role is the staff-role form walked here; e2e/staff-sign-in.spec.ts',
  'staff-disabled': 'a button; e2e/staff-sign-in.spec.ts',
  paper: 'creates a submission, whose opinions are the opinion form walked here; e2e/triage.spec.ts',
  bulk: 'changes the opinions ticked in the inbox; e2e/triage.spec.ts',
  split: 'one cut per save, checked character by character; e2e/split.spec.ts (cursor, selection, boundaries; JS off) and e2e/triage.spec.ts',
  'campaign-decision': 'buttons (confirm, dissolve); e2e/analysis.spec.ts',
  'campaign-split': 'a button; e2e/analysis.spec.ts and lib/data/analysis tests',
  'item-suggestion': 'a button (or keys 1-3); e2e/analysis.spec.ts',
  redaction: 'buttons (accept, reject); e2e/analysis.spec.ts',
  'analysis-rerun': 'a confirmed button; e2e/analysis.spec.ts',
  'cluster-rename': 'its round trip (save, change, save again, reload, JS on and off) is in e2e/clusters.spec.ts (needs an analysed case)',
  'cluster-merge': 'a choice and a button; e2e/clusters.spec.ts',
  'cluster-move': 'a choice and a button; e2e/clusters.spec.ts',
  'case-create': 'creates a draft case, whose fields are the case-settings form; e2e/cases.spec.ts',
  'case-import': 'upload, preview, confirm: a file, no stored field of its own; e2e/cases.spec.ts',
  'case-item-remove': 'a button; lib/data/cases/cases.test.ts (removeDraftItem)',
  'case-document-remove': 'a button; e2e/cases.spec.ts removes a document (gone from the list, the database and its address)',
  'case-open-now': 'a confirmed button; e2e/cases.spec.ts',
  'case-extend': 'a new closing day, stored and shown in the period above it, nothing else changed (below); e2e/cases.spec.ts',
  'case-close': 'a reason kept on the case: stored and shown, nothing else changed (below); shown to residents in e2e/cases.spec.ts',
};

const sourceFiles = (dir: string) => filesUnder(dir).filter((file) => file.endsWith('.tsx'));

test('the walk: every staff form is walked here or stores no field of its own', () => {
  const files = [...sourceFiles(path.join('app', 'staff')), ...sourceFiles('components')];
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/<StaffForm\b[^>]*?\bname=(?:"([\w-]+)"|\{([^}]+)\})/g)) {
      if (match[1]) names.add(match[1]);
      else for (const literal of match[2]!.matchAll(/'([\w-]+)'/g)) names.add(literal[1]!);
    }
    // A staff form that posts to a server action without StaffForm is not walked: refuse it.
    // Not server actions: GET forms, signing out, and a file upload posted to a route handler
    // under /api/staff (the case's documents), which redirects back to the page, drawn from the database.
    if (file.startsWith(path.join('app', 'staff', '(console)'))) {
      const bare = [...source.matchAll(/<form\b([^>]*)>/g)]
        .map((m) => m[1]!)
        .filter((attrs) => !/method="get"/.test(attrs) && !/action=\{signOut\}/.test(attrs) && !/method="post" action=\{`\/api\/staff\//.test(attrs));
      expect(bare, `${file} has a form outside StaffForm`).toEqual([]);
    }
  }
  expect(names.size).toBeGreaterThanOrEqual(10);
  for (const name of names) expect(ROUND_TRIPS[name] ?? COMMANDS[name], `staff form "${name}" is not walked in e2e/staff-forms.spec.ts`).toBeDefined();
  for (const name of [...Object.keys(ROUND_TRIPS), ...Object.keys(COMMANDS)]) expect(names, `${name} is listed but no longer in the source`).toContain(name);
});

let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/** The responses page with the submission's opinion in a group (grouped with JavaScript on or off alike). */
async function openResponsesWithGroup(page: Page, s: Setup) {
  await page.goto(`/staff/consultations/${s.slug}/responses`);
  const create = page.locator('form[data-staff-form="group-create"]').first();
  if ((await create.count()) > 0) {
    await create.getByRole('checkbox').first().check();
    await create.getByRole('button', { name: '選択した意見をまとめる' }).click();
    await expect(page.locator('form[data-staff-form="response-draft"]')).toHaveCount(1);
  }
}

/** The templates page with one template of the case (added through the page's own form). */
async function openTemplates(page: Page, s: Setup) {
  await page.goto(`/staff/consultations/${s.slug}/templates`);
  if ((await page.locator('form[data-staff-form="template"]').count()) > 0) return;
  const create = page.locator('form[data-staff-form="template-create"]');
  await create.getByLabel('題名', { exact: true }).fill('お礼');
  await create.getByLabel('本文', { exact: true }).fill('ご意見ありがとうございます。');
  await create.getByRole('button', { name: '定型文を追加' }).click();
  await expect(page.locator('form[data-staff-form="template"]')).toHaveCount(1);
}

function field(form: Locator, label: string): Locator {
  return form.getByLabel(label, { exact: true });
}

async function setField(form: Locator, label: string, value: Value) {
  const control = field(form, label);
  if (typeof value === 'boolean') return control.setChecked(value);
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === 'SELECT') return void (await control.selectOption(value));
  await control.fill(value);
}

async function expectFields(form: Locator, fields: Fields) {
  for (const [label, value] of Object.entries(fields)) {
    const control = field(form, label);
    if (typeof value === 'boolean') await expect(control, label).toBeChecked({ checked: value });
    // A select by its option's value or, where values are ids, by its text.
    else if ((await control.evaluate((el) => el.tagName)) === 'SELECT')
      await expect.poll(() => control.evaluate((el: HTMLSelectElement) => [el.value, el.selectedOptions[0]?.text ?? '']), { message: label }).toContain(value);
    else await expect(control, label).toHaveValue(value);
  }
}

async function save(page: Page, c: Case, setup: Setup) {
  const old = await c.form(page, setup).elementHandle();
  await c.form(page, setup).getByRole('button', { name: c.button }).click();
  // The stored values come back in a fresh form with the success message (with JavaScript), or
  // in the page the server renders after the post (without): either way this form is gone.
  await expect.poll(() => old!.evaluate((el) => el.isConnected).catch(() => false)).toBe(false);
  await expect(c.form(page, setup).getByRole('status')).toBeVisible();
  if (c.saved) await expect(c.form(page, setup).getByRole('status')).toContainText(c.saved);
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? 'with JavaScript' : 'without JavaScript', () => {
    if (!javaScript) test.beforeEach(async ({ context }) => withoutAppScripts(context));
    for (const [name, c] of Object.entries(ROUND_TRIPS)) {
      test(`${name}: save, change one other field, save, reload: every field shows what is stored`, async ({ page, baseURL }) => {
        const setup = await createStaffCase(sql, page, baseURL!);
        await c.open(page, setup);
        const labels = (fields: Fields) =>
          Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === 'role' ? `${setup.staffEmail} の役割` : k, typeof v === 'string' ? v.replace('{unique}', setup.slug) : v]));
        const first = labels(c.first);
        const second = labels(c.second);
        for (const [label, value] of Object.entries(first)) await setField(c.form(page, setup), label, value);
        // What the form holds when it is sent: after the save, every field must show it again.
        const sent = await readForm(c.form(page, setup));
        // The read finds the fields by the labels the test uses (and more: every field of the form).
        expect(Object.keys(sent)).toEqual(expect.arrayContaining(Object.keys({ ...first, ...second })));
        await save(page, c, setup);
        await expectFields(c.form(page, setup), first);
        await expectForm(c.form(page, setup), sent, 'after the first save', c.pick);

        for (const [label, value] of Object.entries(second)) await setField(c.form(page, setup), label, value);
        const sentAgain = await readForm(c.form(page, setup));
        await save(page, c, setup);
        const stored = { ...first, ...second };
        await expectFields(c.form(page, setup), stored);
        await expectForm(c.form(page, setup), sentAgain, 'after the second save', c.pick);

        await page.goto(page.url());
        await expectFields(c.form(page, setup), stored);
        await expectForm(c.form(page, setup), sentAgain, 'after a reload', c.pick);
      });
    }
  });
}

for (const javaScript of [true, false]) {
  test(`${javaScript ? 'with' : 'without'} JavaScript: a save that changes only 担当課 writes only 担当課 (audit row, 対応区分 and 状態 unchanged)`, async ({ page, baseURL }) => {
    if (!javaScript) await withoutAppScripts(page.context());
    const setup = await createStaffCase(sql, page, baseURL!);
    const [opinion] = await sql<{ id: string }[]>`select id from opinions where submission_id = ${setup.submissionId}`;
    const id = Number(opinion!.id);
    const c = ROUND_TRIPS.opinion!;
    await c.open(page, setup);
    const form = () => c.form(page, setup);
    const [start] = await sql<{ id: string }[]>`select coalesce(max(id), 0) as id from audit_log`;
    for (const [label, value] of Object.entries({ 対応区分: 'A', 状態: 'classified', 意見の概要: '公園の遊具を増やしてほしい' })) await setField(form(), label, value);
    await save(page, c, setup);
    const classified = await readForm(form());
    const auditedKeys = async (since: string) =>
      (await sql<{ before: Record<string, unknown> }[]>`select before from audit_log where id > ${since} and target_type = 'opinion' and target_id = ${String(id)} order by id`).map((r) =>
        Object.keys(r.before).sort(),
      );
    expect(await auditedKeys(start!.id)).toEqual([['categoryCode', 'status', 'summary', 'version']]);

    const [mark] = await sql<{ id: string }[]>`select coalesce(max(id), 0) as id from audit_log`;
    await setField(form(), '担当課', '都市計画課');
    await save(page, c, setup);
    await expectForm(form(), { ...classified, 担当課: '都市計画課' }, 'after changing 担当課 alone');

    const rows = await sql<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }[]>`
      select action, before, after from audit_log where id > ${mark!.id} and target_type = 'opinion' and target_id = ${String(id)} order by id`;
    expect(rows.map((r) => r.action)).toEqual(['opinion.updated']);
    expect(Object.keys(rows[0]!.before).sort()).toEqual(['department', 'version']);
    expect(Object.keys(rows[0]!.after).sort()).toEqual(['department', 'version']);
    expect(rows[0]!.after.department).toBe('都市計画課');
    const [stored] = await sql`select category_code, status, summary, department, item_number from opinions where id = ${id}`;
    expect(stored).toEqual({ category_code: 'A', status: 'classified', summary: '公園の遊具を増やしてほしい', department: '都市計画課', item_number: 1 });
  });
}

/** The case's row as JSON (every column), to see which columns a one-shot step changed. */
async function caseRow(slug: string): Promise<Record<string, unknown>> {
  const [row] = await sql<{ row: Record<string, unknown> }[]>`select to_jsonb(c) as row from consultations c where slug = ${slug}`;
  return row!.row;
}

function changedColumns(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort();
}

/** Every field of the settings page's forms that a lifecycle step must leave as it was. */
async function settingsFields(page: Page) {
  return {
    settings: await readForm(page.locator('form[data-staff-form="case-settings"]')),
    summaries: await readForm(page.locator('form[data-staff-form="case-summaries"]')),
  };
}

// One-shot steps: no form of their own shows what they stored, so after each the page shows the
// stored value where it is shown, and nothing else changed (columns, and every other form's fields).
for (const javaScript of [true, false]) {
  test.describe(javaScript ? 'with JavaScript' : 'without JavaScript', () => {
    if (!javaScript) test.beforeEach(async ({ context }) => withoutAppScripts(context));

    test('case-extend: the new closing day is stored and shown; nothing else changes', async ({ page, baseURL }) => {
      const setup = await createStaffCase(sql, page, baseURL!);
      await page.goto(`/staff/consultations/${setup.slug}/settings`);
      const fields = await settingsFields(page);
      const before = await caseRow(setup.slug);
      const extend = page.getByTestId('extend');
      await extend.getByLabel('延長後の締切日', { exact: true }).fill(japanDay(45));
      await extend.getByLabel('締切を延長することを確認しました').check();
      await extend.getByRole('button', { name: '締切を延長する' }).click();
      await expect(page.getByTestId('extend').getByRole('status')).toHaveText('締切を延長しました。');
      for (const reload of [false, true]) {
        if (reload) await page.goto(page.url());
        await expect(page.getByTestId('case-period').locator('time').last()).toHaveAttribute('datetime', japanDay(45));
        // The field offers a week after the stored closing day again.
        await expect(page.getByTestId('extend').getByLabel('延長後の締切日', { exact: true })).toHaveValue(japanDay(52));
        expect(await settingsFields(page)).toEqual(fields);
      }
      expect(changedColumns(before, await caseRow(setup.slug))).toEqual(['closes_at', 'updated_at']);
    });

    test('case-close: the reason is stored and shown, the case closed; nothing else changes', async ({ page, baseURL }) => {
      const setup = await createStaffCase(sql, page, baseURL!);
      await page.goto(`/staff/consultations/${setup.slug}/settings`);
      const fields = await settingsFields(page);
      const before = await caseRow(setup.slug);
      const close = page.getByTestId('close');
      await close.getByLabel('途中で締め切る理由（案件ページに表示されます）', { exact: true }).fill('国の方針変更により内容を見直すため');
      await close.getByLabel('募集を途中で締め切ることを確認しました（元に戻せません）', { exact: true }).check();
      await close.getByRole('button', { name: '今すぐ締め切る' }).click();
      for (const reload of [false, true]) {
        if (reload) await page.goto(page.url());
        await expect(page.getByTestId('case-state')).toHaveText('募集終了');
        await expect(page.getByText('途中で締め切った理由：国の方針変更により内容を見直すため')).toBeVisible();
        expect(await settingsFields(page)).toEqual(fields);
      }
      const after = await caseRow(setup.slug);
      expect(after.closed_early_reason).toBe('国の方針変更により内容を見直すため');
      expect(changedColumns(before, after)).toEqual(['closed_early_reason', 'closes_at', 'updated_at']);
    });

    test('response-return: the remark is stored and shown on the group; its response and 区分 are unchanged', async ({ page, baseURL }) => {
      const setup = await createStaffCase(sql, page, baseURL!);
      await openResponsesWithGroup(page, setup);
      const draft = () => page.locator('form[data-staff-form="response-draft"]');
      await draft().getByLabel('市の考え方', { exact: true }).fill('ご意見を踏まえ、遊具の更新を計画に位置付けます。');
      await draft().getByLabel('区分', { exact: true }).selectOption('A');
      await draft().getByRole('button', { name: '下書きを保存' }).click();
      await expect(draft().getByRole('status')).toBeVisible();
      await page.locator('form[data-staff-form="response-submit"]').getByRole('button').click();
      const returnForm = page.locator('form[data-staff-form="response-return"]');
      await expect(returnForm).toHaveCount(1);
      const fields = await readForm(draft());
      const [group] = await sql<{ id: string; response: string; category_code: string }[]>`
        select g.id, g.response, g.category_code from response_groups g join consultations c on c.id = g.consultation_id where c.slug = ${setup.slug}`;
      await returnForm.getByLabel('差し戻しの理由', { exact: true }).fill('根拠となる計画名を明記してください。');
      await returnForm.getByRole('button', { name: '差し戻す' }).click();
      for (const reload of [false, true]) {
        if (reload) await page.goto(page.url());
        await expect(page.getByTestId(`group-${group!.id}`).getByText('差し戻しの理由：根拠となる計画名を明記してください。')).toBeVisible();
        await expect(page.getByTestId(`group-${group!.id}`).getByRole('heading', { level: 4 })).toContainText('差し戻し');
        await expectForm(draft(), fields, reload ? 'after a reload' : 'after returning');
      }
      const [after] = await sql`select response, category_code, status, return_remark from response_groups where id = ${group!.id}`;
      expect(after).toEqual({ response: group!.response, category_code: group!.category_code, status: 'returned', return_remark: '根拠となる計画名を明記してください。' });
    });
  });
}
