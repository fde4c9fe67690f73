import 'server-only';
import type { Db } from '@/db/client';
import { IDEMPOTENCY_KEY_PATTERN, submitComment, type SubmitCommentResult } from './accept';
import { knownSubmissionRefusal } from './limits';
import { failureMessage, fieldMessages } from './messages';
import { translateCommentErrors } from '@/lib/i18n/translate';
import { clientIp, hashIp } from '@/lib/security/ip-hash';
import { SERVER_ACTION_BODY_LIMIT_BYTES } from '@/lib/security/server-action-request';

/** Largest request body, the same as the server action's (next.config.js bodySizeLimit). */
export const SUBMISSION_BODY_LIMIT_BYTES = SERVER_ACTION_BODY_LIMIT_BYTES;

type ErrorBody = { error: string; message: string; fields?: Record<string, string> };

/**
 * Never kept; and never compressed: the answers are a few dozen bytes, and gzip (which
 * `next start` applies to streamed bodies of any size) cost a flood of 429s a sixth of the
 * server's CPU. `no-transform` is what the compression middleware skips on.
 */
export const SUBMISSION_API_HEADERS = { 'Cache-Control': 'no-store, no-transform' };

function errorResponse(status: number, body: ErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...SUBMISSION_API_HEADERS, ...headers } });
}

/**
 * A browser that sends cookies must be on our own origin (no cross-site form posts riding on a
 * resident's session); a client without cookies (a script, another system) may call from
 * anywhere, as it carries no ambient authority.
 */
export function originAllowed(request: Request): boolean {
  if (!request.headers.get('cookie')) return true;
  const origin = request.headers.get('origin');
  if (!origin) return request.headers.get('sec-fetch-site') === 'same-origin';
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const refusalTurns = new Map<string, Promise<void>>();

/**
 * Queues the refusals of one address: each waits for the one before it and then for the next
 * turn of the event loop. A client that keeps 32 requests open at once is then served like one
 * that sends them one by one, and every other client's work (a database answer, a new request)
 * gets its turn in between instead of waiting behind all 32. Parked requests cost a promise each.
 */
function nextRefusalTurn(ipHash: string): Promise<void> {
  const turn = (refusalTurns.get(ipHash) ?? Promise.resolve()).then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  refusalTurns.set(ipHash, turn);
  void turn.then(() => {
    if (refusalTurns.get(ipHash) === turn) refusalTurns.delete(ipHash);
  });
  return turn;
}

function rateLimitedResponse(retryAfterSeconds: number): Response {
  const message = failureMessage({ ok: false, error: 'rateLimited', retryAfterSeconds });
  return errorResponse(429, { error: 'rate_limited', message }, { 'Retry-After': String(retryAfterSeconds) });
}

/** The body as UTF-8 text; null when it is over the limit, `malformed` when it is not UTF-8. */
async function readLimitedText(request: Request, limit: number): Promise<string | null | { malformed: true }> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  try {
    // Fatal: replacing malformed bytes with U+FFFD would store a text other than the one sent.
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { malformed: true };
  }
}

/** The honeypot field `website`: any value but an empty string means a robot filled it. */
function honeypotOf(body: unknown): string {
  if (!body || typeof body !== 'object' || !('website' in body)) return '';
  const value = (body as { website: unknown }).website;
  if (value === undefined || value === null) return '';
  // Not String(value): a deeply nested array would overflow the stack.
  return typeof value === 'string' ? value : 'filled';
}

/**
 * POST /api/consultations/[slug]/submissions: the JSON form of the comment form, with the same
 * core function, schema and limits. Returns the response and, on success, the result (so the
 * route can start the mail worker).
 */
export async function handleSubmissionRequest(
  db: Db,
  request: Request,
  slug: string,
): Promise<{ response: Response; result?: SubmitCommentResult }> {
  if (!originAllowed(request)) {
    return { response: errorResponse(403, { error: 'forbidden_origin', message: translateCommentErrors('forbiddenOrigin') }) };
  }
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return { response: errorResponse(415, { error: 'unsupported_media_type', message: translateCommentErrors('unsupportedMediaType') }) };
  }
  const tooLarge = () => ({
    response: errorResponse(413, {
      error: 'payload_too_large',
      message: translateCommentErrors('payloadTooLarge', { limit: SUBMISSION_BODY_LIMIT_BYTES / 1024 / 1024 }),
    }),
  });
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > SUBMISSION_BODY_LIMIT_BYTES) return tooLarge();

  const idempotencyKey = request.headers.get('idempotency-key') ?? '';
  if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    return { response: errorResponse(400, { error: 'idempotency_key', message: translateCommentErrors('idempotencyKey') }) };
  }

  // A flooding address is answered before its body is read, and one answer per turn of the
  // event loop, so its requests cannot crowd out everyone else's.
  const ipHash = hashIp(clientIp(request.headers));
  if (knownSubmissionRefusal(db, ipHash)) {
    await nextRefusalTurn(ipHash);
    const refused = knownSubmissionRefusal(db, ipHash);
    if (refused) return { response: rateLimitedResponse(refused.retryAfterSeconds) };
  }

  const text = await readLimitedText(request, SUBMISSION_BODY_LIMIT_BYTES);
  if (text === null) return tooLarge();
  if (typeof text !== 'string') {
    return { response: errorResponse(400, { error: 'bad_encoding', message: translateCommentErrors('badEncoding') }) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { response: errorResponse(400, { error: 'bad_json', message: translateCommentErrors('badJson') }) };
  }
  const honeypot = honeypotOf(body);

  const result = await submitComment(db, slug, body, { ipHash, idempotencyKey, honeypot });
  if (result.ok) {
    return {
      result,
      response: Response.json(
        { receiptNumber: result.receipt.receiptNumber },
        { status: 201, headers: { ...SUBMISSION_API_HEADERS, ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}) } },
      ),
    };
  }
  const message = failureMessage(result);
  switch (result.error) {
    case 'validation':
      return { result, response: errorResponse(422, { error: 'validation', message, fields: fieldMessages(result.fields) }) };
    case 'rejected':
      return { result, response: errorResponse(422, { error: 'rejected', message }) };
    case 'idempotencyConflict':
      return { result, response: errorResponse(422, { error: 'idempotency_conflict', message }) };
    case 'notFound':
      return { result, response: errorResponse(404, { error: 'not_found', message }) };
    case 'upcoming':
    case 'closed':
      return { result, response: errorResponse(409, { error: result.error, message }) };
    case 'rateLimited':
      return { result, response: rateLimitedResponse(result.retryAfterSeconds) };
  }
}
