import 'server-only';
import { processDb } from '@/db/client';
import { analysePendingOpinions } from '@/lib/data/analysis/run';
import { env } from '@/lib/env';
import { describeErrorForLog } from '@/lib/log/redact';

type WorkerState = { timer?: NodeJS.Timeout; running?: Promise<void> };
const globalForWorker = globalThis as unknown as { __analysisWorker?: WorkerState };
const state = (globalForWorker.__analysisWorker ??= {});

async function runOnce(): Promise<void> {
  const db = await processDb();
  // Drain in batches; each consultation is taken by one instance at a time (row lock, SKIP LOCKED).
  for (let round = 0; round < 20; round++) if ((await analysePendingOpinions(db)) === 0) break;
}

function tick(): void {
  if (state.running) return;
  state.running = runOnce()
    .catch((error: unknown) => console.error('analysis worker run failed', describeErrorForLog(error)))
    .finally(() => {
      state.running = undefined;
    });
}

/** Starts the interval loop once per process (instrumentation.ts), like the outbox worker. */
export function startAnalysisWorker(): void {
  const seconds = env().ANALYSIS_WORKER_INTERVAL_SECONDS;
  if (state.timer || seconds <= 0) return;
  state.timer = setInterval(tick, seconds * 1000);
  state.timer.unref();
  tick();
}
