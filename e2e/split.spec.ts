import { expect, test, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase } from './support/staff-sessions';
import { createStaffCase } from './support/staff-case';

// Split as a person would (#14): place the cursor or select words and split there, move or
// remove a boundary; without JavaScript the same split by `---` lines gives the same opinions.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const FIRST = '公園の遊具を増やしてください。';
const SECOND = 'バスの本数も増やしてほしい。';
const THIRD = '目標値の根拠を示してください。';
const TEXT = `${FIRST}${SECOND}\n${THIRD}`;
/** What both ways must store: the three sentences, the line break ending the second. */
const EXPECTED = [FIRST, `${SECOND}\n`, THIRD];

async function openSplit(page: Page, slug: string, submissionId: number) {
  await page.goto(`/staff/consultations/${slug}/submissions/${submissionId}`);
  await page.getByText('この意見を分割する').click();
  return page.getByRole('textbox', { name: /分割する本文/ });
}

async function storedPieces(submissionId: number): Promise<string[]> {
  const rows = await sql<{ text: string }[]>`select text from opinions where submission_id = ${submissionId} order by source_id, start_offset`;
  return rows.map((r) => r.text);
}

test('with JavaScript: cut at the cursor and around a selection, move and remove a boundary, by keyboard', async ({ page, baseURL }) => {
  const { slug, submissionId } = await createStaffCase(sql, page, baseURL!, TEXT);
  const marked = await openSplit(page, slug, submissionId);
  const cutHere = page.getByRole('button', { name: 'カーソルの位置で分ける' });

  // Select the second sentence's first word (バス) and split: the selection's two ends become
  // boundaries, so the text is in three pieces.
  await marked.focus();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < FIRST.length; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 'バス'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await cutHere.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '分割後は' })).toHaveText('分割後は3件になります。');
  await expect(page.getByRole('heading', { name: '分割後の意見（3件）' })).toBeVisible();
  await expect(marked).toHaveValue(`${FIRST}\n---\nバス\n---\nの本数も増やしてほしい。\n${THIRD}`);
  await expectNoAxeViolations(page);

  // The second boundary (after バス) is in the wrong place: remove it, then cut at the line
  // break by putting the cursor at the start of the last line.
  const boundary = (n: number) => page.getByRole('group', { name: `意見${n}と意見${n + 1}の境界` });
  await boundary(2).getByRole('button', { name: 'この境界をなくす' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '分割後の意見（2件）' })).toBeVisible();
  await marked.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Home');
  await cutHere.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '分割後の意見（3件）' })).toBeVisible();

  // Move the first boundary a word later and back: the pieces follow, the text stays whole.
  await boundary(1).getByRole('button', { name: '次の語へ' }).click();
  await expect(page.locator('.split-piece-text').first()).toHaveText(new RegExp(`^${FIRST}バ`));
  await boundary(1).getByRole('button', { name: '前の語へ' }).click();
  await expect(page.locator('.split-piece-text')).toHaveText(EXPECTED.map((p) => p.replace(/\n$/, '')));
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: '分割する', exact: true }).click();
  await expect(page.locator('article.opinion')).toHaveCount(3);
  expect(await storedPieces(submissionId)).toEqual(EXPECTED);

  // Reloaded, every piece is shown as stored, and the split form of each holds its own text.
  await page.reload();
  await expect(page.locator('article.opinion blockquote')).toHaveText(EXPECTED.map((p) => p.replace(/\n$/, '')));
});

test('without JavaScript: the same split by --- lines, and a changed text is refused naming the place', async ({ page, context, baseURL }) => {
  await withoutAppScripts(context);
  const { slug, submissionId } = await createStaffCase(sql, page, baseURL!, TEXT);
  let marked = await openSplit(page, slug, submissionId);
  await expect(page.getByRole('button', { name: 'カーソルの位置で分ける' })).toHaveCount(0);

  // A character dropped: refused, nothing stored, the message names the words before the place.
  await marked.fill(`${FIRST}\n---\n${SECOND}\n---\n${THIRD.replace('目標値の', '目標値')}`);
  await page.getByRole('button', { name: '分割する', exact: true }).click();
  await expect(page.getByText('「目標値」の後の「の」がどの意見にも含まれていません。')).toBeVisible();
  expect(await storedPieces(submissionId)).toEqual([TEXT]);
  await expectNoAxeViolations(page);

  marked = await openSplit(page, slug, submissionId);
  await marked.fill(`${FIRST}\n---\n${SECOND}\n---\n${THIRD}`);
  await page.getByRole('button', { name: '分割する', exact: true }).click();
  await expect(page.locator('article.opinion')).toHaveCount(3);
  expect(await storedPieces(submissionId)).toEqual(EXPECTED);
});
