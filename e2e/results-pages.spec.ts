import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoAxeViolations } from './support/axe';
import { CASES, untilServed } from './support/cases';
import { withoutAppScripts } from './support/no-script';
import { connectE2eDatabase } from './support/staff-sessions';

// A national-scale result (#17): the table is read 200 rows a page, with and without JavaScript;
// the CSV still holds every row.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));
const ROWS = 450;

/** A closed case whose published result has ROWS rows (the fixture's result, its rows multiplied). */
async function caseWithLongResult(): Promise<string> {
  const slug = `paged-${randomUUID().slice(0, 8)}`;
  const [c] = await sql<{ id: number }[]>`
    insert into consultations (slug, title, overview, department, opens_at, closes_at, how_to_submit, form_settings)
    select ${slug}, ${`長い結果の案件 ${slug}`}, overview, department, now() - interval '40 days', now() - interval '10 days', how_to_submit, form_settings
    from consultations where slug = ${CASES.closed.slug} returning id`;
  await sql`
    insert into result_publications (consultation_id, version, published_at, published_by, snapshot)
    select ${c!.id}, 1, now(), p.published_by, jsonb_set(jsonb_set(jsonb_set(p.snapshot, '{header,slug}', to_jsonb(${slug}::text)), '{header,version}', '1'), '{rows}',
      (select jsonb_agg(jsonb_build_object('no', n, 'itemNumber', null, 'heading', null, 'summaries', jsonb_build_array('意見の概要' || n),
        'opinionCount', 1, 'response', '市の考え方' || n, 'categoryCode', 'E', 'categoryLabel', 'その他') order by n) from generate_series(1, ${ROWS}) n))
    from result_publications p join consultations c on c.id = p.consultation_id
    where c.slug = ${CASES.closed.slug} order by p.version desc limit 1`;
  return slug;
}

for (const javaScript of [true, false]) {
  test(`a result of ${ROWS} rows is read a page at a time (JavaScript ${javaScript ? 'on' : 'off'})`, async ({ page, context, request }) => {
    if (!javaScript) await withoutAppScripts(context);
    const slug = await caseWithLongResult();
    const results = `/consultations/${slug}/results`;
    await untilServed(request, results);
    await page.goto(results);
    const rows = page.getByTestId('result-table').locator('tbody tr');
    await expect(rows).toHaveCount(200);
    await expect(rows.first()).toContainText('意見の概要1');
    const nav = page.getByRole('navigation', { name: '表のページ' }).first();
    await expect(nav).toContainText('1〜200行目（全450行）');
    await expectNoAxeViolations(page);

    await nav.getByRole('link', { name: '次のページ' }).click();
    await expect(page).toHaveURL(new RegExp(`${results}\\?page=2$`));
    await expect(rows.first()).toContainText('意見の概要201');
    await page.getByRole('navigation', { name: '表のページ' }).first().getByRole('link', { name: '次のページ' }).click();
    await expect(rows).toHaveCount(50);
    await expect(page.getByRole('navigation', { name: '表のページ' }).first().getByRole('link', { name: '次のページ' })).toHaveCount(0);

    // A page past the end shows the last one; the CSV holds every row.
    await page.goto(`${results}?page=99`);
    await expect(rows.last()).toContainText('意見の概要450');
    const csv = await request.get(`/api/consultations/${slug}/results/csv`);
    expect((await csv.text()).match(/意見の概要\d+/g)).toHaveLength(ROWS);
  });
}
