import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, consultations } from '@/db/schema';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { LOCALES } from '@/lib/i18n/locales';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor } from '@/lib/testing/triage-fixtures';
import { caseSummariesFormSchema, summaryField } from '@/lib/validation/case-summaries';
import { getPublicCaseSummary, listCaseSummaries, saveCaseSummaries, type CaseSummaries } from './summaries';

const none = Object.fromEntries(LOCALES.map((l) => [l, ''])) as CaseSummaries;

describe.each(testDrivers())('per-language explanations of a case on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  let reviewer: StaffActor;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(handle.db, 'admin');
    reviewer = await createTestActor(handle.db, 'reviewer');
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('saves, changes, empties a language, and shows each only in its own language on a public case', async () => {
    const c = await createTestConsultation(handle.db);
    await saveCaseSummaries(handle.db, admin, c.id, { ...none, vi: 'Giới thiệu', en: 'About' });
    expect(await listCaseSummaries(handle.db, c.id)).toEqual({ ...none, vi: 'Giới thiệu', en: 'About' });
    await saveCaseSummaries(handle.db, admin, c.id, { ...none, vi: 'Giới thiệu mới', 'pt-BR': 'Sobre' });
    expect(await listCaseSummaries(handle.db, c.id)).toEqual({ ...none, vi: 'Giới thiệu mới', 'pt-BR': 'Sobre' });
    expect(await getPublicCaseSummary(handle.db, c.slug, 'vi')).toBe('Giới thiệu mới');
    expect(await getPublicCaseSummary(handle.db, c.slug, 'en')).toBeNull();
    const audits = await handle.db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, 'consultation.summaries_updated'));
    expect(audits.map((a) => a.after)).toContainEqual({ languages: ['en', 'vi', 'pt-BR'] });
    // A draft case is not public: its explanation is not either.
    await handle.db.update(consultations).set({ draft: true }).where(eq(consultations.id, c.id));
    expect(await getPublicCaseSummary(handle.db, c.slug, 'vi')).toBeNull();
  });

  it("is for staff who manage the case's department only", async () => {
    const c = await createTestConsultation(handle.db);
    const outsider = await createTestActor(handle.db, 'reviewer', undefined, ['健康推進部 福祉課']);
    expect(await saveCaseSummaries(handle.db, outsider, c.id, { ...none, vi: 'x' })).toEqual({ ok: false, error: 'notFound' });
    await expect(saveCaseSummaries(handle.db, { ...reviewer, pendingSecondFactor: 'verify' }, c.id, { ...none, vi: 'x' })).rejects.toBeInstanceOf(StaffAccessDenied);
    expect(await listCaseSummaries(handle.db, c.id)).toEqual(none);
    // A reviewer of the case's department manages it.
    expect(await saveCaseSummaries(handle.db, reviewer, c.id, { ...none, vi: 'Giới thiệu' })).toEqual({ ok: true });
    expect(await listCaseSummaries(handle.db, c.id)).toEqual({ ...none, vi: 'Giới thiệu' });
  });

  it('the form schema: each language optional, at most 1,000 characters, control characters refused', () => {
    const ok = caseSummariesFormSchema.safeParse({ consultation: 'x', [summaryField('vi')]: '  Giới thiệu\r\n2 dòng  ' });
    expect(ok.success && ok.data[summaryField('vi')]).toBe('Giới thiệu\n2 dòng');
    expect(ok.success && ok.data[summaryField('en')]).toBe('');
    const long = caseSummariesFormSchema.safeParse({ consultation: 'x', [summaryField('ne')]: 'क'.repeat(1001) });
    expect(long.success ? [] : long.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[summaryField('ne'), 'caseErrors.summaryTooLong']]);
    const control = caseSummariesFormSchema.safeParse({ consultation: 'x', [summaryField('es')]: 'a\u0007b' });
    expect(control.success).toBe(false);
  });
});
