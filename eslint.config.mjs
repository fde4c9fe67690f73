import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const ZOD = { name: 'zod', message: "Import z from '@/lib/validation/zod' (jitless: no eval under our CSP)." };

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  { ignores: ['.next/**', 'node_modules/**', '.data/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**'] },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [ZOD] }],
    },
  },
  { files: ['lib/validation/zod.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // Layers (ARCHITECTURE.md): routes and components read and write through lib/data, never the
    // database itself. Types may be imported (they vanish at build); values may not.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ZOD],
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', '@/db/*', '@/db', '**/db/*'],
              allowTypeImports: true,
              message: 'Pages, route handlers and components reach the database through lib/data (and requestDb from lib/auth/request-context), never drizzle or db/ directly.',
            },
          ],
        },
      ],
    },
  },
  {
    // The database layer is the bottom one: db/ (schema, client, migrations, seed) imports
    // nothing from lib/ — the types the schema stores live beside it (db/schema/), db/env.ts reads
    // its own settings. Its tests may use lib/testing like every other test.
    files: ['db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ZOD],
          patterns: [
            {
              group: ['@/lib', '@/lib/*', '**/lib/*', '**/lib'],
              message: 'db/ is the bottom layer and imports nothing from lib/ (ARCHITECTURE.md): put what the schema needs beside it in db/schema/.',
            },
          ],
        },
      ],
    },
  },
];

export default config;
