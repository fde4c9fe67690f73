import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { mailOutbox, submissionOpinions, submissions } from '@/db/schema';
import { resetEnvForTests } from '@/lib/env';
import type { Locale } from '@/lib/i18n/locales';
import { commentTranslators } from '@/lib/i18n/translate';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { submitComment } from './accept';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
resetEnvForTests();

/** Residents writing in their own language and script, names and addresses included. */
const RESIDENTS: { locale: Locale; name: string; address: string; text: string; receivedLabel: string }[] = [
  { locale: 'vi', name: 'Nguyễn Thị Hương', address: 'Isesaki-shi, Imaizumi-chō 2-410', text: 'Xin hãy giải thích rõ hơn về mục tiêu dân số trẻ em. Tôi muốn biết căn cứ.', receivedLabel: 'Số tiếp nhận' },
  { locale: 'pt-BR', name: 'João Conceição', address: 'Isesaki, Sakai 1-2-3', text: 'Gostaria de saber qual é a base da meta de população jovem. Obrigado!', receivedLabel: 'Número de recebimento' },
  { locale: 'ne', name: 'सीता श्रेष्ठ', address: 'इसेसाकी, हिरोसे ३-४', text: 'बालबालिकाको जनसंख्याको लक्ष्यको आधार स्पष्ट पार्नुहोस्। धन्यवाद।', receivedLabel: 'प्राप्ति नम्बर' },
  { locale: 'zh-Hans', name: '王小明', address: '伊势崎市今泉町2-410', text: '请说明少年人口目标值的依据。', receivedLabel: '受理编号' },
  { locale: 'tl', name: 'Maria Dela Cruz', address: 'Isesaki, Tsunatori 5-6', text: 'Pakipaliwanag kung saan nanggaling ang target na bilang ng mga bata.', receivedLabel: 'Numero ng pagtanggap' },
  { locale: 'es', name: 'José Ñúñez', address: 'Isesaki, Akabori 7-8', text: '¿Por qué cambió la meta? Me parece poco clara.', receivedLabel: 'Número de recepción' },
  { locale: 'en', name: 'Anne O’Neil', address: 'Isesaki, Sakai 9', text: 'Please explain the basis of the target.', receivedLabel: 'Receipt number' },
  { locale: 'ja-x-easy', name: 'いせさき はなこ', address: '伊勢崎市今泉町二丁目410番地', text: 'こどもの かずの めあてが よく わかりません。', receivedLabel: 'いけんを うけとりました' },
];

describe.each(testDrivers())('comments in any language on %s', (driver) => {
  let handle: DbHandle;
  let slug: string;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    slug = (await createTestConsultation(handle.db)).slug;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it.each(RESIDENTS)('accepts a comment from the $locale form as written, records the language and mails the receipt in it', async (r) => {
    const input = {
      submitter: { name: r.name, address: r.address, category: '市内在住', email: `resident-${randomUUID()}@example.jp` },
      opinions: [
        { itemNumber: 2, text: r.text },
        { itemNumber: null, text: r.text },
      ],
      consent: true,
    };
    const context = { ipHash: `ip-${randomUUID()}`, idempotencyKey: `key-${randomUUID()}`, locale: r.locale };
    const result = await submitComment(handle.db, slug, input, context);
    if (!result.ok || result.replayed) throw new Error('expected a new submission');
    const t = commentTranslators(r.locale).comment;
    // 全体について in the reader's language; an item keeps its number and Japanese heading.
    expect(result.receipt.opinions.map((o) => o.itemLabel)).toEqual([t('opinionItem', { number: 2, heading: '数値目標' }), t('opinionWhole')]);
    expect(t('opinionWhole')).not.toBe('全体について');

    const [row] = await handle.db.select().from(submissions).where(eq(submissions.receiptNumber, result.receipt.receiptNumber));
    expect(row).toMatchObject({ locale: r.locale, submitterName: r.name, submitterAddress: r.address });
    const texts = await handle.db.select({ text: submissionOpinions.text }).from(submissionOpinions).where(eq(submissionOpinions.submissionId, row!.id));
    expect(texts.map((x) => x.text)).toEqual([r.text, r.text]);

    const [mail] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, input.submitter.email));
    expect(mail!.subject).toBe(t('mailSubject', { receiptNumber: result.receipt.receiptNumber }));
    expect(mail!.body).toContain(r.receivedLabel);
    // The items and their lengths in the reader's language, never the typed text (SECURITY.md, M4).
    expect(mail!.body).toContain(`■ ${t('opinionWhole')}`);
    expect(mail!.body).not.toContain(r.text);
    expect(mail!.body).not.toContain(r.name);

    // A replay of the same key answers in the same language.
    const replay = await submitComment(handle.db, slug, input, context);
    expect(replay).toMatchObject({ ok: true, replayed: true, receipt: { receiptNumber: result.receipt.receiptNumber } });
  });

  it('records Japanese for the API and staff entry (no language given)', async () => {
    const result = await submitComment(handle.db, slug, {
      submitter: { name: '伊勢崎 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: '' },
      opinions: [{ itemNumber: null, text: '賛成です。' }],
      consent: true,
    }, { ipHash: `ip-${randomUUID()}`, idempotencyKey: `key-${randomUUID()}` });
    if (!result.ok || result.replayed) throw new Error('expected a new submission');
    expect(result.receipt.opinions[0]!.itemLabel).toBe('全体について');
    const [row] = await handle.db.select({ locale: submissions.locale }).from(submissions).where(eq(submissions.receiptNumber, result.receipt.receiptNumber));
    expect(row!.locale).toBe('ja');
  });
});
