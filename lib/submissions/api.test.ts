import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { submissions } from '@/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import { handleSubmissionRequest, SUBMISSION_BODY_LIMIT_BYTES } from './api';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
process.env.SUBMISSION_LIMIT_PER_IP = '2';
resetEnvForTests();

describe.each(testDrivers())('POST /api/consultations/[slug]/submissions on %s', (driver) => {
  let handle: DbHandle;
  let slug: string;
  let closedSlug: string;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    slug = (await createTestConsultation(handle.db)).slug;
    closedSlug = (await createTestConsultation(handle.db, { opensAt: new Date('2025-01-01'), closesAt: new Date('2025-02-01') })).slug;
  });
  afterAll(async () => {
    await handle?.close();
  });

  let ip = 0;
  const post = async (
    body: string | object,
    { headers = {}, to = slug }: { headers?: Record<string, string>; to?: string } = {},
  ) => {
    const request = new Request(`http://localhost/api/consultations/${to}/submissions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        [SOCKET_ADDRESS_HEADER]: `10.0.0.${++ip}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const { response } = await handleSubmissionRequest(handle.db, request, to);
    return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
  };
  const stored = async () => (await handle.db.select({ n: count() }).from(submissions))[0]!.n;

  it('201 with the receipt number; the same key again gives the same number', async () => {
    const key = randomUUID();
    const first = await post(validComment(), { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(first.json.receiptNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(Object.keys(first.json)).toEqual(['receiptNumber']);
    const again = await post(validComment(), { headers: { 'idempotency-key': key } });
    expect(again).toMatchObject({ status: 201, json: { receiptNumber: first.json.receiptNumber } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers bad requests in one JSON shape with Japanese messages, storing nothing', async () => {
    const before = await stored();
    const cases: [number, string, Awaited<ReturnType<typeof post>>][] = [
      [415, 'unsupported_media_type', await post(validComment(), { headers: { 'content-type': 'text/plain' } })],
      [415, 'unsupported_media_type', await post('name=a', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
      [400, 'bad_json', await post('{"submitter":')],
      [400, 'idempotency_key', await post(validComment(), { headers: { 'idempotency-key': 'short' } })],
      [413, 'payload_too_large', await post({ ...validComment(), pad: 'x'.repeat(SUBMISSION_BODY_LIMIT_BYTES) })],
      [422, 'validation', await post({ ...validComment(), opinions: [{ itemNumber: 99, text: '' }] })],
      [422, 'validation', await post([1, 2, 3])],
      [422, 'rejected', await post({ ...validComment(), website: 'https://spam.example' })],
      [409, 'closed', await post(validComment(), { to: closedSlug })],
      [404, 'not_found', await post(validComment(), { to: 'no-such-case' })],
      [403, 'forbidden_origin', await post(validComment(), { headers: { cookie: 'a=b', origin: 'https://evil.example', host: 'localhost' } })],
    ];
    for (const [status, error, response] of cases) {
      expect({ status: response.status, error: response.json.error }).toEqual({ status, error });
      expect(response.json.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
    const validation = cases[5]![2].json.fields as Record<string, string>;
    expect(validation['opinions.0.itemNumber']).toBe('対象の改訂箇所は一覧の中から選んでください。');
    expect(validation['opinions.0.text']).toBe('意見の内容を入力してください。');
    expect(await stored()).toBe(before);
  });

  it('accepts a same-origin browser and a client without cookies', async () => {
    expect((await post(validComment(), { headers: { cookie: 'a=b', origin: 'http://localhost', host: 'localhost' } })).status).toBe(201);
    expect((await post(validComment(), { headers: { origin: 'https://other.example' } })).status).toBe(201);
  });

  it('429 with Retry-After when one address sends too much', async () => {
    const headers = { [SOCKET_ADDRESS_HEADER]: '192.0.2.77' };
    const statuses = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await post(validComment(), { headers: { ...headers, 'idempotency-key': randomUUID() } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.json.error).toBe('rate_limited');
    // Known to be over the limit: refused before the body is read, with the same answer.
    const again = await post('not even json', { headers: { ...headers, 'idempotency-key': randomUUID() } });
    expect(again.status).toBe(429);
    expect(again.json).toMatchObject({ error: 'rate_limited', message: last!.json.message });
    expect(again.headers.get('retry-after')).toBeTruthy();
  });
});
