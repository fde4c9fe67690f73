import { describe, expect, it } from 'vitest';
import { auditFiltersSchema, opinionFormSchema, paperMetaSchema, parseInboxFilters } from './triage';

describe('staff filters and forms under bad input', () => {
  it('ignores filters that break the text rule or name no real day, instead of failing in the database', () => {
    expect(parseInboxFilters({ q: '\u0000', department: 'a\u0000b', from: '2025-13-45', to: '0000-00-00', item: '\u0000', page: '1e309' })).toEqual({});
    expect(parseInboxFilters({ q: '100%_\\', from: '2025-02-28', to: '2024-02-29' })).toEqual({ q: '100%_\\', from: '2025-02-28', to: '2024-02-29' });
    expect(parseInboxFilters({ from: '2025-02-29' }).from).toBeUndefined();
    expect(auditFiltersSchema.parse({ actor: '\u0000', from: '2025-02-30', targetId: '\u202E' })).toEqual({});
  });

  it('refuses a paper submission received on a day that does not exist, with the field message', () => {
    const parsed = paperMetaSchema.safeParse({ channel: 'post', receivedOn: '2025-02-30' });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['receivedOn', 'triageErrors.receivedOnRequired']]);
  });

  it('a staff summary follows the text rule: refused with the commentErrors message, else NFC and trimmed', () => {
    const form = { id: '1', version: '1', consultation: 'c', itemNumber: '', categoryCode: '', status: 'new' };
    const refused = opinionFormSchema.safeParse({ ...form, summary: '概要\u202E' });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['summary', 'commentErrors.bidiControls']]);
    expect(opinionFormSchema.parse({ ...form, summary: ' \u200Bか\u3099\r\n<b>x</b> ' }).summary).toBe('が\n<b>x</b>');
    expect(opinionFormSchema.parse({ ...form, department: '企画課\t' }).department).toBe('企画課');
  });
});
