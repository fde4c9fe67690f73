// `server-only` throws outside React Server Components (Next.js turns it into an empty module
// when it bundles server code). Every other Node process that loads our server modules — the
// tsx scripts (migrate, seed, staff:add, benches) and the Playwright specs (playwright.config.ts
// imports this file) — loads it as an empty module through this hook:
//   tsx --import ./scripts/server-only-hook.mjs scripts/….ts
// Vitest does the same with an alias (vitest.config.ts → lib/testing/empty-module.ts).
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
export {};
