// Building the index from the plan: cached sources and freshly prepared ones merged in file
// order, streaming (parts are taken as workers hand them back); writing the cache when anything
// changed; merging the indexes of several corpus folders.
import { CORPUS_TABLES, CorpusIndex, IndexBuilder, longPairs, type CorpusData, type LazyCorpusData } from '../../core/corpus/index';
import type { SourceHead } from '../../core/corpus/source';
import { IndexCacheCorrupt, sectionNumbers, type Cached } from './format';
import type { Plan } from './plan';
import { EMPTY_PART, type PreparedPart, type ReadOutcome } from './workers';
import { lazyHead, readTextLazily } from './texts';
import { indexIdentity, restampCache, writeCache, type Entry } from './write';
import type { CacheOutcome, IndexProgress, LoadedIndex } from './types';

/**
 * The parts read so far, by piece (`piece` jobs each, in job order): building takes each job's
 * outcome as soon as its part has arrived, so merging goes on while workers still read.
 */
export class Arrivals {
  private readonly parts: (PreparedPart | undefined)[] = [];
  /** Per part, the number of each outcome's source among the part's prepared ones (-1: none). */
  private readonly sources = new Map<PreparedPart, number[]>();
  private waiters: (() => void)[] = [];

  constructor(readonly piece: number) {}

