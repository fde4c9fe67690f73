// A worker thread of lib/analysis/parallel.ts: analyses opinions on their own (language, item
// suggestions, personal data) with an Analyser built from the same items and method.
import { parentPort, workerData } from 'node:worker_threads';
import { Analyser, type AnalysisMethod, type OpinionInput } from './analyse';
import type { ItemText } from './items';

const { items, method } = workerData as { items: ItemText[]; method: AnalysisMethod };
const analyser = new Analyser(items, method);
parentPort!.on('message', ({ batch, inputs }: { batch: number; inputs: OpinionInput[] }) => {
  parentPort!.postMessage({ batch, results: inputs.map((input) => analyser.analyseOne(input)) });
});
