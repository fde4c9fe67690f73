/**
 * Next.js answers a malformed server-action request with a 500 before our action runs: a body
 * over `serverActions.bodySizeLimit`, a multipart body that does not parse, or action
 * arguments that are not valid React reply data (junk, 90,000 nested arrays, a reference to a
 * part that is not there). The proxy checks those requests first and answers 4xx (411, 413,
 * 400), so bad input never earns a 5xx.
 *
 * The check allows the subset of React's reply format that forms send (plain JSON values,
 * escaped `$$` strings, dates, undefined, ±0/Infinity/NaN, FormData arguments, outlined parts
 * and bound arguments that exist, temporary references of fetch actions) and refuses the rest:
 * none of our actions takes a Blob, a stream, a typed array or another server reference.
 */

/** next.config.js `experimental.serverActions.bodySizeLimit` (2 MB): the largest comment the form allows, 100 opinions of 2,000 four-byte characters, posts about 1.6 MB from the confirmation step (e2e/large-comment.spec.ts). */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** Deeper JSON than any form sends; React decodes nesting recursively. */
const MAX_DEPTH = 64;

export type ActionRequestProblem = 'foreign_origin' | 'length_required' | 'too_large' | 'malformed';

/** Whether Next.js would handle this POST as a server action (fetch or form post). */
export function isServerActionRequest(method: string, headers: Headers): boolean {
  if (method !== 'POST') return false;
  if (headers.get('next-action')) return true;
  const type = contentType(headers);
  return type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded';
}

/**
 * Next.js's own CSRF check for server actions, made first: the Origin's host must be the host
 * the request was sent to (X-Forwarded-Host, else Host). Next.js answers a mismatch with a 500;
 * a request from another site is refused (403), not our fault. A request without Origin (an
 * old browser, a script) is left to Next.js, as it does.
 */
export function isForeignOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin === null) return false;
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function contentType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The first problem of a server-action request, or null. Reads a clone of the body. */
export async function serverActionRequestProblem(request: Request): Promise<ActionRequestProblem | null> {
  if (isForeignOrigin(request.headers)) return 'foreign_origin';
  const declared = request.headers.get('content-length');
  if (declared === null) return 'length_required';
  if (!/^\d{1,12}$/.test(declared)) return 'malformed';
  if (Number(declared) > SERVER_ACTION_BODY_LIMIT_BYTES) return 'too_large';

  const isFetchAction = Boolean(request.headers.get('next-action'));
  const type = contentType(request.headers);
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    let form: FormData;
    try {
      form = await request.clone().formData();
    } catch {
      return 'malformed';
    }
    const fields = new Map<string, string>();
    for (const [name, value] of form.entries()) if (typeof value === 'string') fields.set(name, value);
    return isFetchAction ? fetchActionProblem(fields) : formActionProblem(fields);
  }
  if (!isFetchAction) return null;
  // A fetch action's arguments as one JSON document (React sends text/plain).
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await request.clone().arrayBuffer());
  } catch {
    return 'malformed';
  }
  return chunkProblem(text, () => false, { temporaryReferences: true }) ? 'malformed' : null;
}

/** A fetch action's multipart body: part `0` is the root; parts `1`, `2`… are outlined values. */
function fetchActionProblem(fields: Map<string, string>): ActionRequestProblem | null {
  if (!fields.has('0')) return 'malformed';
  const exists = (id: number) => fields.has(String(id));
  for (const [name, value] of fields) {
    if (/^\d+$/.test(name) && chunkProblem(value, exists, { temporaryReferences: true })) return 'malformed';
  }
  return null;
}

/**
 * A form posted without JavaScript: `$ACTION_REF_n` names the action, `$ACTION_n:0` holds
 * `{id, bound}`, and `bound` points at `$ACTION_n:1`…; or a plain `$ACTION_ID_<id>` field.
 */
function formActionProblem(fields: Map<string, string>): ActionRequestProblem | null {
  for (const [name, value] of fields) {
    const part = /^\$ACTION_(\d+):(\d+)$/.exec(name);
    if (part) {
      const exists = (id: number) => fields.has(`$ACTION_${part[1]}:${id}`);
      if (chunkProblem(value, exists, { temporaryReferences: false })) return 'malformed';
    }
    const ref = /^\$ACTION_REF_(\d+)$/.exec(name);
    if (ref) {
      const meta = parseJson(fields.get(`$ACTION_${ref[1]}:0`) ?? '');
      if (!meta.ok || !isRecord(meta.value) || typeof meta.value.id !== 'string') return 'malformed';
      const { bound } = meta.value;
      if (bound !== null && bound !== undefined && !(typeof bound === 'string' && /^\$@[0-9a-f]{1,8}$/.test(bound))) return 'malformed';
    }
  }
  return null;
}

/** Whether one part is not reply data we accept: JSON, not too deep, references that resolve. */
function chunkProblem(text: string, exists: (id: number) => boolean, options: { temporaryReferences: boolean }): boolean {
  if (depthOf(text) > MAX_DEPTH) return true;
  const parsed = parseJson(text);
  if (!parsed.ok) return true;
  const stack: unknown[] = [parsed.value];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (!referenceAllowed(value, exists, options)) return true;
    } else if (Array.isArray(value)) {
      stack.push(...value);
    } else if (isRecord(value)) {
      stack.push(...Object.values(value));
    }
  }
  return false;
}

function referenceAllowed(value: string, exists: (id: number) => boolean, options: { temporaryReferences: boolean }): boolean {
  if (value[0] !== '$' || value.length === 1 || value[1] === '$') return true;
  // Values without a part of their own: FormData arguments, dates, undefined, ±0, ±Infinity, NaN.
  if (/^\$K[0-9a-f]*$/.test(value) || /^\$D/.test(value) || value === '$undefined' || value === '$-0' || value === '$-Infinity' || value === '$Infinity' || value === '$NaN') {
    return true;
  }
  if (value === '$T') return options.temporaryReferences;
  // An outlined value or a promise of one (bound arguments): the part must be there.
  const outlined = /^\$@?([0-9a-f]{1,8})(?::[^$]*)?$/.exec(value);
  if (outlined) return exists(parseInt(outlined[1]!, 16));
  return false;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bracket nesting of a JSON text, counted outside strings, without parsing it. */
function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}
