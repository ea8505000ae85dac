// A worker thread of the index loader (indexCache.ts): reads the pieces of the corpus it is given
// and prepares their files (words, sentences, dates), handing the compact arrays back without
// copying; or checks the checksum of a persisted index's sections, read into a buffer shared with
// the loader.
import { parentPort } from 'worker_threads';
import { readAndPrepare, sectionsSum, transferables, type ReadJob } from './indexCache';

type Request = { piece: number; jobs: ReadJob[] } | { sum: SharedArrayBuffer; spans: [number, number][] };

parentPort!.on('message', (m: Request) => {
  if ('sum' in m) {
    parentPort!.postMessage({ sum: sectionsSum(m.sum, m.spans) });
  } else {
    const part = readAndPrepare(m.jobs, undefined, false);
    parentPort!.postMessage({ piece: m.piece, part }, transferables(part.data));
  }
});
