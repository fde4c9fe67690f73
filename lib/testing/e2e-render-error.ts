import 'server-only';

/**
 * The browser tests' way to see the error page (app/error.tsx) of a resident page: with
 * E2E_RENDER_ERROR=1 in the server's environment (set by scripts/e2e-server.sh only), a case
 * page asked for with `?e2e-render-error=1` throws while it renders. Without that variable, as
 * in production, the parameter means nothing. The message names internal detail on purpose:
 * e2e/i18n.spec.ts checks that none of it reaches the reader.
 */
export const E2E_RENDER_ERROR_PARAM = 'e2e-render-error';
export const E2E_RENDER_ERROR_MESSAGE = 'e2e render error: internal detail at /srv/secret.ts';

export function throwIfE2eRenderError(query: Record<string, string | string[] | undefined>): void {
  if (process.env.E2E_RENDER_ERROR === '1' && query[E2E_RENDER_ERROR_PARAM] === '1') throw new Error(E2E_RENDER_ERROR_MESSAGE);
}
