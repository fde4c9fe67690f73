import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Analyser, AnalysisResult, OpinionInput, OwnAnalysis } from './analyse';
import type { NearDuplicateIndex } from './near-duplicates';

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
 * `Analyser.analyseAll` with the per-opinion work (language, item suggestions, personal data) in
 * `workers` worker threads while the main thread groups near-duplicates; the result is the same
 * (each opinion's own analysis depends on its text and item only). Distinct texts are sent once.
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
  // One input per distinct (text, with or without an item): the same text always gives the same result.
  const keyOf = (opinion: OpinionInput) => (opinion.itemNumber === null ? 'n' : 'i') + opinion.text;
  const distinct = new Map<string, OpinionInput>();
  for (const opinion of opinions) {
    const key = keyOf(opinion);
    if (!distinct.has(key)) distinct.set(key, opinion);
  }
  const inputs = [...distinct.values()];
  const own = new Map<string, OwnAnalysis>();
  const threads = Array.from(
    { length: Math.max(1, workers) },
    () =>
      new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { items: analyser.items, method: analyser.method } }),
  );
  try {
    const done = new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = 0;
      const send = (worker: Worker) => {
        if (next >= inputs.length) {
          if (pending === 0) resolve();
          return;
        }
        const batch = next;
        next += BATCH;
        pending++;
        worker.postMessage({ batch, inputs: inputs.slice(batch, batch + BATCH).map(({ id, text, itemNumber }) => ({ id, text, itemNumber })) });
      };
      for (const worker of threads) {
        worker.on('message', ({ batch, results }: { batch: number; results: OwnAnalysis[] }) => {
          results.forEach((result, k) => own.set(keyOf(inputs[batch + k]!), result));
          pending--;
          send(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`analysis worker exited with ${code}`));
        });
      }
      for (const worker of threads) send(worker);
    });
    // Grouping runs here meanwhile (synchronous); the workers' answers wait in the queue.
    const grouped = analyser.groupAll(opinions, index);
    await done;
    return analyser.finishAll(grouped, (opinion) => ({ ...own.get(keyOf(opinion))!, id: opinion.id }));
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
}
