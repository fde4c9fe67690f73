import { randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { untilServed } from './cases';
import { createSession, createStaff, signInWithCookie } from './staff-sessions';

export type StaffCase = { slug: string; submissionId: number; staffEmail: string };

/**
 * A consultation of a test's own with two items and one submission (through the API), an admin
 * signed in on `page`, and a reviewer whose role the admin may change.
 */
export async function createStaffCase(sql: postgres.Sql, page: Page, baseURL: string, text = '公園の遊具を増やしてください。'): Promise<StaffCase> {
  const slug = `staff-${randomUUID().slice(0, 8)}`;
  const [c] = await sql<{ id: number }[]>`insert into consultations (slug, title, department, opens_at, closes_at)
    values (${slug}, 'フォーム確認用の案件', '企画部 企画調整課', now() - interval '1 day', now() + interval '30 days') returning id`;
  for (const n of [1, 2]) {
    await sql`insert into revision_items (consultation_id, number, page, heading, heading_kind, before, after, before_text, after_text)
      values (${c!.id}, ${n}, 1, '総合戦略の方向性', '総合戦略の方向性', '[]'::jsonb, '[]'::jsonb, '', ${'改訂後の文案' + n})`;
  }
  await untilServed(page.request, `${baseURL}/consultations/${slug}`);
  const response = await page.request.post(`${baseURL}/api/consultations/${slug}/submissions`, {
    headers: { 'content-type': 'application/json', 'idempotency-key': `staff-${randomUUID()}` },
    data: { submitter: { name: '伊勢崎 花子', address: '伊勢崎市今泉町', category: '市内在住', email: '' }, opinions: [{ itemNumber: 1, text }], consent: true },
  });
  expect(response.status()).toBe(201);
  const { receiptNumber } = (await response.json()) as { receiptNumber: string };
  const [s] = await sql<{ id: number }[]>`select id from submissions where receipt_number = ${receiptNumber}`;
  const admin = await createStaff(sql, 'admin');
  // The reviewer belongs to the case's department alone: the staff form lists every department, and
  // tests beside this one add and rename theirs (one of every department would change under a check).
  const other = await createStaff(sql, 'reviewer', 'role-target', 'e2e.test', ['企画部 企画調整課']);
  await signInWithCookie(page.context(), baseURL, await createSession(sql, admin.id));
  return { slug, submissionId: Number(s!.id), staffEmail: other.email };
}
