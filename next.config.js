import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `next dev` would print every server action's arguments: the comment form's hold names and
  // addresses, which must never reach a log line.
  logging: { serverFunctions: false },
  // PGlite loads its WebAssembly and data files from its own package directory.
  serverExternalPackages: ['@electric-sql/pglite'],
  experimental: {
    serverActions: { bodySizeLimit: '200kb' },
  },
};

export default withNextIntl(nextConfig);
