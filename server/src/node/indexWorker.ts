// A worker thread of the index loader (indexCache.ts): reads the pieces of the corpus it is given
// and prepares their files (words, sentences, dates), handing the compact arrays back without
// copying.
import { parentPort } from 'worker_threads';
import { readAndPrepare, transferables, type ReadJob } from './indexCache';

parentPort!.on('message', ({ piece, jobs }: { piece: number; jobs: ReadJob[] }) => {
  const part = readAndPrepare(jobs);
  parentPort!.postMessage({ piece, part }, transferables(part.data));
});
