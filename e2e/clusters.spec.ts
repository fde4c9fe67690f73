import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { createCase, untilServed } from './support/cases';
import { expectNoHorizontalScroll } from './support/layout';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';

// 意見の分類 (#15 item 3): the analysis' clusters, renamed, merged and rearranged by staff, kept
// across a re-run — with and without JavaScript.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const BUS = ['コミュニティバスの便数を増やしてください。', 'コミュニティバスの便数が少なく不便です。', 'コミュニティバスの便数を朝夕だけでも増やしてほしい。', 'コミュニティバスの便数と路線を見直してください。'];
const PARK = ['公園の遊具が古いので新しくしてください。', '公園の遊具を増やしてほしいです。', '公園の遊具の点検をお願いします。', '近くの公園の遊具が少ないです。'];

/** A case whose opinions (全体について) an admin has had analysed: the page then shows its clusters. */
async function analysedCase(page: Page, baseURL: string): Promise<string> {
  const c = await createCase(sql, { prefix: 'clusters' });
  await untilServed(page.request, `/consultations/${c.slug}`);
  for (const text of [...BUS, ...PARK]) {
    const response = await page.request.post(`/api/consultations/${c.slug}/submissions`, {
      headers: { 'content-type': 'application/json', 'idempotency-key': `clusters-${randomUUID()}` },
      data: { submitter: { name: '伊勢崎 花子', address: '伊勢崎市今泉町', category: '市内在住', email: '' }, opinions: [{ itemNumber: null, text }], consent: true },
    });
    expect(response.status()).toBe(201);
  }
  const admin = await createStaff(sql, 'admin');
  await signInWithCookie(page.context(), baseURL, await createSession(sql, admin.id));
  await page.goto(`/staff/consultations/${c.slug}`);
  const rerun = page.locator('form[data-staff-form="analysis-rerun"]');
  await rerun.getByRole('checkbox').check();
  await rerun.getByRole('button', { name: '分析し直す' }).click();
  await expect.poll(async () => Number((await sql`select count(*)::int as n from opinion_analyses where consultation_id = ${c.id} and cluster_key is not null`)[0]!.n), { timeout: 30_000 }).toBe(8);
  return c.slug;
}

const clusters = (page: Page) => page.locator('article.cluster');
/** The cluster holding a text. */
const clusterOf = (page: Page, text: string) => clusters(page).filter({ hasText: text });

for (const javaScript of [true, false]) {
  test(`clusters renamed (saved twice, reloaded), an opinion moved, a cluster merged (JavaScript ${javaScript ? 'on' : 'off'})`, async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    if (!javaScript) await withoutAppScripts(context);
    const slug = await analysedCase(page, baseURL!);
    await page.goto(`/staff/consultations/${slug}/clusters`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('意見の分類');
    // The bus and the park opinions are told apart (how many clusters the texts make is the analysis' business).
    await expect(clusters(page).first()).toBeVisible();
    const before = await clusters(page).count();
    expect(before).toBeGreaterThanOrEqual(2);
    await expect(clusterOf(page, BUS[0]!)).not.toContainText(PARK[0]!);
    await expectNoAxeViolations(page);
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoHorizontalScroll(page, `clusters at ${width}px`);
    }
    const heading = (text: string) => clusterOf(page, text).getByRole('heading', { level: 3 });
    const countOf = async (text: string) => Number(/（(\d+)件）/.exec((await heading(text).textContent()) ?? '')?.[1]);
    const bus = await countOf(BUS[0]!);

    // Rename, then rename again; after a reload the field and the heading show the second name.
    const rename = async (name: string) => {
      const form = clusterOf(page, BUS[0]!).locator('form[data-staff-form="cluster-rename"]');
      await form.getByLabel('分類の名前').fill(name);
      await form.getByRole('button', { name: '名前を保存' }).click();
      // The heading is drawn from the stored decision: it changes when this save (not the one before) is done.
      await expect(heading(BUS[0]!)).toHaveText(`${name}（${bus}件）`);
      await expect(page.getByText('分類の名前を保存しました。').first()).toBeVisible();
    };
    await rename('バスの便数');
    await rename('コミュニティバスの便数');
    await page.reload();
    await expect(clusterOf(page, BUS[0]!).getByLabel('分類の名前')).toHaveValue('コミュニティバスの便数');
    await expect(heading(BUS[0]!)).toHaveText(`コミュニティバスの便数（${bus}件）`);

    // Move the first opinion of another cluster into the bus cluster.
    const named = page.getByRole('heading', { level: 3, name: /^コミュニティバスの便数/ });
    const others = () => clusters(page).filter({ hasNot: named });
    const member = others().first().locator('li[data-opinion-id]').first();
    const movedText = (await member.locator('.opinion-text').textContent())!;
    await member.getByRole('combobox').selectOption({ label: `コミュニティバスの便数（${bus}件）` });
    await member.getByRole('button', { name: '移す' }).click();
    await expect(heading(BUS[0]!)).toHaveText(`コミュニティバスの便数（${bus + 1}件）`);
    await expect(clusterOf(page, BUS[0]!)).toContainText(movedText);

    // Merge another cluster into the bus one: one cluster fewer, its opinions counted there.
    const clustersNow = await clusters(page).count();
    const other = others().first();
    const otherCount = Number(/（(\d+)件）/.exec((await other.getByRole('heading', { level: 3 }).textContent()) ?? '')?.[1]);
    const otherText = (await other.locator('.opinion-text').first().textContent())!;
    const merge = other.locator('form[data-staff-form="cluster-merge"]');
    await merge.getByRole('combobox').selectOption({ label: `コミュニティバスの便数（${bus + 1}件）` });
    await merge.getByRole('button', { name: '統合する' }).click();
    await expect(clusters(page)).toHaveCount(clustersNow - 1);
    await expect(heading(BUS[0]!)).toHaveText(`コミュニティバスの便数（${bus + 1 + otherCount}件）`);
    await expect(clusterOf(page, BUS[0]!)).toContainText(otherText);

    // Each decision is stored with the person who made it.
    const decisions = await sql<{ kind: string; decided_by: string | null }[]>`
      select d.kind, d.decided_by from analysis_decisions d join consultations c on c.id = d.consultation_id where c.slug = ${slug} and d.kind like 'cluster-%' order by d.id`;
    expect(decisions.map((d) => d.kind)).toEqual(expect.arrayContaining(['cluster-rename', 'cluster-move', 'cluster-merge']));
    expect(decisions.every((d) => d.decided_by)).toBe(true);
  });
}
