import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/config';
import { requestDb } from '@/lib/auth/request-context';
import { recordAnonymousAudit } from '@/lib/data/audit';
import { clientIp, hashIp } from '@/lib/security/ip-hash';
import { textProblem } from '@/lib/validation/text';

export const dynamic = 'force-dynamic';

const CALLBACK_PATH = '/api/auth/callback/nodemailer';
const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * Only the e-mail callback is reachable over HTTP. Requesting a link goes through our server
 * action (validation, rate limits, audit); sessions are read by lib/auth, not /api/auth/session.
 * A GET of the callback (a mail scanner, an old link) only shows the confirmation page, so it
 * uses nothing up; the page's button POSTs here.
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname !== CALLBACK_PATH) return new Response('Not Found', { status: 404, headers: NO_STORE });
  const confirm = new URL('/staff/sign-in/confirm', request.nextUrl.origin);
  for (const key of ['token', 'email']) {
    const value = request.nextUrl.searchParams.get(key);
    if (value) confirm.searchParams.set(key, value);
  }
  return new Response(null, { status: 303, headers: { Location: `${confirm.pathname}${confirm.search}`, ...NO_STORE } });
}

export async function POST(request: NextRequest): Promise<Response> {
  if (request.nextUrl.pathname !== CALLBACK_PATH) return new Response('Not Found', { status: 404, headers: NO_STORE });
  // Login CSRF: another site must not sign a browser in with a link of its own choosing.
  // As Next.js does for server actions: the Origin's host must be the Host we were asked for.
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (request.headers.get('sec-fetch-site') === 'cross-site' || (origin && hostOf(origin) !== host)) {
    return new Response('Forbidden', { status: 403, headers: NO_STORE });
  }
  // A link we never sent (a NUL or markup in it) goes no further: Auth.js would ask the database.
  if (!isLinkShaped(request.nextUrl.searchParams)) return failedSignIn(request, 'MalformedLink');
  const response = await handlers.POST(request);
  const location = response.headers.get('location');
  const error = location ? new URL(location, request.nextUrl.origin).searchParams.get('error') : 'NoRedirect';
  if (error) return failedSignIn(request, error, response.headers);
  // Auth.js builds absolute URLs from the URL Next.js saw, which may name another host than
  // the browser used (localhost for 127.0.0.1); a path keeps the browser where its cookie is.
  const success = new Headers(response.headers);
  if (location) {
    const target = new URL(location, request.nextUrl.origin);
    success.set('Location', target.pathname.startsWith('/staff') ? `${target.pathname}${target.search}` : '/staff');
  }
  success.set('Cache-Control', 'no-store');
  return new Response(null, { status: 303, headers: success });
}

/** Auth.js's tokens are 32 random bytes in hex; the address is one we could have mailed. */
function isLinkShaped(params: URLSearchParams): boolean {
  const email = params.get('email') ?? '';
  return /^[0-9a-f]{64}$/.test(params.get('token') ?? '') && email.length <= 254 && textProblem(email, { multiline: false }) === null;
}

async function failedSignIn(request: NextRequest, reason: string, headers?: Headers): Promise<Response> {
  await recordAnonymousAudit(await requestDb(), {
    actorId: null,
    action: 'auth.sign_in_failed',
    targetType: 'sign_in_link',
    after: { reason },
    ipHash: hashIp(clientIp(request.headers)),
  });
  const failed = new Headers(headers);
  failed.set('Location', '/staff/sign-in/failed');
  failed.set('Cache-Control', 'no-store');
  return new Response(null, { status: 303, headers: failed });
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
