import { getDb } from '@/db/client';
import { pruneRateLimits } from '@/lib/data/rate-limits';
import { env } from '@/lib/env';
import { deliverPendingMail } from './outbox';
import { mailTransport } from './transport';
import { redactForLog } from '@/lib/log/redact';

type WorkerState = { timer?: NodeJS.Timeout; running?: Promise<void>; again?: boolean };
const globalForWorker = globalThis as unknown as { __outboxWorker?: WorkerState };
const state = (globalForWorker.__outboxWorker ??= {});

async function runOnce(): Promise<void> {
  const db = await getDb();
  const transport = mailTransport();
  // Drain: keep taking batches while full ones come back.
  for (let round = 0; round < 50; round++) {
    const report = await deliverPendingMail(db, transport, { batch: 20 });
    if (report.sent + report.retrying + report.failed < 20) break;
  }
  await pruneRateLimits(db, new Date(Date.now() - 2 * 60 * 60_000));
}

/**
 * Runs the outbox now (or right after the current run). Called after a submission commits, so
 * the receipt copy leaves at once; errors are logged, never thrown to the caller.
 */
export function kickOutbox(): void {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = runOnce()
    .catch((error: unknown) => console.error('outbox worker run failed', error instanceof Error ? redactForLog(error.message) : 'unknown error'))
    .finally(() => {
      state.running = undefined;
      if (state.again) {
        state.again = false;
        kickOutbox();
      }
    });
}

/** Starts the interval loop once per process (instrumentation.ts). */
export function startOutboxWorker(): void {
  const seconds = env().MAIL_WORKER_INTERVAL_SECONDS;
  if (state.timer || seconds <= 0) return;
  state.timer = setInterval(kickOutbox, seconds * 1000);
  state.timer.unref();
  kickOutbox();
}
