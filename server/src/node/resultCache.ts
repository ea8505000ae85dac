// The findings of drafts checked before, kept beside the persisted index (`results/` of the cache
// folder), so that a draft checked again unchanged against an unchanged corpus costs a lookup:
// what ESLint's and Prettier's caches do for unchanged files. A result is found only under a key
// made of everything the findings depend on: the running code (the bundle's fingerprint), the
// corpus (its persisted index's content: its sources' ids and content hashes, indexCache/write.ts),
// the draft's text, language and date, and the checks' configuration. Suppressions and accepted
// findings are applied afterwards, as to a check's findings. A file that is not what was written
// (its own SHA-256 of the findings), or findings outside the draft, count as absent.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CheckConfig, Finding } from '../core/index';
import { makeFolders } from './folders';
import { codeFingerprint } from './indexCache/format';

/** Bumped when what a result file holds changes shape. */
const RESULTS_FORMAT = 1;
/** Result files kept at most (the oldest go first when more are written). */
export const MAX_RESULTS = 2_000;
/** A result file larger than this is not read (a draft's findings are kilobytes). */
const MAX_RESULT_BYTES = 64 << 20;

export interface ResultInput {
  text: string;
  languageId: string;
  date?: string;
  config: CheckConfig;
}

interface Stored {
  format: number;
  key: string;
  sum: string;
  findings: Finding[];
}

/** Whether every number in a plain value is finite (JSON writes NaN and Infinity as null). */
function finiteThroughout(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finiteThroughout);
  if (v && typeof v === 'object') return Object.values(v).every(finiteThroughout);
  return true;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export class ResultCache {
  private readonly dir: string;
  private written = 0;

  /** `corpus`: the identity of the index the findings are computed against (LoadedIndex.identity). */
  constructor(
    cacheDir: string,
    private readonly corpus: string,
    private readonly maxResults = MAX_RESULTS,
  ) {
    this.dir = path.join(cacheDir, 'results');
  }

  /** The key of a draft's findings against this corpus with this code. */
  keyOf(input: ResultInput): string {
    return sha256(JSON.stringify([RESULTS_FORMAT, codeFingerprint(), this.corpus, input.languageId, input.date ?? null, input.config]) + '\u0000' + input.text);
  }

  /** The findings kept for `input`, or undefined (never kept, or not what was written). */
  get(input: ResultInput): Finding[] | undefined {
    const key = this.keyOf(input);
    const file = path.join(this.dir, `${key}.json`);
    let stored: Stored;
    try {
      // Only a regular file of a plausible size (never a pipe someone put there: reading it would hang).
      const st = fs.lstatSync(file, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size > MAX_RESULT_BYTES) return undefined;
      stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Stored;
    } catch {
      return undefined;
    }
    if (!stored || stored.format !== RESULTS_FORMAT || stored.key !== key || !Array.isArray(stored.findings)) return undefined;
    if (sha256(JSON.stringify(stored.findings)) !== stored.sum) return undefined;
    try {
      // Kept recently used (the oldest go first).
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      // read-only cache folder: still a result
    }
    const n = input.text.length;
    for (const f of stored.findings) {
      if (!f || typeof f !== 'object' || !(f.start >= 0 && f.start <= f.end && f.end <= n) || typeof f.message !== 'string' || !Array.isArray(f.sources) || !Array.isArray(f.fixes)) return undefined;
    }
    return stored.findings;
  }

  /** Keeps `findings` for `input` (written whole, then renamed into place); a failure only costs the next lookup. */
  put(input: ResultInput, findings: readonly Finding[]): void {
    const key = this.keyOf(input);
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      makeFolders(this.dir);
      const body = JSON.stringify(findings);
      // Only what JSON gives back as it was (no NaN or Infinity turned into null).
      if (!finiteThroughout(findings)) return;
      fs.writeFileSync(tmp, `{"format":${RESULTS_FORMAT},"key":${JSON.stringify(key)},"sum":${JSON.stringify(sha256(body))},"findings":${body}}`);
      fs.renameSync(tmp, file);
      if (++this.written === 1) this.prune();
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing to remove
      }
    }
  }

  /** Drops the oldest result files beyond the cap (once per process that writes). */
  private prune(): void {
    const files = fs
      .readdirSync(this.dir)
      .filter((f) => /^[0-9a-f]{64}\.json$/.test(f))
      .map((f) => {
        const p = path.join(this.dir, f);
        return { p, t: fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
      });
    if (files.length <= this.maxResults) return;
    files.sort((a, b) => a.t - b.t);
    for (const f of files.slice(0, files.length - this.maxResults)) fs.rmSync(f.p, { force: true });
  }
}
