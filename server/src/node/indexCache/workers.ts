// Reading and preparing files, in this thread or in worker threads (indexWorker.ts), and the
// helper thread that takes stamps and checks a persisted index's checksum.
import * as os from 'os';
import { Worker } from 'worker_threads';
import { IndexBuilder, type CorpusData } from '../../core/corpus/index';
import { hashedContent, readSourceFile, type FormatOptions } from '../corpusFiles';
import { contentHash } from './stamps';
import type { Arrivals } from './merge';
import type { IndexProgress } from './types';

/** A file to read: where it is, and the content hash the cache has for it (if any). */
export interface ReadJob {
  file: string;
  cachedHash?: string;
  formats?: FormatOptions;
}

/** What became of a file that was read (`chars`: a prepared text's length). */
export type ReadOutcome = { kind: 'skipped'; reason: string } | { kind: 'unchanged'; hash: string } | { kind: 'prepared'; hash: string; chars: number };

/** Files read and prepared: what became of each, and the index of the prepared ones, in order. */
export interface PreparedPart {
  outcomes: ReadOutcome[];
  data: CorpusData;
}

/** What a part holds once its sources are in the index. */
export const EMPTY_PART: CorpusData = new IndexBuilder().data();

/**
 * Reads files and prepares those whose content is not the cached one (IndexBuilder.add: words,
 * sentences, dates). What the language server's and the CLI's workers run, and the loader itself
 * when it works alone.
 */
export function readAndPrepare(jobs: readonly ReadJob[], onFile?: (done: number) => void, keepTexts = true): PreparedPart {
  const builder = new IndexBuilder();
  const outcomes: ReadOutcome[] = [];
  jobs.forEach((job, n) => {
    const r = readSourceFile(job.file, job.formats);
    if (!('input' in r)) outcomes.push({ kind: 'skipped', reason: r.reason });
    else {
      const hash = contentHash(hashedContent(r.input));
      if (hash === job.cachedHash) outcomes.push({ kind: 'unchanged', hash });
      else {
        builder.add(r.input);
        outcomes.push({ kind: 'prepared', hash, chars: r.input.text.length });
      }
    }
    onFile?.(n + 1);
  });
  const data = builder.data();
  // A worker's texts need not cross to the loader: the index reads each again from its file
  // when first needed (see cachedText), as for sources taken from the cache.
  if (!keepTexts) for (const h of data.heads) h.text = '';
  return { outcomes, data };
}

/** The typed arrays of a part, to transfer from a worker without copying. */
export function transferables(data: CorpusData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of [data.ids, data.starts, data.lengths, data.long, data.sourceStart, data.sentences, data.sentenceStart, ...Object.values(data.tables).flatMap((t) => [t.rows, t.start])]) {
    if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return [...buffers];
}

/** Below this many files to read, the loader reads them itself; above, workers share them. */
export const PARALLEL_MIN_FILES = 400;

/** From this many files on, a helper thread takes the files' stamps and checks the cache's checksum. */
export const HELPER_MIN_FILES = 2000;

/**
 * A worker thread that helps load a persisted index: it checks the checksum of the cache's
 * sections (in a buffer both threads share) while this thread builds the index (used when the
 * checksum is SHA-1, Node having no CRC-32: see FAST_SUM). Any failure of the helper makes its answers
 * undefined, and this thread does the work itself.
 */
export class Helper {
  private readonly worker?: Worker;
  private readonly waiting = new Map<string, (v: unknown) => void>();

  constructor(script: string) {
    try {
      const w = new Worker(script);
      w.on('message', (m: { sum?: string }) => {
        if (m.sum !== undefined) this.settle('sum', m.sum);
      });
      w.on('error', () => this.failAll());
      w.on('exit', () => this.failAll());
      this.worker = w;
    } catch {
      this.worker = undefined;
    }
  }

  private settle(what: string, v: unknown): void {
    this.waiting.get(what)?.(v);
    this.waiting.delete(what);
  }

  private failAll(): void {
    for (const k of [...this.waiting.keys()]) this.settle(k, undefined);
  }

  private ask<T>(what: string, message: object): Promise<T | undefined> {
    if (!this.worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.set(what, resolve as (v: unknown) => void);
      this.worker!.postMessage(message);
    });
  }

  sum(body: SharedArrayBuffer, spans: [number, number][]): Promise<string | undefined> {
    return this.ask<string>('sum', { sum: body, spans });
  }

  stop(): void {
    void this.worker?.terminate();
  }
}

/** Files per part read in this thread. */
export const HERE_PIECE = 64;

/** Reads the jobs in this thread, a part of HERE_PIECE files at a time (yielding between parts). */
export function* readingHere(jobs: readonly ReadJob[]): Generator<IndexProgress, PreparedPart[]> {
  const parts: PreparedPart[] = [];
  for (let from = 0; from < jobs.length; from += HERE_PIECE) {
    yield { phase: 'indexing', done: from, total: jobs.length };
    parts.push(readAndPrepare(jobs.slice(from, from + HERE_PIECE)));
  }
  return parts;
}


export function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** Files per piece of work handed to a worker. */
export const PIECE = 128;

interface WorkerPlan {
  count: number;
  piece: number;
  script: string;
}

/**
 * Reads the jobs with worker threads: the files go in pieces to whichever worker is free, so that
 * long and short articles even out. A worker that fails has its pieces read here instead (with a
 * warning), so a broken worker never loses a source.
 */
export async function readingInWorkers(jobs: readonly ReadJob[], { count, piece, script }: WorkerPlan, arrivals: Arrivals, warnings: string[], onProgress?: (p: IndexProgress) => void): Promise<void> {
  const pieces: ReadJob[][] = [];
  for (let from = 0; from < jobs.length; from += piece) pieces.push(jobs.slice(from, from + piece));
  const parts: (PreparedPart | undefined)[] = new Array(pieces.length);
  const arrive = (k: number, part: PreparedPart) => {
    parts[k] = part;
    arrivals.arrive(k, part);
  };
  let next = 0;
  let finished = 0;
  const report = () => onProgress?.({ phase: 'indexing', done: Math.min(jobs.length, finished * piece), total: jobs.length });
  const runWorker = () =>
    new Promise<void>((resolve) => {
      let current = -1;
      let settled = false;
      let worker: Worker | undefined;
      const give = () => {
        if (next >= pieces.length) {
          settled = true;
          void worker!.terminate();
          resolve();
          return;
        }
        current = next++;
        worker!.postMessage({ piece: current, jobs: pieces[current] });
      };
      const fail = async (why: string) => {
        if (settled) return;
        settled = true;
        void worker?.terminate();
        // This worker's piece, and every piece nobody has taken yet that it would have taken.
        const mine = current >= 0 && parts[current] === undefined ? [current] : [];
        warnings.push(`index worker failed (${why}); reading its files in the main thread`);
        for (;;) {
          const k = mine.length ? mine.pop()! : next < pieces.length ? next++ : -1;
          if (k < 0) break;
          arrive(k, readAndPrepare(pieces[k]));
          finished++;
          report();
          await new Promise<void>((r) => setImmediate(r));
        }
        resolve();
      };
      try {
        worker = new Worker(script);
      } catch (e) {
        void fail((e as Error).message);
        return;
      }
      worker.on('message', (m: { piece: number; part: PreparedPart }) => {
        arrive(m.piece, m.part);
        finished++;
        report();
        give();
      });
      worker.on('error', (e) => void fail(e.message));
      worker.on('exit', (code) => void fail(`exited with code ${code}`));
      give();
    });
  await Promise.all(Array.from({ length: count }, runWorker));
}
