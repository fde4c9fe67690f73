import { describe, expect, it } from 'vitest';
import { isConnectionLoss, withDeadline } from './client';

describe('isConnectionLoss', () => {
  it('knows a lost or refused connection, also as the cause of a failed query', () => {
    for (const code of ['CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006']) {
      expect(isConnectionLoss(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    const failedQuery = Object.assign(new Error('Failed query: select 1'), { cause: Object.assign(new Error('gone'), { code: '57P01' }) });
    expect(isConnectionLoss(failedQuery)).toBe(true);
  });

  it('leaves errors of the statement itself alone', () => {
    for (const code of ['23505', '40001', '22P02', undefined]) expect(isConnectionLoss(Object.assign(new Error('x'), { code }))).toBe(false);
    expect(isConnectionLoss(null)).toBe(false);
  });
});

describe('withDeadline', () => {
  it('passes the answer through, or rejects once the time is up', async () => {
    expect(await withDeadline(Promise.resolve(7), 1_000, 'quick')).toBe(7);
    await expect(withDeadline(new Promise(() => {}), 20, 'stuck')).rejects.toThrow('stuck: no answer within 20 ms');
  });
});
