import { expect, test } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase } from './support/staff-sessions';
import { createStaffCase } from './support/staff-case';

// Answer templates and reuse (#14): a 定型文 inserted into a draft is a copy — editing the
// template later leaves the draft as it was; an earlier response on the same item is offered too.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

for (const javaScript of [true, false]) {
  test(`a template inserted into a draft, then edited: the draft keeps its text (JavaScript ${javaScript ? 'on' : 'off'})`, async ({ page, context, baseURL }) => {
    if (!javaScript) await withoutAppScripts(context);
    const { slug } = await createStaffCase(sql, page, baseURL!, '公園の遊具を増やしてください。');

    // A template of the case, and a city-wide one (the admin may write those).
    await page.goto(`/staff/consultations/${slug}/templates`);
    await expectNoAxeViolations(page);
    const create = page.locator('form[data-staff-form="template-create"]');
    await create.getByLabel('題名', { exact: true }).fill('');
    await create.getByRole('button', { name: '定型文を追加' }).click();
    await expect(page.getByText('題名を入力してください。').first()).toBeVisible();
    expect(await sql`select 1 from response_templates t join consultations c on c.id = t.consultation_id where c.slug = ${slug}`).toHaveLength(0);
    await page.locator('form[data-staff-form="template-create"]').getByLabel('題名', { exact: true }).fill('遊具');
    await page.locator('form[data-staff-form="template-create"]').getByLabel('本文', { exact: true }).fill('遊具の更新を計画に位置付けます。');
    await page.locator('form[data-staff-form="template-create"]').getByRole('button', { name: '定型文を追加' }).click();
    await expect(page.getByRole('heading', { level: 3, name: '遊具' })).toBeVisible();

    // Group the opinion, type a first sentence, insert the template after it.
    await page.goto(`/staff/consultations/${slug}/responses`);
    await page.locator('form[data-staff-form="group-create"]').getByRole('checkbox').first().check();
    await page.getByRole('button', { name: '選択した意見をまとめる' }).click();
    const draft = page.locator('form[data-staff-form="response-draft"]');
    await draft.getByLabel('市の考え方', { exact: true }).fill('ご意見ありがとうございます。');
    await draft.getByLabel('定型文・これまでの回答から挿入').selectOption({ label: '遊具' });
    await draft.getByRole('button', { name: '挿入する' }).click();
    await expect(page.locator('form[data-staff-form="response-draft"]').getByLabel('市の考え方', { exact: true })).toHaveValue('ご意見ありがとうございます。\n遊具の更新を計画に位置付けます。');
    await expectNoAxeViolations(page);

    // Nothing chosen: a message at the field, nothing changed.
    await page.locator('form[data-staff-form="response-draft"]').getByRole('button', { name: '挿入する' }).click();
    await expect(page.getByText('挿入する定型文または回答を選んでください。').first()).toBeVisible();

    // The template is edited: a new version; the draft is unchanged, after a reload too.
    await page.goto(`/staff/consultations/${slug}/templates`);
    const edit = page.locator('form[data-staff-form="template"]').first();
    await edit.getByLabel('本文', { exact: true }).fill('遊具の更新と日陰の確保を計画に位置付けます。');
    await edit.getByRole('button', { name: '定型文を保存' }).click();
    await expect(page.getByText('定型文を保存しました。')).toBeVisible();
    await page.reload();
    await expect(page.locator('form[data-staff-form="template"]').first().getByLabel('本文', { exact: true })).toHaveValue('遊具の更新と日陰の確保を計画に位置付けます。');
    await page.getByText('これまでの版').first().click();
    await expect(page.locator('.template-versions li')).toHaveCount(2);
    await page.goto(`/staff/consultations/${slug}/responses`);
    await expect(page.locator('form[data-staff-form="response-draft"]').getByLabel('市の考え方', { exact: true })).toHaveValue('ご意見ありがとうございます。\n遊具の更新を計画に位置付けます。');
    const [group] = await sql<{ response: string }[]>`select g.response from response_groups g join consultations c on c.id = g.consultation_id where c.slug = ${slug}`;
    expect(group?.response).toBe('ご意見ありがとうございます。\n遊具の更新を計画に位置付けます。');
  });
}
