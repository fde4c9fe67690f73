import { inspect } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '@/db/client';
import { describeErrorForLog, redactForLog, redactLogArgument } from './redact';

describe('redactForLog', () => {
  it('removes e-mail addresses, however an SMTP server quotes them', () => {
    expect(redactForLog("Can't send mail - all recipients were rejected: 550 5.1.1 <taro.isesaki@example.jp>: Recipient address rejected")).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <[e-mail]>: Recipient address rejected",
    );
    expect(redactForLog('to hanako+pc@city.example.lg.jp failed')).toBe('to [e-mail] failed');
  });

  it('leaves other text alone', () => {
    expect(redactForLog('connect ECONNREFUSED 127.0.0.1:25')).toBe('connect ECONNREFUSED 127.0.0.1:25');
    expect(redactForLog('duplicate key value violates unique constraint "submissions_receipt_number_unique"')).toBe(
      'duplicate key value violates unique constraint "submissions_receipt_number_unique"',
    );
  });
});

describe('errors from a failed query', () => {
  let handle: DbHandle;
  const NAME = '伊勢崎 太郎';
  const ADDRESS = '伊勢崎市今泉町二丁目410番地';
  const TEXT = '一行目の意見です。\n二行目の意見です。';

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', migrate: false });
    await handle.db.execute(sql`create table people (id int primary key, name text not null, address text, note text check (char_length(note) < 5))`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** The error drizzle throws for a failing insert, as a page or an action would see it. */
  async function failingInsert(note: string, id: unknown = 1): Promise<Error> {
    try {
      await handle.db.execute(sql`insert into people (id, name, address, note) values (${id}, ${NAME}, ${ADDRESS}, ${note})`);
    } catch (error) {
      return error as Error;
    }
    throw new Error('the insert did not fail');
  }

  it('carries the parameters in its message, stack and properties (which is why this exists)', async () => {
    const error = await failingInsert(TEXT);
    expect(error.message).toContain(NAME);
    expect(inspect(error)).toContain(ADDRESS);
    expect(inspect(error.cause)).toContain('Failing row contains');
  });

  it('describeErrorForLog keeps the statement and the SQLSTATE, never the parameters', async () => {
    const line = describeErrorForLog(await failingInsert(TEXT, NAME));
    expect(line).toContain('insert into people');
    expect(line).toContain('22P02');
    for (const secret of [NAME, ADDRESS, '一行目', '二行目']) expect(line).not.toContain(secret);
  });

  it('what Next.js prints for an uncaught error (util.inspect) passes through redaction', async () => {
    const error = await failingInsert(`${TEXT}\ntaro@example.jp`);
    const printed = inspect(redactLogArgument(error));
    expect(printed).toContain('violates check constraint');
    expect(printed).toMatch(/\n\s+at /);
    for (const secret of [NAME, ADDRESS, '一行目', '二行目', 'taro@example.jp']) expect(printed).not.toContain(secret);
  });
});

describe('describeErrorForLog', () => {
  it('keeps the statement of a failed query but never its parameters', () => {
    const driverError = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
    const failed = Object.assign(new Error('Failed query: insert into "submissions" ("submitter_name") values ($1)\nparams: 伊勢崎 太郎'), {
      query: 'insert into "submissions" ("submitter_name")\n  values ($1)',
      params: ['伊勢崎 太郎'],
      cause: driverError,
    });
    const line = describeErrorForLog(failed);
    expect(line).toBe('failed query: insert into "submissions" ("submitter_name") values ($1) ← database error 57P01');
    expect(line).not.toContain('太郎');
  });

  it('keeps connection errors readable and e-mail addresses out', () => {
    expect(describeErrorForLog(Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }))).toBe(
      'write CONNECTION_CLOSED 127.0.0.1:5432 (CONNECTION_CLOSED)',
    );
    expect(describeErrorForLog(new Error('no mailbox taro@example.jp'))).toBe('no mailbox [e-mail]');
    expect(describeErrorForLog(undefined)).toBe('unknown error');
  });
});
