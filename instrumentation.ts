/**
 * Starts the outbox worker in every Node.js server instance. Several instances are safe: the
 * worker takes rows with FOR UPDATE SKIP LOCKED.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startOutboxWorker } = await import('./lib/email/outbox-worker');
  startOutboxWorker();
}
