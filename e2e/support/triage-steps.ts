import { expect, type Page } from '@playwright/test';
import type postgres from 'postgres';

/** The opinions split from the submission with this receipt number, in text order. */
export async function opinionIdsOf(sql: postgres.Sql, receiptNumber: string): Promise<number[]> {
  const rows = await sql<{ id: string }[]>`
    select o.id from opinions o join submissions s on s.id = o.submission_id where s.receipt_number = ${receiptNumber} order by o.start_offset, o.id`;
  return rows.map((r) => Number(r.id));
}

/** On a submission's page: 意見の概要 and 対応区分 of one opinion, saved and read back from the database. */
export async function classifyOpinion(sql: postgres.Sql, page: Page, id: number, summary: string, category: string): Promise<void> {
  await page.locator(`#op-${id}-summary`).fill(summary);
  await page.locator(`#op-${id}-category`).selectOption(category);
  await page.locator(`#op-${id}-summary`).locator('xpath=ancestor::form').getByRole('button', { name: '保存する' }).click();
  await expect.poll(async () => (await sql`select summary from opinions where id = ${id}`)[0]?.summary).toBe(summary);
}
