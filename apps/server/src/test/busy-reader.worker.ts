// A worker module for the tests of http/xlsx-worker.ts: stands in for a parse that keeps its thread busy.
import { serveWorkbookReader } from '../http/xlsx-worker.ts';

/** Shared with the test: [0] released by the main thread, [1] set once the work started, [2] loops done. */
export interface BusyReaderInput {
  signals: SharedArrayBuffer;
  /** `spin` loops without ever yielding until released; `hoard` keeps allocating until the heap runs out. */
  mode: 'spin' | 'hoard';
}

serveWorkbookReader(async (_content, input: BusyReaderInput) => {
  const signals = new Int32Array(input.signals);
  Atomics.store(signals, 1, 1);
  const hoard: string[][] = [];
  while (Atomics.load(signals, 0) === 0) {
    Atomics.add(signals, 2, 1);
    if (input.mode === 'hoard')
      hoard.push(Array.from({ length: 10_000 }, (_, index) => `行${index}`.repeat(8)));
  }
  return `released after ${hoard.length} allocations`;
});
