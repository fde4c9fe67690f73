import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './i18n/request.ts',
  // Messages are compiled at build time: the browser formats them without intl-messageformat
  // (about 13 KB gzipped, and its locale negotiation cost the comment form ~20 ms at every
  // load; see bench:lighthouse). Every file under ./messages is compiled, so code outside
  // React formats messages through next-intl's createTranslator, never by string replacement.
  experimental: { messages: { path: './messages', locales: ['ja', 'ja-x-easy', 'en', 'vi', 'pt-BR', 'es', 'tl', 'zh-Hans', 'ne'], format: 'json', precompile: true } },
});

const STATIC_FILE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/** On every response. HSTS only from a production build (it is ignored over plain http). */
const securityHeaders = [
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ...(process.env.NODE_ENV === 'production'
    ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]
    : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Every page renders per request (CSP nonces); Next.js would then stream <title> and meta
  // tags into <body> for browsers it does not take for bots. Keep them in <head> for everyone:
  // valid HTML, and a title before any script runs (or without JavaScript).
  htmlLimitedBots: /.*/,
  // `next dev` would print every server action's arguments: the comment form's hold names and
  // addresses, which must never reach a log line.
  logging: { serverFunctions: false },
  // PGlite loads its WebAssembly and data files from its own package directory.
  serverExternalPackages: ['@electric-sql/pglite'],
  experimental: {
    serverActions: { bodySizeLimit: '2mb' },
    // forbidden() answers 403 to staff who lack a permission (lib/auth/require-staff.ts).
    authInterrupts: true,
    // The stylesheet is small (3 KB gzipped): inline in each page, it saves the render-blocking
    // request before the first paint (bench:lighthouse). The CSP allows inline styles.
    inlineCss: true,
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // Pages and API responses get a CSP with a nonce from proxy.ts; files it does not see get
      // one that allows nothing to run.
      { source: '/_next/static/:path*', headers: [{ key: 'Content-Security-Policy', value: STATIC_FILE_CSP }] },
      { source: '/:file(robots.txt|favicon.ico)', headers: [{ key: 'Content-Security-Policy', value: STATIC_FILE_CSP }] },
      // The submission API and the document upload are not seen by proxy.ts (its config says
      // why): JSON or a redirect, nothing to run.
      { source: '/api/consultations/:slug/submissions', headers: [{ key: 'Content-Security-Policy', value: STATIC_FILE_CSP }] },
      { source: '/api/staff/consultations/:slug/documents', headers: [{ key: 'Content-Security-Policy', value: STATIC_FILE_CSP }] },
      // Nothing from the staff area may be kept by the browser or a proxy: after sign-out, Back
      // must show nothing private.
      { source: '/staff/:path*', headers: [{ key: 'Cache-Control', value: 'no-store, max-age=0' }] },
    ];
  },
};

export default withNextIntl(nextConfig);
