import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * 0013_departments on a database that already holds cases and staff: one department per
 * distinct 担当課 text, every case in its department, every existing reviewer in every
 * department (so nobody loses sight of a case), admins in none (they see all anyway). Then the
 * trigger: a case written with only the text (the importer, SQL by hand) gets its department.
 */
describe('migration 0013_departments', () => {
  it('keeps what everyone saw, and fills the department of a case written by text', async () => {
    const [{ PGlite }, { pg_trgm }, { drizzle }, { migrate }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const folder = path.join(process.cwd(), 'db', 'migrations');
    const before = mkdtempSync(path.join(tmpdir(), 'migrations-0012-'));
    try {
      cpSync(folder, before, { recursive: true });
      const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < '0013');
      writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify(journal));
      rmSync(path.join(before, '0013_departments.sql'));

      const client = await PGlite.create('memory://', { extensions: { pg_trgm } });
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: before });
      await client.exec(`
        insert into consultations (slug, title, department, opens_at, closes_at) values
          ('a', 'A', '企画部 企画調整課', now(), now() + interval '1 day'),
          ('b', 'B', ' 企画部 企画調整課 ', now(), now() + interval '1 day'),
          ('c', 'C', '都市計画部 都市計画課', now(), now() + interval '1 day');
        insert into users (id, email, role) values ('r1', 'r1@example.jp', 'reviewer'), ('r2', 'r2@example.jp', 'reviewer'), ('a1', 'a1@example.jp', 'admin');`);

      await migrate(db, { migrationsFolder: folder });
      const departments = (await client.query<{ name: string }>('select name from departments order by name')).rows.map((r) => r.name);
      expect(departments).toEqual(['企画部 企画調整課', '都市計画部 都市計画課']);
      const cases = (await client.query<{ slug: string; department: string; name: string }>(
        'select c.slug, c.department, d.name from consultations c join departments d on d.id = c.department_id order by c.slug',
      )).rows;
      expect(cases).toEqual([
        { slug: 'a', department: '企画部 企画調整課', name: '企画部 企画調整課' },
        { slug: 'b', department: '企画部 企画調整課', name: '企画部 企画調整課' },
        { slug: 'c', department: '都市計画部 都市計画課', name: '都市計画部 都市計画課' },
      ]);
      const members = (await client.query<{ user_id: string; n: number }>('select user_id, count(*)::int as n from staff_departments group by user_id order by user_id')).rows;
      expect(members).toEqual([
        { user_id: 'r1', n: 2 },
        { user_id: 'r2', n: 2 },
      ]);

      // Written by text: the department of that name, created if new; by id: the text follows.
      await client.exec(`insert into consultations (slug, title, department, opens_at, closes_at) values ('d', 'D', '健康推進部 健康づくり課', now(), now() + interval '1 day')`);
      const [d] = (await client.query<{ department: string; name: string }>('select c.department, d.name from consultations c join departments d on d.id = c.department_id where slug = $1', ['d'])).rows;
      expect(d).toEqual({ department: '健康推進部 健康づくり課', name: '健康推進部 健康づくり課' });
      await client.exec(`update consultations set department_id = (select id from departments where name = '都市計画部 都市計画課') where slug = 'd'`);
      expect((await client.query<{ department: string }>("select department from consultations where slug = 'd'")).rows[0]!.department).toBe('都市計画部 都市計画課');
      await client.exec(`update consultations set department = '企画部 企画調整課' where slug = 'd'`);
      const [moved] = (await client.query<{ name: string }>("select d.name from consultations c join departments d on d.id = c.department_id where slug = 'd'")).rows;
      expect(moved!.name).toBe('企画部 企画調整課');
      await client.close();
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
  });
});
