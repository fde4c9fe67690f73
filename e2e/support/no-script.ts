import type { BrowserContext } from '@playwright/test';

/**
 * The app's scripts are not loaded, so pages behave as with JavaScript off (no hydration, forms
 * post and the server renders the next step), while Playwright can still run axe in the page,
 * which a context with `javaScriptEnabled: false` cannot.
 */
export async function withoutAppScripts(context: BrowserContext): Promise<void> {
  await context.route('**/_next/static/**/*.js', (route) => route.abort());
}
