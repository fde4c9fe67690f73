import type { Db } from '@/db/client';
import { failureMessage, fieldMessages } from '@/lib/data/submission-messages';
import { IDEMPOTENCY_KEY_PATTERN, submitComment, type SubmitCommentResult } from '@/lib/data/submissions';
import { translateCommentErrors } from '@/lib/i18n/translate';
import { clientIp, hashIp } from '@/lib/security/ip-hash';

/** Largest request body, the same as the server action's (next.config.js bodySizeLimit). */
export const SUBMISSION_BODY_LIMIT_BYTES = 200 * 1024;

type ErrorBody = { error: string; message: string; fields?: Record<string, string> };

const NO_STORE = { 'Cache-Control': 'no-store' };

function errorResponse(status: number, body: ErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * A browser that sends cookies must be on our own origin (no cross-site form posts riding on a
 * resident's session); a client without cookies (a script, another system) may call from
 * anywhere, as it carries no ambient authority.
 */
function originAllowed(request: Request): boolean {
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

async function readLimitedText(request: Request, limit: number): Promise<string | null> {
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
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
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
      message: translateCommentErrors('payloadTooLarge', { limit: SUBMISSION_BODY_LIMIT_BYTES / 1024 }),
    }),
  });
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > SUBMISSION_BODY_LIMIT_BYTES) return tooLarge();

  const idempotencyKey = request.headers.get('idempotency-key') ?? '';
  if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    return { response: errorResponse(400, { error: 'idempotency_key', message: translateCommentErrors('idempotencyKey') }) };
  }

  const text = await readLimitedText(request, SUBMISSION_BODY_LIMIT_BYTES);
  if (text === null) return tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { response: errorResponse(400, { error: 'bad_json', message: translateCommentErrors('badJson') }) };
  }
  const honeypot = body && typeof body === 'object' && 'website' in body ? String((body as { website: unknown }).website ?? '') : '';

  const result = await submitComment(db, slug, body, { ipHash: hashIp(clientIp(request.headers)), idempotencyKey, honeypot });
  if (result.ok) {
    return {
      result,
      response: Response.json(
        { receiptNumber: result.receipt.receiptNumber },
        { status: 201, headers: { ...NO_STORE, ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}) } },
      ),
    };
  }
  const message = failureMessage(result);
  switch (result.error) {
    case 'validation':
      return { result, response: errorResponse(422, { error: 'validation', message, fields: fieldMessages(result.fields) }) };
    case 'rejected':
      return { result, response: errorResponse(422, { error: 'rejected', message }) };
    case 'not_found':
      return { result, response: errorResponse(404, { error: 'not_found', message }) };
    case 'upcoming':
    case 'closed':
      return { result, response: errorResponse(409, { error: result.error, message }) };
    case 'rate_limited':
      return {
        result,
        response: errorResponse(429, { error: 'rate_limited', message }, { 'Retry-After': String(result.retryAfterSeconds) }),
      };
  }
}
