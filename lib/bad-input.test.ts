import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, mailOutbox, opinions, rateLimits, submissionOpinions, submissions } from '@/db/schema';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import { submitCommentAction } from '@/lib/actions/submit-comment';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { resetEnvForTests } from '@/lib/env';
import { translateCommentErrors } from '@/lib/i18n/translate';
import { handleSubmissionRequest } from '@/lib/submissions/api';
import { bigBody, deepJson, EMAIL_PAYLOADS, MALFORMED_UTF8, TEXT_PAYLOADS, type Outcome, type TextPayload } from '@/lib/testing/bad-input';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import type { CommentErrorKey } from '@/lib/validation/comment';
import { emptyCommentValues } from '@/lib/validation/comment-form-data';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';

// The action starts the process-wide mail worker after a submission, on the app's own
// database; here the outbox rows are what is checked (delivery: lib/email/outbox.test.ts).
vi.mock('@/lib/email/outbox-worker', () => ({ kickOutbox: () => {} }));

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
process.env.SUBMISSION_LIMIT_PER_IP = '1000';
process.env.SUBMISSION_LIMIT_PER_EMAIL = '1000';
resetEnvForTests();

type Field = 'opinion' | 'name' | 'address';
const PATH: Record<Field, string> = { opinion: 'opinions.0.text', name: 'submitter.name', address: 'submitter.address' };
const EMPTY: Record<Field, CommentErrorKey> = { opinion: 'opinionTextRequired', name: 'nameRequired', address: 'addressRequired' };
const TOO_LONG: Record<Field, CommentErrorKey> = { opinion: 'opinionTextTooLong', name: 'nameTooLong', address: 'addressTooLong' };

/** What the corpus says of a payload in a field: stored as a value, or refused with a message. */
function expectation(payload: TextPayload, field: Field): { stored: string } | { message: string } {
  const outcome: Outcome = field === 'opinion' ? payload.opinion : payload.name;
  if (outcome === 'accept') return { stored: field === 'opinion' ? (payload.stored ?? payload.value) : (payload.storedName ?? payload.stored ?? payload.value) };
  const key: CommentErrorKey = outcome === 'empty' ? EMPTY[field] : outcome === 'tooLong' ? TOO_LONG[field] : outcome;
  return { message: translateCommentErrors(key) };
}

function withField(field: Field, value: string) {
  const comment = validComment();
  if (field === 'opinion') comment.opinions[0]!.text = value;
  else comment.submitter[field] = value;
  return comment;
}

const show = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value);

