/**
 * In every Node.js server instance: refuses to start with a configuration that is not safe
 * (no public origin or no secrets in production), redacts what reaches console.error/warn
 * (personal data in errors nobody caught), and starts the outbox worker. Several instances are
 * safe: the worker takes rows with FOR UPDATE SKIP LOCKED.
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
}
