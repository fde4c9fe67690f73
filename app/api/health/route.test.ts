import { afterEach, describe, expect, it } from 'vitest';
import { closeProcessDb } from '@/db/client';
import { resetEnvForTests } from '@/lib/env';
import { GET } from './route';

const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };

afterEach(async () => {
  await closeProcessDb().catch(() => {});
  // Assigning undefined to process.env stores the string "undefined": delete instead.
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
});

describe('GET /api/health', () => {
  it('answers 200 ok when the database answers', async () => {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = 'memory://';
    resetEnvForTests();
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 when the database does not', async () => {
    // Port 9 (discard) on this machine: nothing listens, the connection is refused.
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:9/none';
    resetEnvForTests();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable' });
  });
});
