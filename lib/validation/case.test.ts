import { describe, expect, it } from 'vitest';
import { closeEarlyFormSchema, extendFormSchema, openNowFormSchema } from './case';

/** The messages a form shows at its fields when the schema refuses it. */
function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('lifecycle steps need their confirmation checkbox', () => {
  it('refuses extending the period without the confirmation, with the message at the checkbox', () => {
    const base = { consultation: 'strategy', lastDay: '2031-03-31' };
    expect(fieldErrors(extendFormSchema.safeParse(base))).toEqual({ confirm: 'caseErrors.confirmRequired' });
    expect(fieldErrors(extendFormSchema.safeParse({ ...base, confirm: 'off' }))).toEqual({ confirm: 'caseErrors.confirmRequired' });
    const parsed = extendFormSchema.parse({ ...base, confirm: 'on' });
    // The last day is accepted to its end in Japan: the period closes at the next midnight there.
    expect(parsed.lastDay.toISOString()).toBe('2031-03-31T15:00:00.000Z');
  });

  it('opening now and closing early are confirmed the same way', () => {
    expect(fieldErrors(openNowFormSchema.safeParse({ consultation: 'strategy' }))).toEqual({ confirm: 'caseErrors.confirmRequired' });
    expect(fieldErrors(closeEarlyFormSchema.safeParse({ consultation: 'strategy', reason: '見直しのため' }))).toEqual({ confirm: 'caseErrors.confirmRequired' });
  });
});
