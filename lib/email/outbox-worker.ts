import 'server-only';
import { processDb } from '@/db/client';
import { pruneSessions } from '@/lib/auth/session';
import { pruneRateLimits } from '@/lib/data/rate-limits';
import { env } from '@/lib/env';
import { drainOutbox } from './outbox';
import { mailTransport } from './transport';
import { describeErrorForLog } from '@/lib/log/redact';

type WorkerState = { timer?: NodeJS.Timeout; running?: Promise<void>; again?: boolean; smtpRetryAt?: number; prunedAt?: number };
const globalForWorker = globalThis as unknown as { __outboxWorker?: WorkerState };
const state = (globalForWorker.__outboxWorker ??= {});

/**
 * After the SMTP server could not be reached, the worker leaves it alone this long (kicks
 * after submissions included): about one try per interval, found again soon after it is back.
 */
function smtpPauseMs(): number {
  return Math.max(500, env().MAIL_WORKER_INTERVAL_SECONDS * 500);
}

async function runOnce(): Promise<void> {
  const db = await processDb();
  const transport = mailTransport();
  if (!state.smtpRetryAt || Date.now() >= state.smtpRetryAt) {
    state.smtpRetryAt = undefined;
    const report = await drainOutbox(db, transport, { leaseSeconds: env().MAIL_LEASE_SECONDS });
    if (report.unavailable) state.smtpRetryAt = Date.now() + smtpPauseMs();
  }
  // Housekeeping once a minute, not on every kick: a kick follows every submission, and three
  // deletes each would cost more than the submission itself.
  if (!state.prunedAt || Date.now() - state.prunedAt >= PRUNE_EVERY_MS) {
    state.prunedAt = Date.now();
    await pruneRateLimits(db, new Date(Date.now() - 2 * 60 * 60_000));
    await pruneSessions(db);
  }
}

const PRUNE_EVERY_MS = 60_000;

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
    .catch((error: unknown) => console.error('outbox worker run failed', describeErrorForLog(error)))
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
