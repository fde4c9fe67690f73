/**
 * In every Node.js server instance: refuses to start with a configuration that is not safe
 * (no public origin or no secrets in production), redacts what reaches console.error/warn
 * (personal data in errors nobody caught), starts the outbox, analysis and retention workers,
 * listens for changes to public content that empty the page cache, and prints the setup link
 * of a new install. Several instances are safe: the workers take their work with FOR UPDATE
 * SKIP LOCKED, and every instance hears every change.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsoleOutput } = await import('./lib/log/redact');
  redactConsoleOutput();
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { checkServerEnvironmentOrExit } = await import('./lib/server-start');
  checkServerEnvironmentOrExit();
  const { startOutboxWorker } = await import('./lib/email/outbox-worker');
  startOutboxWorker();
  const { startPageCacheListener } = await import('./lib/page-cache-listener');
  // Without it pages still follow changes, within PAGE_CACHE_SECONDS.
  startPageCacheListener().catch((error: unknown) =>
    console.error('page cache: not listening for changes', error instanceof Error ? error.message : 'unknown'),
  );
  const { startRetentionWorker } = await import('./lib/retention/worker');
  startRetentionWorker();
  const { announceSetupLink } = await import('./lib/setup/announce');
  await announceSetupLink();
  const { startAnalysisWorker } = await import('./lib/analysis/worker');
  startAnalysisWorker();
}
