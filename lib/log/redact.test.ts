import { describe, expect, it } from 'vitest';
import { redactForLog } from './redact';

describe('redactForLog', () => {
  it('removes e-mail addresses, however an SMTP server quotes them', () => {
    expect(redactForLog("Can't send mail - all recipients were rejected: 550 5.1.1 <taro.isesaki@example.jp>: Recipient address rejected")).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <[e-mail]>: Recipient address rejected",
    );
    expect(redactForLog('to hanako+pc@city.example.lg.jp failed')).toBe('to [e-mail] failed');
  });

  it('leaves other text alone', () => {
    expect(redactForLog('connect ECONNREFUSED 127.0.0.1:25')).toBe('connect ECONNREFUSED 127.0.0.1:25');
  });
});
