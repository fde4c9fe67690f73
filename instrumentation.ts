/**
 * In every Node.js server instance: redacts what reaches console.error/warn (personal data in
 * errors nobody caught), starts the outbox worker, and listens for changes to public content
 * that empty the page cache. Several instances are safe: the worker takes rows with FOR UPDATE
 * SKIP LOCKED, and every instance hears every change.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsoleOutput } = await import('./lib/log/redact');
  redactConsoleOutput();
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startOutboxWorker } = await import('./lib/email/outbox-worker');
  startOutboxWorker();
  const { startPageCacheListener } = await import('./lib/page-cache-listener');
  // Without it pages still follow changes, within PAGE_CACHE_SECONDS.
  startPageCacheListener().catch((error: unknown) =>
    console.error('page cache: not listening for changes', error instanceof Error ? error.message : 'unknown'),
  );
}
