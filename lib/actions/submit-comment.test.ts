import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { submissions } from '@/db/schema';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { resetEnvForTests } from '@/lib/env';
import { translateCommentErrors } from '@/lib/i18n/translate';
import { handleSubmissionRequest } from '@/lib/submissions/api';
import { createTestDatabase } from '@/lib/testing/databases';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import { emptyCommentValues } from '@/lib/validation/comment-form-data';
import type { CommentFormState } from './comment-form-state';
import { submitCommentAction } from './submit-comment';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
resetEnvForTests();

/** Every personal or typed value of the comment below: none may come back on a replay. */
const PERSONAL = ['リプレイ 花子', '伊勢崎市昭和町3919番地', 'hanako.replay@example.jp', '年少人口の目標値の根拠を示してください。', '全体として分かりやすくなったと思います。'];
const comment = () => {
  const c = validComment({ email: 'hanako.replay@example.jp' });
  return { ...c, submitter: { ...c.submitter, name: 'リプレイ 花子', address: '伊勢崎市昭和町3919番地' } };
};

describe('M2: a replayed idempotency key reveals nothing but the receipt number', () => {
  let handle: DbHandle;
  let slug: string;
  let ip = 0;
  beforeAll(async () => {
    handle = await createTestDatabase('pglite');
    slug = (await createTestConsultation(handle.db)).slug;
  });
  afterAll(async () => {
    await handle?.close();
  });
  const stored = async () => (await handle.db.select({ n: count() }).from(submissions))[0]!.n;

  const api = async (body: object, key: string) => {
    const request = new Request(`http://localhost/api/consultations/${slug}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, [SOCKET_ADDRESS_HEADER]: `10.9.0.${++ip}` },
      body: JSON.stringify(body),
    });
    const { response } = await handleSubmissionRequest(handle.db, request, slug);
    return { status: response.status, text: await response.text() };
  };

  const formFields = (c: ReturnType<typeof comment>, key: string): FormData => {
    const data = new FormData();
    const fields: Record<string, string> = {
      slug,
      intent: 'send',
      idempotencyKey: key,
      'submitter.name': c.submitter.name,
      'submitter.address': c.submitter.address,
      'submitter.category': c.submitter.category,
      'submitter.email': c.submitter.email,
      'opinions.0.itemNumber': String(c.opinions[0]!.itemNumber),
      'opinions.0.text': c.opinions[0]!.text,
      'opinions.1.itemNumber': '',
      'opinions.1.text': c.opinions[1]!.text,
      consent: 'on',
    };
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };
  const form = (data: FormData) =>
    runWithRequestContext({ db: handle.db, sessionToken: null, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: `10.9.1.${++ip}` }) }, () =>
      submitCommentAction({ step: 'edit', values: emptyCommentValues(), errors: {} } satisfies CommentFormState, data),
    );

  it('through the API: the same body gets the number only; another body is refused (422) with a Japanese message', async () => {
    const key = randomUUID();
    const first = await api(comment(), key);
    expect(first.status).toBe(201);
    const { receiptNumber } = JSON.parse(first.text) as { receiptNumber: string };
    const again = await api(comment(), key);
    expect(again).toEqual({ status: 201, text: JSON.stringify({ receiptNumber }) });

    const before = await stored();
    const other = comment();
    other.opinions[0]!.text = '別の意見';
    const conflict = await api(other, key);
    expect(conflict.status).toBe(422);
    expect(JSON.parse(conflict.text)).toEqual({ error: 'idempotency_conflict', message: translateCommentErrors('idempotencyConflict') });
    for (const value of [...PERSONAL, receiptNumber]) expect(conflict.text).not.toContain(value);
    expect(await stored()).toBe(before);
  });

  it('through the form action: the resend shows the number only; another comment under the key is refused with the message', async () => {
    const key = randomUUID();
    const first = await form(formFields(comment(), key));
    expect(first.step).toBe('done');
    const receiptNumber = first.step === 'done' ? first.receipt.receiptNumber : '';
    const again = await form(formFields(comment(), key));
    expect(again).toEqual({ step: 'replayed', receiptNumber });
    for (const value of PERSONAL) expect(JSON.stringify(again)).not.toContain(value);

    const before = await stored();
    const other = comment();
    other.submitter.name = '別人 次郎';
    const conflict = await form(formFields(other, key));
    expect(conflict).toMatchObject({ step: 'edit', message: translateCommentErrors('idempotencyConflict') });
    expect(JSON.stringify(conflict)).not.toContain(receiptNumber);
    expect(await stored()).toBe(before);
  });
});
