import { createTranslator } from 'next-intl';
import { NextResponse, type NextRequest } from 'next/server';
import { isKnownConsultationPath } from '@/lib/data/known-paths';
import { DEFAULT_LOCALE, LOCALE_HEADER, RUBY_HEADER, SEARCH_HEADER, splitLocalePath } from '@/lib/i18n/locales';
import { isWellFormedPath, NOT_FOUND_PATH } from '@/lib/page-cache-contract.mjs';
import { pageCacheNonce } from '@/lib/page-cache';
import { contentSecurityPolicy, createNonce } from '@/lib/security/csp';
import { isSecureRequest } from '@/lib/security/https';
import { isServerActionRequest, SERVER_ACTION_BODY_LIMIT_BYTES, serverActionRequestProblem, type ActionRequestProblem } from '@/lib/security/server-action-request';
import messages from '@/messages/ja.json';

/** Marks a request this proxy has seen, with a secret of this process (a client cannot send it). */
const PASSED_HEADER = 'x-resident-proxy-pass';
const PASS_SECRET = createNonce();

/**
 * Every page and API response gets a Content-Security-Policy with a fresh nonce; Next.js reads
 * it from the request's header and puts it on its scripts. Unknown case and item URLs answer a
 * server-rendered 404 (Next.js renders notFound() as an empty body until JavaScript runs), and
 * requests Next.js would answer with a 500 are refused here. A language prefix
 * (`/vi/consultations/…`, lib/i18n/locales.ts) is rewritten to the page without it, with the
 * language in a request header that is always set here, never taken from the client.
 */
export async function proxy(request: NextRequest) {
  if (request.headers.get(PASSED_HEADER) === PASS_SECRET) {
    // Next.js runs the proxy again on the URL a first run rewrote to (a language prefix, the
    // 404 page): keep what that run decided, language and CSP nonce included.
    return NextResponse.next({ headers: { 'Content-Security-Policy': request.headers.get('content-security-policy') ?? '' } });
  }
  const nonce = pageCacheNonce(request.headers) ?? createNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https: isSecureRequest(request.headers) });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set(PASSED_HEADER, PASS_SECRET);

  const { locale, path: pathname } = splitLocalePath(request.nextUrl.pathname);
  requestHeaders.set(LOCALE_HEADER, locale);
  // The page's path without the language, for the root layout's hreflang links, and whether
  // furigana were asked for (server.mjs adds them: lib/furigana/ruby.mjs).
  requestHeaders.set('x-resident-path', pathname);
  requestHeaders.set(RUBY_HEADER, request.nextUrl.searchParams.get('ruby') === '1' ? '1' : '0');
  // The query string, for the furigana switch, which keeps the page's other parameters.
  requestHeaders.set(SEARCH_HEADER, request.nextUrl.search);
  const withCsp = (response: NextResponse) => {
    response.headers.set('Content-Security-Policy', csp);
    return response;
  };
  const notFound = () => withCsp(NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url), { request: { headers: requestHeaders } }));

  // Next.js answers a malformed escape in a dynamic segment (`/api/consultations/%FF`,
  // `/staff/consultations/%C0%AF`) with a bare 500; such a path names nothing we have.
  if (!isWellFormedPath(pathname)) return notFound();
  // And a malformed server-action post, or one from another site, with a 500 too
  // (lib/security/server-action-request.ts).
  if (!pathname.startsWith('/api/') && isServerActionRequest(request.method, request.headers)) {
    const problem = await serverActionRequestProblem(request);
    if (problem) return refusedAction(problem, csp);
  }
  if (pathname.startsWith('/consultations/') && !(await isKnownConsultationPath(pathname))) return notFound();
  if (locale !== DEFAULT_LOCALE) {
    const target = request.nextUrl.clone();
    target.pathname = pathname;
    return withCsp(NextResponse.rewrite(target, { request: { headers: requestHeaders } }));
  }
  return withCsp(NextResponse.next({ request: { headers: requestHeaders } }));
}

const t = createTranslator({ locale: 'ja', messages, namespace: 'errors' });
const STATUS: Record<ActionRequestProblem, number> = { foreign_origin: 403, length_required: 411, too_large: 413, malformed: 400 };
const MESSAGE: Record<ActionRequestProblem, () => string> = {
  foreign_origin: () => t('actionForeignOrigin'),
  length_required: () => t('actionMalformed'),
  too_large: () => t('actionTooLarge', { limit: SERVER_ACTION_BODY_LIMIT_BYTES / 1024 / 1024 }),
  malformed: () => t('actionMalformed'),
};

/** A small page of its own: the app's pages are not rendered for a request we refuse. */
function refusedAction(problem: ActionRequestProblem, csp: string): Response {
  const body = MESSAGE[problem]();
  const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${t('actionRefusedTitle')}</title></head><body><h1>${t('actionRefusedTitle')}</h1><p>${body}</p><p><a href="/">${t('backHome')}</a></p></body></html>`;
  return new Response(html, { status: STATUS[problem], headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': csp } });
}

export const config = {
  // Every path but build assets and public files (their headers come from next.config.js);
  // server actions can be posted to any page. Nor the two routes that take a body of their own:
  // Next.js copies the body of every POST it shows a proxy into two streams and waits for its end
  // before the route reads it. The submission API then paid for a copy it does not need
  // (bench:submit's ratio to the empty route went from 0.49 to 0.52–0.62), and a document upload
  // without a declared length was read to its end, 200 MB or more, before the route could refuse
  // it past its limit. Neither needs the proxy: their CSP comes from next.config.js, a malformed
  // path's 404 from server.mjs, and each checks its caller itself.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|api/consultations/[^/]+/submissions$|api/staff/consultations/[^/]+/documents$).*)'],
};