describe.each(testDrivers())('the bad-input corpus on %s', (driver) => {
  let handle: DbHandle;
  let slug: string;
  beforeAll(async () => {
    // Hundreds of "submission received" lines would bury a failure's message.
    vi.spyOn(console, 'info').mockImplementation(() => {});
    handle = await createTestDatabase(driver);
    slug = (await createTestConsultation(handle.db)).slug;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const counts = async () => {
    const n = async (table: typeof submissions | typeof submissionOpinions | typeof opinions | typeof mailOutbox | typeof rateLimits | typeof auditLog) =>
      (await handle.db.select({ n: count() }).from(table))[0]!.n;
    return {
      submissions: await n(submissions),
      submissionOpinions: await n(submissionOpinions),
      opinions: await n(opinions),
      mailOutbox: await n(mailOutbox),
      rateLimits: await n(rateLimits),
      auditLog: await n(auditLog),
    };
  };
  const storedSubmission = async (receiptNumber: string) => {
    const [row] = await handle.db.select().from(submissions).where(eq(submissions.receiptNumber, receiptNumber));
    const texts = await handle.db
      .select({ text: submissionOpinions.text, position: submissionOpinions.position })
      .from(submissionOpinions)
      .where(eq(submissionOpinions.submissionId, row!.id))
      .orderBy(submissionOpinions.position);
    const triage = await handle.db.select({ text: opinions.text }).from(opinions).where(eq(opinions.submissionId, row!.id)).orderBy(opinions.startOffset);
    return { row: row!, texts: texts.map((t) => t.text), triage: triage.map((t) => t.text) };
  };

  let ip = 0;
  const nextIp = () => `10.${Math.floor(++ip / 250) % 250}.${ip % 250}.7`;
  const post = async (body: BodyInit | object, headers: Record<string, string> = {}) => {
    const request = new Request(`http://localhost/api/consultations/${slug}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), [SOCKET_ADDRESS_HEADER]: nextIp(), ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array || body instanceof ReadableStream ? (body as BodyInit) : JSON.stringify(body),
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const { response } = await handleSubmissionRequest(handle.db, request, slug);
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Checked below: every answer must be JSON.
    }
    return { status: response.status, json, text };
  };

  it('API: every text payload in the opinion, name and address is stored as the policy says, or refused with its field message', async () => {
    const before = await counts();
    const failures: string[] = [];
    let accepted = 0;
    for (const payload of TEXT_PAYLOADS) {
      for (const field of ['opinion', 'name', 'address'] as const) {
        const expected = expectation(payload, field);
        const response = await post(withField(field, payload.value));
        const where = `${field} ← ${payload.id} ${show(payload.value)}`;
        if ('stored' in expected) {
          if (response.status !== 201) {
            failures.push(`${where}: expected 201, got ${response.status} ${response.text}`);
            continue;
          }
          accepted++;
          const { row, texts, triage } = await storedSubmission(String(response.json.receiptNumber));
          const actual = field === 'opinion' ? texts[0] : field === 'name' ? row.submitterName : row.submitterAddress;
          if (actual !== expected.stored) failures.push(`${where}: stored ${show(actual ?? '')}, expected ${show(expected.stored)}`);
          if (field === 'opinion' && triage[0] !== expected.stored) failures.push(`${where}: the triage opinion holds ${show(triage[0] ?? '')}`);
        } else {
          const fields = (response.json.fields ?? {}) as Record<string, string>;
          if (response.status !== 422 || fields[PATH[field]] !== expected.message) {
            failures.push(`${where}: expected 422 with ${PATH[field]} = ${expected.message}, got ${response.status} ${response.text}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Each accepted request stored one submission with its two opinions and used one IP's
    // rate-limit row; refused ones left every table as it was.
    expect(await counts()).toEqual({
      ...before,
      submissions: before.submissions + accepted,
      submissionOpinions: before.submissionOpinions + 2 * accepted,
      opinions: before.opinions + 2 * accepted,
      rateLimits: before.rateLimits + accepted,
    });
  });

  it('API: e-mail addresses are read with NFKC; junk is refused with the e-mail field message', async () => {
    const before = await counts();
    const failures: string[] = [];
    let accepted = 0;
    let mailed = 0;
    for (const payload of EMAIL_PAYLOADS) {
      const comment = validComment({ email: payload.value });
      const response = await post(comment);
      const where = `email ← ${payload.id} ${show(payload.value)}`;
      if (payload.outcome === 'accept' || payload.outcome === 'empty') {
        if (response.status !== 201) {
          failures.push(`${where}: expected 201, got ${response.status} ${response.text}`);
          continue;
        }
        accepted++;
        const { row } = await storedSubmission(String(response.json.receiptNumber));
        const expected = payload.outcome === 'empty' ? null : payload.stored!;
        if (row.submitterEmail !== expected) failures.push(`${where}: stored ${String(row.submitterEmail)}, expected ${String(expected)}`);
        if (expected) {
          mailed++;
          const [mail] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, expected)).orderBy(mailOutbox.id);
          if (!mail) failures.push(`${where}: no receipt mail to ${expected}`);
        }
      } else {
        const message = translateCommentErrors(payload.outcome === 'invalid' || payload.outcome === 'tooLong' ? 'emailInvalid' : payload.outcome);
        const fields = (response.json.fields ?? {}) as Record<string, string>;
        if (response.status !== 422 || fields['submitter.email'] !== message) {
          failures.push(`${where}: expected 422 with submitter.email = ${message}, got ${response.status} ${response.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const after = await counts();
    expect(after.submissions - before.submissions).toBe(accepted);
    expect(after.mailOutbox - before.mailOutbox).toBe(mailed);
  });

  it('API: wrong content types, 10 MB, malformed UTF-8 and JSON, deep nesting and odd values get a 4xx in one JSON shape; nothing stored', async () => {
    const before = await counts();
    const valid = validComment();
    const body = JSON.stringify(valid);
    const tenMegabytes = bigBody(10 * 1024 * 1024);
    const streamOf = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      let offset = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
          offset += 64 * 1024;
        },
      });
    };
    const utf8 = (id: string, bytes: Buffer) => {
      const [head, tail] = body.split('伊勢崎 太郎');
      return [`malformed UTF-8 in the name: ${id}`, Buffer.concat([Buffer.from(head!), bytes, Buffer.from(tail!)])] as const;
    };
    const cases: [string, () => Promise<Awaited<ReturnType<typeof post>>>, number, string][] = [
      ['text/plain', () => post(body, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      ['form-urlencoded', () => post('submitter.name=a', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
      ['multipart', () => post(body, { 'content-type': 'multipart/form-data; boundary=x' }), 415, 'unsupported_media_type'],
      ['application/json-patch+json', () => post(body, { 'content-type': 'application/json-patch+json' }), 415, 'unsupported_media_type'],
      ['text/html', () => post('<script>window.__xss=1</script>', { 'content-type': 'text/html' }), 415, 'unsupported_media_type'],
      ['no content type', () => post(body, { 'content-type': '' }), 415, 'unsupported_media_type'],
      ['10 MB with its length declared', () => post(tenMegabytes, { 'content-length': String(tenMegabytes.length) }), 413, 'payload_too_large'],
      ['10 MB streamed without a length', () => post(streamOf(tenMegabytes)), 413, 'payload_too_large'],
      ['a length that lies (small)', () => post(streamOf(tenMegabytes), { 'content-length': '10' }), 413, 'payload_too_large'],
      ...MALFORMED_UTF8.map((m) => {
        const [name, bytes] = utf8(m.id, m.bytes);
        return [name, () => post(new Uint8Array(bytes)), 400, 'bad_encoding'] as [string, () => ReturnType<typeof post>, number, string];
      }),
      ['empty body', () => post(''), 400, 'bad_json'],
      ['truncated JSON', () => post('{"submitter":'), 400, 'bad_json'],
      ['trailing comma', () => post('{"consent":true,}'), 400, 'bad_json'],
      ['single quotes', () => post("{'consent':true}"), 400, 'bad_json'],
      ['NaN', () => post('NaN'), 400, 'bad_json'],
      ['two documents', () => post(`${body}${body}`), 400, 'bad_json'],
      ['JSON with a NUL byte outside strings', () => post(`${body}\u0000`), 400, 'bad_json'],
      ['deep arrays (90,000 levels)', () => post(deepJson(90_000)), 422, 'validation'],
      ['deep arrays as the submitter', () => post(`{"submitter":${deepJson(90_000)},"opinions":[],"consent":true}`), 422, 'validation'],
      ['deep arrays as the honeypot', () => post(`{"website":${deepJson(90_000)}}`), 422, 'rejected'],
      ['deep objects (30,000 levels)', () => post('{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000)), 422, 'validation'],
      ['null', () => post('null'), 422, 'validation'],
      ['a string', () => post('"<script>"'), 422, 'validation'],
      ['a number', () => post('1e309'), 422, 'validation'],
      ['opinions as an object', () => post({ ...valid, opinions: { 0: valid.opinions[0] } }), 422, 'validation'],
      ['6,000 opinions', () => post({ ...valid, opinions: Array.from({ length: 6000 }, () => ({ itemNumber: null, text: 'x' })) }), 422, 'validation'],
      ['item number Infinity (1e309)', () => post(body.replace('"itemNumber":2', '"itemNumber":1e309')), 422, 'validation'],
      ['item number 1.5', () => post(body.replace('"itemNumber":2', '"itemNumber":1.5')), 422, 'validation'],
      ['item number as a string', () => post(body.replace('"itemNumber":2', '"itemNumber":"2"')), 422, 'validation'],
      ['item number 2^53+1', () => post(body.replace('"itemNumber":2', '"itemNumber":9007199254740993')), 422, 'validation'],
      ['consent "true"', () => post({ ...valid, consent: 'true' }), 422, 'validation'],
      ['name as an array', () => post({ ...valid, submitter: { ...valid.submitter, name: ['伊勢崎'] } }), 422, 'validation'],
      ['name as an object with toString', () => post({ ...valid, submitter: { ...valid.submitter, name: { toString: 'x' } } }), 422, 'validation'],
      ['category not in the list', () => post({ ...valid, submitter: { ...valid.submitter, category: "市内在住' OR '1'='1" } }), 422, 'validation'],
      ['prototype pollution', () => post(`{"__proto__":{"consent":true},"constructor":{"prototype":{"polluted":1}},"submitter":${JSON.stringify(valid.submitter)},"opinions":${JSON.stringify(valid.opinions)}}`), 422, 'validation'],
      ['idempotency key of markup', () => post(body, { 'idempotency-key': '<script>alert(1)</script>' }), 400, 'idempotency_key'],
      ['idempotency key of 10,000 characters', () => post(body, { 'idempotency-key': 'a'.repeat(10_000) }), 400, 'idempotency_key'],
    ];
    const failures: string[] = [];
    for (const [name, send, status, error] of cases) {
      const response = await send();
      if (response.status !== status || response.json.error !== error || !/[ぁ-んァ-ヶ一-龠]/.test(String(response.json.message))) {
        failures.push(`${name}: expected ${status} ${error}, got ${response.status} ${response.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  describe('the form’s server action, as a form post without JavaScript sends it', () => {
    const action = (form: Record<string, string>, previous?: CommentFormState) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(form)) data.set(name, value);
      const state: CommentFormState = previous ?? { step: 'edit', values: emptyCommentValues(), errors: {} };
      return runWithRequestContext({ db: handle.db, sessionToken: null, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: nextIp() }) }, () =>
        submitCommentAction(state, data),
      );
    };
    const fields = (field: Field, value: string): Record<string, string> => {
      const c = withField(field, value);
      return {
        slug,
        'submitter.name': c.submitter.name,
        'submitter.address': c.submitter.address,
        'submitter.category': c.submitter.category,
        'submitter.email': '',
        'opinions.0.itemNumber': String(c.opinions[0]!.itemNumber),
        'opinions.0.text': c.opinions[0]!.text,
        'opinions.1.itemNumber': '',
        'opinions.1.text': c.opinions[1]!.text,
        consent: 'on',
      };
    };

    it('confirms or refuses each payload with its field message, and sends exactly what the policy stores', async () => {
      const before = await counts();
      const failures: string[] = [];
      let accepted = 0;
      for (const payload of TEXT_PAYLOADS) {
        for (const field of ['opinion', 'name'] as const) {
          const expected = expectation(payload, field);
          const where = `${field} ← ${payload.id} ${show(payload.value)}`;
          const confirm = await action({ ...fields(field, payload.value), intent: 'confirm' });
          if ('message' in expected) {
            if (confirm.step !== 'edit' || confirm.errors[PATH[field]] !== expected.message) {
              failures.push(`${where}: confirm should refuse with ${expected.message}, got ${JSON.stringify(confirm).slice(0, 200)}`);
            }
            // A crafted post straight to "send", skipping the confirmation, is refused the same way.
            const send = await action({ ...fields(field, payload.value), intent: 'send', idempotencyKey: randomUUID() });
            if (send.step !== 'edit' || send.errors[PATH[field]] !== expected.message) {
              failures.push(`${where}: send should refuse with ${expected.message}, got ${JSON.stringify(send).slice(0, 200)}`);
            }
            continue;
          }
          if (confirm.step !== 'confirm') {
            failures.push(`${where}: expected the confirmation, got ${JSON.stringify(confirm).slice(0, 200)}`);
            continue;
          }
          const done = await action({ ...fields(field, payload.value), intent: 'send', idempotencyKey: confirm.idempotencyKey }, confirm);
          if (done.step !== 'done') {
            failures.push(`${where}: expected the receipt, got ${JSON.stringify(done).slice(0, 200)}`);
            continue;
          }
          accepted++;
          const shown = field === 'opinion' ? done.receipt.opinions[0]!.text : done.receipt.submitter.name;
          const { row, texts } = await storedSubmission(done.receipt.receiptNumber);
          const stored = field === 'opinion' ? texts[0] : row.submitterName;
          if (stored !== expected.stored || shown !== expected.stored) {
            failures.push(`${where}: stored ${show(stored ?? '')}, receipt shows ${show(shown)}, expected ${show(expected.stored)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      const after = await counts();
      expect(after.submissions - before.submissions).toBe(accepted);
      expect(after.submissionOpinions - before.submissionOpinions).toBe(2 * accepted);
    });

    it('a slug, intent or key that cannot be ours is answered calmly (not found / refused), never as a server error', async () => {
      const before = await counts();
      const server = translateCommentErrors('server');
      const valid = fields('opinion', '意見です。');
      const results = [
        ...['\u0000', '%FF', '../admin', 'a'.repeat(5000), '<script>', "' OR '1'='1"].map(async (junk) => ({
          junk,
          confirm: await action({ ...valid, slug: junk, intent: 'confirm' }),
          send: await action({ ...valid, slug: junk, intent: 'send', idempotencyKey: randomUUID() }),
        })),
      ];
      for (const { junk, confirm, send } of await Promise.all(results)) {
        expect(confirm, `slug ${show(junk)}`).toMatchObject({ step: 'edit', message: translateCommentErrors('notFound') });
        expect(send, `slug ${show(junk)}`).toMatchObject({ step: 'edit', message: translateCommentErrors('notFound') });
      }
      for (const key of ['', 'short', 'a\u0000bcdefghij', '<script>alert(1)</script>']) {
        const result = await action({ ...valid, intent: 'send', idempotencyKey: key });
        expect(result, `key ${show(key)}`).toMatchObject({ step: 'edit', message: translateCommentErrors('rejected') });
      }
      for (const intent of ['remove:NaN', 'remove:-1', 'remove:99999999999999999999', '\u0000', 'x'.repeat(10_000)]) {
        const result = await action({ ...valid, intent });
        expect(result.step, `intent ${show(intent)}`).toBe('edit');
        expect('message' in result ? result.message : undefined, `intent ${show(intent)}`).not.toBe(server);
      }
      // Called with arguments of someone's choosing instead of a form (a crafted fetch action).
      for (const junk of ['x', null, undefined, { get: 1 }, [['slug', 'x']]]) {
        const result = await runWithRequestContext({ db: handle.db, sessionToken: null, headers: new Headers() }, () =>
          submitCommentAction({ step: 'edit', values: emptyCommentValues(), errors: {} }, junk as unknown as FormData),
        );
        expect(result, `argument ${JSON.stringify(junk)}`).toMatchObject({ step: 'edit', message: translateCommentErrors('rejected') });
      }
      // Field names that are not the form's (a thousand opinions, odd indexes) are ignored.
      const many: Record<string, string> = { ...valid, intent: 'confirm' };
      for (let i = 0; i < 1000; i++) many[`opinions.${i}.text`] = 'x';
      many['opinions.-1.text'] = 'x';
      many['opinions.1e3.text'] = 'x';
      const tooMany = await action(many);
      expect(tooMany).toMatchObject({ step: 'edit', errors: { opinions: translateCommentErrors('opinionsTooMany') } });
      expect(await counts()).toEqual(before);
    });
  });
});
