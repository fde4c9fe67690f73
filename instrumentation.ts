/**
 * In every Node.js server instance: redacts what reaches console.error/warn (personal data in
 * errors nobody caught), and starts the outbox and analysis workers. Several instances are safe:
 * both take their work with FOR UPDATE SKIP LOCKED.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { redactConsoleOutput } = await import('./lib/log/redact');
  redactConsoleOutput();
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startOutboxWorker } = await import('./lib/email/outbox-worker');
  startOutboxWorker();
  const { startAnalysisWorker } = await import('./lib/analysis/worker');
  startAnalysisWorker();
}