  arrive(k: number, part: PreparedPart): void {
    this.parts[k] = part;
    let n = 0;
    this.sources.set(part, part.outcomes.map((o) => (o.kind === 'prepared' ? n++ : -1)));
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when another part arrives. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Job n's part, outcome and source number, or undefined until its part arrives. */
  outcomeOf(n: number): { part: PreparedPart; outcome: ReadOutcome; source: number } | undefined {
    const part = this.parts[Math.floor(n / this.piece)];
    if (!part) return undefined;
    const i = n % this.piece;
    return { part, outcome: part.outcomes[i], source: this.sources.get(part)![i] };
  }

  /** How many prepared sources a part has. */
  preparedIn(part: PreparedPart): number {
    return this.sources.get(part)!.filter((x) => x >= 0).length;
  }

  static of(parts: readonly PreparedPart[], piece: number): Arrivals {
    const a = new Arrivals(piece);
    parts.forEach((p, k) => a.arrive(k, p));
    return a;
  }
}

/** What building yields while it waits for a part (drivers wait for the next arrival). */
export const WAITING: IndexProgress = { phase: 'indexing', done: -1, total: -1 };

/** An index built, and what writing its cache needs. */
export interface Built {
  loaded: LoadedIndex;
  /** The index's arrays, when the cache is to be written anew (`rewrite`). */
  data?: CorpusData;
  /** The persisted index to write again with the files' new stamps only (`rewrite`, nothing else changed: write.ts, restampCache). */
  restamp?: NonNullable<Plan['cached']>;
  entries: Entry[];
  rewrite: boolean;
}

/** The index from the plan and what reading gave (`parts`: the jobs' outcomes, in job order, with their prepared sources). */
export function* building(plan: Plan, arrivals: Arrivals): Generator<IndexProgress, Built> {
  const cached = plan.cached;
  try {
    return yield* buildingFrom(plan, arrivals);
  } catch (e) {
    // A part that failed its checks (or any failure): the file read lazily is not kept open.
    cached?.sections.close();
    throw e;
  }
}

function* buildingFrom(plan: Plan, arrivals: Arrivals): Generator<IndexProgress, Built> {
  const { cached, stats, steps, warnings } = plan;
  const entries: Entry[] = [];
  // Sources of each part still to be taken: a part's arrays are let go once all are.
  const left = new Map<PreparedPart, number>();
  const outcomeOf = function* (n: number) {
    let got = arrivals.outcomeOf(n);
    while (!got) {
      yield WAITING;
      got = arrivals.outcomeOf(n);
    }
    if (!left.has(got.part)) left.set(got.part, arrivals.preparedIn(got.part));
    return got;
  };
  // A file read again whose content is unchanged still changes the cache (its new stamp). With a
  // cache, whether anything changed needs every outcome first; without one, everything did.
  // A file skipped again that the cache never had (a bad file, a bad line of an archive) changes nothing.
  let changed = !cached;
  let restamped = !cached && plan.jobs.length > 0;
  if (!changed) {
    for (let n = 0; n < plan.jobs.length; n++) {
      const kind = (yield* outcomeOf(n)).outcome.kind;
      if (kind === 'unchanged') restamped = true;
      else if (kind !== 'skipped' || plan.jobs[n].cachedHash !== undefined) changed = true;
    }
  }
  let data: CorpusData | LazyCorpusData;
  const allCached = cached && !changed && steps.length === cached.sources.length && steps.every((st, i) => st.c === cached.sources[i]);
  const headOf = (c: Cached): SourceHead => lazyHead(c.c);
  const rewrite = changed || restamped || stats.removed > 0;
  if (allCached) {
    // Nothing changed: the cached arrays are the index's arrays, each read when first used (the
    // file is written again when files have new stamps, its sections copied: finishing).
    const sources = cached.sources;
    if (rewrite || plan.keepEntries) for (const st of steps) entries.push({ file: st.file, ...(st.stamp ?? { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 }), hash: st.c!.c.hash, chars: st.c!.c.chars });
    stats.reused = sources.length;
    const S = sources.length;
    const { header, sections } = cached;
    const sourceStart = new Int32Array(S + 1);
    const sentenceStart = new Int32Array(S + 1);
    const tableStart = header.tables.map(() => new Int32Array(S + 1));
    for (let i = 0; i < S; i++) {
      const x = sources[i];
      sourceStart[i] = x.tokenFrom;
      sentenceStart[i] = x.sentenceFrom;
      for (let k = 0; k < tableStart.length; k++) tableStart[k][i] = x.tableFrom[k];
    }
    sourceStart[S] = header.tokens;
    sentenceStart[S] = header.sentences;
    header.tables.forEach((t, k) => (tableStart[k][S] = t.rows));
    const heads = sources.map(headOf);
    data = {
      heads,
      vocabulary: cached.vocabulary,
      tokens: header.tokens,
      sentenceCount: header.sentences,
      sourceStart,
      sentenceStart,
      tableStart: Object.fromEntries(header.tables.map((t, k) => [t.name, tableStart[k]])),
      parts: sections,
    };
  } else {
    // Room for the tokens: the cached ones, and an estimate for the rest (the arrays grow if short).
    let expected = 0;
    for (const st of steps) if (st.c) expected += st.c.tokenTo - st.c.tokenFrom;
    for (const st of steps) if (st.kind === 'read' && st.stamp) expected += Math.ceil(st.stamp.size / 5);
    const builder = new IndexBuilder({ vocab: cached?.vocab ?? [], expectedTokens: expected + 1024 });
    // The cached arrays, each checked (all read now, when read lazily).
    const arrays = cached && steps.some((st) => st.c) ? cachedArrays(cached) : undefined;
    const remaps = new Map<PreparedPart, Int32Array>();
    let lastYield = Date.now();
    for (let i = 0; i < steps.length; i++) {
      if (i % 256 === 0 && Date.now() - lastYield > 30) {
        yield { phase: 'indexing', done: i, total: steps.length };
        lastYield = Date.now();
      }
      const st = steps[i];
      const stamp = st.stamp ?? { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 };
      let c: Cached | undefined;
      if (st.kind === 'cached') c = st.c;
      else {
        const got = yield* outcomeOf(st.job);
        if (got.outcome.kind === 'skipped') {
          warnings.push(`${st.file}: skipped: ${got.outcome.reason}`);
          continue;
        }
        if (got.outcome.kind === 'prepared') {
          const entry = { file: st.file, ...stamp, hash: got.outcome.hash, chars: got.outcome.chars };
          entries.push(entry);
          const head = got.part.data.heads[got.source];
          if (head.text.length !== entry.chars) readTextLazily(head, entry);
          let remap = remaps.get(got.part);
          if (!remap) remaps.set(got.part, (remap = builder.vocabularyOf(got.part.data.vocab)));
          builder.addFrom(got.part.data, got.source, remap);
          stats.prepared++;
          const rest = left.get(got.part)! - 1;
          left.set(got.part, rest);
          if (rest === 0) {
            remaps.delete(got.part);
            got.part.data = EMPTY_PART;
          }
          continue;
        }
        c = st.c!;
      }
      entries.push({ file: st.file, ...stamp, hash: c.c.hash, chars: c.c.chars });
      stats.reused++;
      const a = arrays!;
      builder.addIndexed(
        headOf(c),
        a.ids.subarray(c.tokenFrom, c.tokenTo),
        a.starts.subarray(c.tokenFrom, c.tokenTo),
        a.lengths.subarray(c.tokenFrom, c.tokenTo),
        longPairs(a.long, c.tokenFrom, c.tokenTo, 0),
        {
          sentences: a.sentences.subarray(2 * c.sentenceFrom, 2 * c.sentenceTo),
          tables: Object.fromEntries(cached!.header.tables.map((t, k) => [t.name, a.tables[k].subarray(c.tableFrom[k] * t.fields, c.tableTo[k] * t.fields)])),
        },
      );
    }
    data = builder.data();
  }
  // Read lazily and kept as the index's parts, the file stays open until the rest is read
  // (`finishReading`); otherwise what was needed is read, and the file is closed.
  const keptOpen = allCached && plan.lazy ? cached : undefined;
  if (!keptOpen) cached?.sections.close();
  plan.cached = undefined; // let the old arrays go before the index is made
  if (rewrite && !allCached) data = compactVocabulary(data as CorpusData);
  const index = new CorpusIndex(data);
  // A persisted index read whole is checked whole as it loads, its corpus tables too (read lazily:
  // each when first used).
  if (allCached && !plan.lazy) {
    for (const t of CORPUS_TABLES) {
      try {
        index.corpusTable(t, true);
      } catch (e) {
        throw e instanceof IndexCacheCorrupt ? e : new IndexCacheCorrupt(plan.cacheFile ?? '', (e as Error).message);
      }
    }
  }
  if (stats.cache !== 'rejected' && stats.cache !== 'disabled') stats.cache = rewrite ? (stats.reused ? 'updated' : 'absent') : 'hit';
  yield { phase: 'indexing', done: steps.length, total: steps.length };
  // The index's data: with its postings, which the cache keeps.
  const loaded: LoadedIndex = { index, warnings, missing: plan.missing, refused: plan.refused, stats };
  // Loaded unchanged from its file: its sources (ids and content hashes, in order) are what the index is.
  if (allCached && !rewrite && plan.cacheFile) {
    const n = sectionNumbers(cached.header.tables.length);
    loaded.identity = indexIdentity(cached.sections.sectionBytes(n.files), cached.sections.sectionBytes(n.hashes));
  }
  if (plan.keepEntries) loaded.entries = entries;
  if (keptOpen) loaded.finishReading = () => restOf(keptOpen, index, plan.cacheFile ?? '');
  return { loaded, data: rewrite && !allCached ? index.data() : undefined, restamp: rewrite && allCached ? cached : undefined, entries, rewrite };
}

/** What an index read lazily has not read yet, a part a step, each checked; then its file is closed. */
function* restOf(cached: NonNullable<Plan['cached']>, index: CorpusIndex, file: string): Generator<void, void> {
  try {
    cached.vocabulary.verify();
    yield;
    for (const t of CORPUS_TABLES) {
      index.corpusTable(t, true);
      yield;
    }
    yield* cached.sections.rest();
  } catch (e) {
    cached.sections.close();
    throw e instanceof IndexCacheCorrupt ? e : new IndexCacheCorrupt(file, (e as Error).message);
  }
}

/** The cached arrays a source is copied from when the index is built anew (each part checked). */
function cachedArrays(cached: NonNullable<Plan['cached']>) {
  const s = cached.sections;
  const o = s.offsets();
  return { ids: s.ids(), starts: o.starts, lengths: o.lengths, long: o.long, sentences: s.sentences(), tables: cached.header.tables.map((t) => s.rows(t.name)) };
}

/** Writes the cache of a built index when anything changed; the index loaded. */
export function finishing(plan: Plan, b: Built): LoadedIndex {
  if (plan.cacheFile && b.restamp) {
    try {
      const w = restampCache(plan.cacheFile, b.restamp, b.entries);
      b.loaded.stats.cacheBytes = w.bytes;
      b.loaded.identity = w.identity;
    } catch (e) {
      // A section that failed its checks as it was copied: the index is rebuilt (load).
      if (e instanceof IndexCacheCorrupt) throw e;
      b.loaded.warnings.push(`${plan.cacheFile}: could not write the index cache (${(e as Error).message})`);
    }
  } else if (plan.cacheFile && b.rewrite && b.data) {
    const data = b.data;
    try {
      const w = writeCache(plan.cacheFile, plan.fingerprint, data, b.entries);
      b.loaded.stats.cacheBytes = w.bytes;
      // The index is the one just written: what a later load of the file will be.
      b.loaded.identity = w.identity;
      // Now persisted, the sources read from their files keep no text either (as if loaded from
      // the cache): each is read again when needed.
      data.heads.forEach((h, i) => {
        const e = b.entries[i];
        if (!Object.getOwnPropertyDescriptor(h, 'text')?.get) readTextLazily(h, e);
      });
    } catch (e) {
      b.loaded.warnings.push(`${plan.cacheFile}: could not write the index cache (${(e as Error).message})`);
    }
  }
  return b.loaded;
}

/** Drops words no source uses any more (after sources were removed), renumbering the rest. */
export function compactVocabulary(data: CorpusData): CorpusData {
  const used = new Uint8Array(data.vocab.length);
  for (let i = 0; i < data.ids.length; i++) used[data.ids[i]] = 1;
  const renumber = new Int32Array(data.vocab.length);
  const vocab: string[] = [];
  for (let w = 0; w < data.vocab.length; w++) {
    if (used[w]) {
      renumber[w] = vocab.length;
      vocab.push(data.vocab[w]);
    }
  }
  if (vocab.length === data.vocab.length) return data;
  const ids = new Int32Array(data.ids.length);
  for (let i = 0; i < ids.length; i++) ids[i] = renumber[data.ids[i]];
  return { ...data, vocab, ids, postings: undefined, stems: undefined };
}

const OUTCOME_RANK: Record<CacheOutcome, number> = { disabled: 0, hit: 1, updated: 2, absent: 3, rejected: 4 };

/** The parts' reading finished in turn (undefined when none was read lazily). */
function finishAll(parts: readonly LoadedIndex[]): LoadedIndex['finishReading'] {
  const lazy = parts.filter((p) => p.finishReading);
  if (!lazy.length) return undefined;
  return function* () {
    for (const p of lazy) yield* p.finishReading!();
  };
}

/**
 * The parts' indexes as one (a source under two parts counts once, at its first). With the parts'
 * `entries`, the merged index's entries too (to persist it as the parts' combined index).
 */
export function mergeLoaded(parts: LoadedIndex[]): LoadedIndex {
  const warnings = parts.flatMap((p) => p.warnings);
  const missing = parts.flatMap((p) => p.missing);
  const refused = parts.flatMap((p) => p.refused);
  const stats: LoadedIndex['stats'] = { cache: 'disabled', reused: 0, prepared: 0, removed: 0 };
  for (const p of parts) {
    if (OUTCOME_RANK[p.stats.cache] > OUTCOME_RANK[stats.cache]) stats.cache = p.stats.cache;
    if (p.stats.rejected && !stats.rejected) stats.rejected = p.stats.rejected;
    stats.reused += p.stats.reused;
    stats.prepared += p.stats.prepared;
    stats.removed += p.stats.removed;
    if (p.stats.cacheFile && !stats.cacheFile) stats.cacheFile = p.stats.cacheFile;
    if (p.stats.cacheBytes !== undefined) stats.cacheBytes = (stats.cacheBytes ?? 0) + p.stats.cacheBytes;
  }
  // Only a real merge takes the parts' arrays (a part read lazily is then read whole).
  const filled = parts.filter((p) => p.index.sources.length > 0);
  const ids = new Set<string>();
  const overlap = filled.map((p) => p.index.sources.some((h) => ids.has(h.id) || (ids.add(h.id), false))).some((x) => x);
  if (filled.length <= 1 && !overlap) {
    const only = filled[0] ?? parts[0];
    return { index: only.index, warnings, missing, refused, stats, finishReading: finishAll(parts), identity: only.identity };
  }
  const nonEmpty = filled.map((p) => p.index.data());
  const partEntries = filled.map((p) => p.entries);
  const entries: Entry[] | undefined = partEntries.every((e, k) => e && e.length === nonEmpty[k].heads.length) ? [] : undefined;
  // The largest part's words keep their ids; the others' are renumbered into its vocabulary.
  const largest = nonEmpty.reduce((a, b) => (b.ids.length > a.ids.length ? b : a));
  const builder = new IndexBuilder({ vocab: largest.vocab, expectedTokens: nonEmpty.reduce((n, d) => n + d.ids.length, 0) + 1024 });
  const added = new Set<string>();
  nonEmpty.forEach((d, p) => {
    const remap = d === largest ? Int32Array.from(d.vocab, (_, i) => i) : builder.vocabularyOf(d.vocab);
    d.heads.forEach((h, k) => {
      if (added.has(h.id)) return;
      added.add(h.id);
      builder.addFrom(d, k, remap);
      entries?.push(partEntries[p]![k]);
    });
  });
  return { index: new CorpusIndex(builder.data()), warnings, missing, refused, stats, finishReading: finishAll(parts), entries };
}
