import { describe, expect, it } from 'vitest';
import { databaseEnv } from './env';

describe('the database settings db/ reads itself', () => {
  it('defaults to the embedded database in ./.data/pglite with 10 connections', () => {
    expect(databaseEnv({})).toEqual({ DATABASE_URL: undefined, PGLITE_DIR: './.data/pglite', DATABASE_POOL_MAX: 10 });
  });

  it('takes what is set', () => {
    expect(databaseEnv({ DATABASE_URL: 'postgres://db/x', PGLITE_DIR: 'memory://', DATABASE_POOL_MAX: '4' })).toEqual({
      DATABASE_URL: 'postgres://db/x',
      PGLITE_DIR: 'memory://',
      DATABASE_POOL_MAX: 4,
    });
  });

  it('refuses what the app would misread, as the zod schema did', () => {
    expect(() => databaseEnv({ DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
    expect(() => databaseEnv({ PGLITE_DIR: '' })).toThrow(/PGLITE_DIR/);
    for (const bad of ['0', '-1', '2.5', 'ten', '']) expect(() => databaseEnv({ DATABASE_POOL_MAX: bad }), bad).toThrow(/DATABASE_POOL_MAX/);
  });
});
