import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import postgres from 'postgres';
import { hashSessionToken } from '../../lib/auth/session';

/**
 * The PostgreSQL database behind the e2e server at `baseURL` (scripts/e2e-server.sh names it
 * e2e_<port>). Staff specs run only on the postgres project.
 */
export function e2eDatabase(baseURL: string): postgres.Sql {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('staff specs need TEST_DATABASE_URL');
  const url = new URL(admin);
  url.pathname = `/e2e_${new URL(baseURL).port}`;
  return postgres(url.toString(), { max: 2, onnotice: () => {} });
}

/**
 * Opens the server's database before the spec's (or describe block's) tests and closes it after;
 * `connected` receives the connection. Call it at the top of the spec or block, before hooks
 * that use the connection.
 */
export function connectE2eDatabase(connected: (sql: postgres.Sql) => void): void {
  let sql: postgres.Sql | undefined;
  test.beforeAll(({}, testInfo) => {
    sql = e2eDatabase(testInfo.project.use.baseURL!);
    connected(sql);
  });
  test.afterAll(async () => {
    await sql?.end();
  });
}

export type E2EStaff = { id: string; email: string; name: string; role: 'admin' | 'reviewer' };

/**
 * A staff account of its own for one test, so parallel tests never read each other's mail. It
 * belongs to `departments` (names, created if new); a reviewer by default to every department
 * that exists now (so it sees the cases created before it, as the migration gave existing reviewers).
 */
export async function createStaff(
  sql: postgres.Sql,
  role: 'admin' | 'reviewer',
  label: string = role,
  domain = 'e2e.test',
  departments?: string[],
): Promise<E2EStaff> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@${domain}`;
  const name = `職員${id.slice(0, 4)}`;
  await sql`insert into users (id, email, name, role) values (${id}, ${email}, ${name}, ${role})`;
  if (departments) {
    for (const department of departments) {
      await sql`insert into departments (name) values (${department}) on conflict do nothing`;
      await sql`insert into staff_departments (user_id, department_id) select ${id}, id from departments where name = ${department}`;
    }
  } else if (role === 'reviewer') {
    await sql`insert into staff_departments (user_id, department_id) select ${id}, id from departments`;
  }
  return { id, email, name, role };
}

/**
 * A session row as a completed sign-in leaves it (passkey step passed); returns the cookie
 * value. `secondFactor: false` leaves it where the mailed link alone leaves it.
 */
export async function createSession(sql: postgres.Sql, userId: string, createdAt = new Date(), { secondFactor = true } = {}): Promise<string> {
  const token = randomBytes(32).toString('hex');
  const expires = new Date(createdAt.getTime() + 8 * 3600 * 1000);
  const secondFactorAt = secondFactor ? createdAt : null;
  await sql`insert into sessions (session_token, user_id, expires, created_at, last_seen_at, second_factor_at)
    values (${hashSessionToken(token)}, ${userId}, ${expires}, ${createdAt}, ${createdAt}, ${secondFactorAt})`;
  return token;
}

export const SESSION_COOKIE = 'authjs.session-token';

export async function signInWithCookie(context: BrowserContext, baseURL: string, token: string): Promise<void> {
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
}

type CaughtMail = { id: number; to: string[]; subject: string; text: string };

async function mails(request: APIRequestContext): Promise<CaughtMail[]> {
  const response = await request.get(`${process.env.MAIL_CATCHER_URL}/messages`);
  return (await response.json()) as CaughtMail[];
}

export async function mailsTo(request: APIRequestContext, email: string): Promise<CaughtMail[]> {
  return (await mails(request)).filter((m) => m.to.includes(email));
}

/** Asks for a sign-in link in the browser and returns the link from the mail the app sent. */
export async function requestSignInLink(page: Page, email: string): Promise<string> {
  const before = (await mailsTo(page.request, email)).length;
  await page.goto('/staff/sign-in');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('メールを確認してください');
  let text = '';
  await expect
    .poll(async () => {
      const received = await mailsTo(page.request, email);
      text = received[before]?.text ?? '';
      return received.length;
    })
    .toBeGreaterThan(before);
  const link = /https?:\/\/\S+\/staff\/sign-in\/confirm\?\S+/.exec(text)?.[0];
  expect(link, 'the mail holds a link to the confirmation page').toBeTruthy();
  return link!;
}

export async function auditActions(sql: postgres.Sql, filter: { actorId?: string; targetId?: string; targetType?: string; since: Date }): Promise<string[]> {
  const rows = await sql<{ action: string }[]>`
    select action from audit_log
    where occurred_at >= ${filter.since}
      and (${filter.actorId ?? null}::text is null or actor_id = ${filter.actorId ?? null})
      and (${filter.targetId ?? null}::text is null or target_id = ${filter.targetId ?? null})
      and (${filter.targetType ?? null}::text is null or target_type = ${filter.targetType ?? null})
    order by id`;
  return rows.map((r) => r.action);
}
