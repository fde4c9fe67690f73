import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Analyser, AnalysisResult, Grouped, OpinionInput, OwnAnalysis } from './analyse';
import type { NearDuplicateDecision, NearDuplicateIndex } from './near-duplicates';
import type { BatchReply, BatchRequest } from './parallel-worker';

/** Opinions per message to a worker: large enough that messaging costs little, small enough to share the work evenly. */
const BATCH = 1000;

/**
 * The worker's module is TypeScript: under tsx a worker thread does not inherit tsx's loader
 * (Node 20), so the thread registers it itself before importing the module.
 */
const WORKER_BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./parallel-worker.ts', import.meta.url).href)}); })`;

/** Worker threads by default: the cores but one (the main thread groups meanwhile), at least one. */
export function defaultAnalysisWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * `Analyser.analyseAll` with what depends on each text alone in `workers` worker threads — its own
 * analysis (language, item suggestions, personal data) and its near-duplicate key, shingles and
 * band keys — while the main thread groups the opinions in order of id as the batches come back
 * (`NearDuplicateIndex.addPrepared`), then clusters. The result is the same as `analyseAll`'s
 * (checked by bench:analysis). A text's own analysis is asked once (campaign copies share it).
 *
 * Only for plain Node processes (tsx: `npm run analysis:run`, the bench): the worker is a module
 * file loaded by path, which the Next.js server bundle does not carry, so the app's re-run button
 * uses `analyseAll` in its one thread.
 */
export async function analyseAllInWorkers(
  analyser: Analyser,
  opinions: readonly OpinionInput[],
  index: NearDuplicateIndex = analyser.newIndex(),
  workers: number = defaultAnalysisWorkers(),
): Promise<AnalysisResult> {
  const sorted = [...opinions].sort((a, b) => a.id - b.id);
  // One own analysis per distinct (text, with or without an item): the same text always gives the same result.
  const keyOf = (opinion: OpinionInput) => (opinion.itemNumber === null ? 'n' : 'i') + opinion.text;
  const asked = new Set<string>();
  const own = new Map<string, OwnAnalysis>();
  const threads = Array.from(
    { length: Math.max(1, workers) },
    () => new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { items: analyser.items, method: analyser.method } }),
  );
  try {
    const batches = Math.ceil(sorted.length / BATCH);
    const replies: Promise<BatchReply>[] = [];
    const waiting = new Map<number, { resolve: (reply: BatchReply) => void; reject: (error: unknown) => void }>();
    const failAll = (error: unknown) => {
      for (const { reject } of waiting.values()) reject(error);
      waiting.clear();
    };
    for (const worker of threads) {
      worker.on('message', (reply: BatchReply) => {
        waiting.get(reply.batch)?.resolve(reply);
        waiting.delete(reply.batch);
      });
      worker.on('error', failAll);
      worker.on('exit', (code) => {
        if (code !== 0) failAll(new Error(`analysis worker exited with ${code}`));
      });
    }
    // Every batch is sent at once, in turn to each worker; each worker answers its own in order.
    for (let b = 0; b < batches; b++) {
      const inputs = sorted.slice(b * BATCH, (b + 1) * BATCH).map(({ id, text, itemNumber }) => ({ id, text, itemNumber }));
      const wanted = inputs.map((input) => {
        const key = keyOf(input);
        if (asked.has(key)) return false;
        asked.add(key);
        return true;
      });
      replies.push(new Promise<BatchReply>((resolve, reject) => waiting.set(b, { resolve, reject })));
      const request: BatchRequest = { batch: b, inputs, own: wanted };
      threads[b % threads.length]!.postMessage(request);
    }
    replies.forEach((reply) => reply.catch(() => undefined)); // rejections are awaited below, in order

    const groups = new Map<number, number[]>();
    const decisions: NearDuplicateDecision[] = [];
    for (let b = 0; b < batches; b++) {
      const reply = await replies[b]!;
      reply.own.forEach((result, k) => {
        if (result) own.set(keyOf(sorted[b * BATCH + k]!), result);
      });
      for (let k = 0; k < reply.keys.length; k++) {
        const opinion = sorted[b * BATCH + k]!;
        const from = k === 0 ? 0 : reply.shingleEnds[k - 1]!;
        const bandsFrom = k === 0 ? 0 : reply.bandEnds[k - 1]!;
        const decision = index.addPrepared(opinion.id, {
          key: reply.keys[k]!,
          shingles: reply.shingles.subarray(from, reply.shingleEnds[k]),
          length: reply.lengths[k]!,
          bands: Array.from(reply.bands.subarray(bandsFrom, reply.bandEnds[k])),
        });
        decisions.push(decision);
        const members = groups.get(decision.group);
        if (members) members.push(opinion.id);
        else groups.set(decision.group, [opinion.id]);
      }
    }
    const grouped: Grouped = { sorted, decisions, groups };
    return analyser.finishAll(grouped, (opinion) => ({ ...own.get(keyOf(opinion))!, id: opinion.id }));
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
}
