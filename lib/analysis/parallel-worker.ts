// A worker thread of lib/analysis/parallel.ts: for a batch of opinions, what depends on each
// text alone — its own analysis (language, item suggestions, personal data) where asked, and
// its near-duplicate key, shingles and band keys — with an Analyser built from the same items
// and method, so the same values as in the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { Analyser, type AnalysisMethod, type OpinionInput, type OwnAnalysis } from './analyse';
import type { ItemText } from './items';

export type BatchRequest = { batch: number; inputs: OpinionInput[]; own: boolean[] };
export type BatchReply = {
  batch: number;
  own: (OwnAnalysis | null)[];
  keys: string[];
  lengths: Uint32Array;
  /** Every text's shingles one after another; text k's end at shingleEnds[k]. */
  shingles: Uint32Array;
  shingleEnds: Uint32Array;
  bands: Int32Array;
  bandEnds: Uint32Array;
};

const { items, method } = workerData as { items: ItemText[]; method: AnalysisMethod };
const analyser = new Analyser(items, method);
const index = analyser.newIndex();
parentPort!.on('message', ({ batch, inputs, own }: BatchRequest) => {
  const prepared = inputs.map((input) => index.prepare(input.text));
  const shingleEnds = new Uint32Array(prepared.length);
  const bandEnds = new Uint32Array(prepared.length);
  let shingleCount = 0;
  let bandCount = 0;
  prepared.forEach((p, k) => {
    shingleEnds[k] = shingleCount += p.shingles.length;
    bandEnds[k] = bandCount += p.bands.length;
  });
  const shingles = new Uint32Array(shingleCount);
  const bands = new Int32Array(bandCount);
  prepared.forEach((p, k) => {
    shingles.set(p.shingles, k === 0 ? 0 : shingleEnds[k - 1]);
    bands.set(p.bands, k === 0 ? 0 : bandEnds[k - 1]);
  });
  const reply: BatchReply = {
    batch,
    own: inputs.map((input, k) => (own[k] ? analyser.analyseOne(input) : null)),
    keys: prepared.map((p) => p.key),
    lengths: Uint32Array.from(prepared, (p) => p.length),
    shingles,
    shingleEnds,
    bands,
    bandEnds,
  };
  // Typed arrays made here own plain ArrayBuffers: moved to the main thread, not copied.
  const transfer = [shingles, shingleEnds, bands, bandEnds, reply.lengths].map((array) => array.buffer as ArrayBuffer);
  parentPort!.postMessage(reply, transfer);
});
