// `server-only` throws outside React Server Components. Benches that call route handlers
// directly load it as an empty module, as Vitest does (vitest.config.ts):
// tsx --import ./bench/server-only-hook.mjs bench/….ts
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
