// A worker thread of the index loader (indexCache.ts): reads the pieces of the corpus it is given
// and prepares their files (words, sentences, dates), handing the compact arrays back without
// copying; takes the stamps (size, times, inode) of a list of files; or checks the checksum of a
// persisted index's sections, read into a buffer shared with the loader.
import { parentPort } from 'worker_threads';
import { readAndPrepare, sectionsSum, stampNumbers, transferables, type ReadJob } from './indexCache';

type Request = { piece: number; jobs: ReadJob[] } | { stamps: string[] } | { sum: SharedArrayBuffer; spans: [number, number][] };

parentPort!.on('message', (m: Request) => {
  if ('stamps' in m) {
    const stamps = stampNumbers(m.stamps);
    parentPort!.postMessage({ stamps }, [stamps.buffer as ArrayBuffer]);
  } else if ('sum' in m) {
    parentPort!.postMessage({ sum: sectionsSum(m.sum, m.spans) });
  } else {
    const part = readAndPrepare(m.jobs, undefined, false);
    parentPort!.postMessage({ piece: m.piece, part }, transferables(part.data));
  }
});
