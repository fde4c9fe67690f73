import 'server-only';
import { processDb } from '@/db/client';
import { env } from '@/lib/env';
import { describeErrorForLog } from '@/lib/log/redact';
import { runRetention } from './retention';

type WorkerState = { timer?: NodeJS.Timeout; running?: boolean };
const state = ((globalThis as unknown as { __retentionWorker?: WorkerState }).__retentionWorker ??= {});

async function runOnce(): Promise<void> {
  if (state.running) return;
  state.running = true;
  try {
    const run = await runRetention(await processDb(), { defaultDays: env().RETENTION_DAYS_AFTER_PUBLICATION });
    const total = run.erased.reduce((n, e) => n + e.submissions, 0);
    if (total > 0) console.log(`retention: personal data of ${total} submissions erased (audit_log: retention.personal_data_erased)`);
  } catch (error) {
    console.error('retention job failed', describeErrorForLog(error));
  } finally {
    state.running = false;
  }
}

/**
 * Starts the retention job once per process (instrumentation.ts), like the outbox worker: every
 * instance runs it, and runRetention makes concurrent runs safe (one effect).
 */
export function startRetentionWorker(): void {
  const seconds = env().RETENTION_JOB_INTERVAL_SECONDS;
  if (state.timer || seconds <= 0) return;
  state.timer = setInterval(() => void runOnce(), seconds * 1000);
  state.timer.unref();
  void runOnce();
}
