// A worker thread that lists corpus folders (corpusFiles.listSourceFiles: a readdir per folder and
// a stat per file) while the thread that started it checks against the persisted index it
// presumes unchanged (indexCache.ts, `presume`). It is sent the files and stamps the index holds,
// and answers only whether the listing gives exactly those (the same files in the same order,
// each with the same size, times and inode) and said nothing else, so the thread that waits on it
// has little to do. Its own small bundle: it starts in a few milliseconds, on the other core.
import { parentPort, workerData } from 'worker_threads';
import { listSourceFiles, type CorpusLimits } from './corpusFiles';

/** The index's files, and their stamps: size, mtimeMs, ctimeMs, ino per file, in order. */
export interface Expected {
  files: string[];
  stamps: Float64Array;
}

/** What the worker answers: undefined when the listing is the index's, else why not. */
export interface ListAnswer {
  differs?: string;
}

/** Whether a listing is the expected one (undefined), else why not. */
export function differs(listed: ReturnType<typeof listSourceFiles>, expected: Expected): string | undefined {
  if (listed.warnings.length || listed.missing.length || listed.refused.length) return 'the listing has something to say';
  const { files, stamps } = expected;
  if (listed.files.length !== files.length) return 'the files changed';
  for (let i = 0; i < files.length; i++) {
    const st = listed.stamps.get(files[i]);
    if (listed.files[i] !== files[i] || !st || st.size !== stamps[4 * i] || st.mtimeMs !== stamps[4 * i + 1] || st.ctimeMs !== stamps[4 * i + 2] || st.ino !== stamps[4 * i + 3]) return 'the files changed';
  }
  return undefined;
}

if (parentPort && workerData) {
  const { paths, limits } = workerData as { paths: string[]; limits: CorpusLimits };
  let listed: ReturnType<typeof listSourceFiles> | string;
  try {
    listed = listSourceFiles(paths, limits);
  } catch (e) {
    listed = `listing failed (${(e as Error).message})`;
  }
  parentPort.once('message', (expected: Expected) => {
    const answer: ListAnswer = { differs: typeof listed === 'string' ? listed : differs(listed, expected) };
    parentPort!.postMessage(answer);
  });
}
