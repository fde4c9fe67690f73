import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package directory.
  serverExternalPackages: ['@electric-sql/pglite'],
  experimental: {
    serverActions: { bodySizeLimit: '200kb' },
    // forbidden() answers 403 to staff who lack a permission (lib/auth/staff.ts).
    authInterrupts: true,
  },
  async headers() {
    // Nothing from the staff area may be kept by the browser or a proxy: after sign-out, Back
    // must show nothing private.
    return [{ source: '/staff/:path*', headers: [{ key: 'Cache-Control', value: 'no-store, max-age=0' }] }];
  },
};

export default withNextIntl(nextConfig);
