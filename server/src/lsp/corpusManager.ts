// Loads corpora from disk for the language server, one checker per distinct set of folders,
// and reloads a corpus when its files change. Indexing runs in steps (the server keeps answering,
// and reports progress); with a cache folder the index is persisted and a reload re-reads only
// the files that changed. Reports bad files to the log and missing folders once with
// window/showMessage; the bundled corpus keeps working whatever happens to the rest.
import * as fs from 'fs';
import { createCheckerFromIndex, type Checker, type CorpusIndex, type SourceInfo, type SourceMeta } from '../core/index';
import { DEFAULT_CORPUS_LIMITS, type CorpusLimits, type FormatOptions } from '../node/corpusFiles';
import { fieldMapTag } from '../node/formats/fields';
import { IndexCacheCorrupt, loadIndex, racyMsOf } from '../node/indexCache';
import { archiveFingerprint, indexWithDatabase } from '../node/archiveDb';
import { grouped } from '../wording';
import { ResultCache } from '../node/resultCache';

/** Progress of one indexing run, as the host shows it (LSP work-done progress). */
export interface ProgressReporter {
  /** `counts`: the phase and how many sources of how many (for a status item). */
  report(percentage: number, message: string, counts?: { phase: string; done: number; total: number }): void;
  done(): void;
}

export interface CorpusHost {
  log(message: string): void;
  warnUser(message: string): void;
  /** Called when a corpus was rebuilt (documents using it must be checked again). */
  changed(key: string): void;
  /** Starts showing the progress of an indexing run of `paths`. */
  progress?(title: string, paths: readonly string[]): ProgressReporter;
}

interface Loaded {
  key: string;
  paths: string[];
  limits: CorpusLimits;
  formats: FormatOptions;
  /** A PostgreSQL archive to add (corroborate.corpus.database); '' for none. */
  database: string;
  /** A retry of an archive that could not be read. */
  retryTimer?: NodeJS.Timeout;
  /** While the archive is in use: a look at its fingerprint now and then (a write or an outage reloads). */
  pollTimer?: NodeJS.Timeout;
  /** The paths actually read (not missing, not refused): the ones watched. */
  read: string[];
  /** The current checker; while the first index is built, the promise of it. */
  checker: Promise<Checker>;
  watchers: fs.FSWatcher[];
  watch: boolean;
  reloadTimer?: NodeJS.Timeout;
  /** Bumped by every reload, so a slower older reload never replaces a newer one. */
  generation: number;
  /** The index of the current checker, once built (source metadata for listings). */
  index?: CorpusIndex;
  /** Where findings checked against that index are kept between sessions (keptFor). */
  kept?: ResultCache;
  /** The checker whose idle warm-up runs (see `warmUp`). */
  warming?: Checker;
}

/** A corpus as built: its checker and index, what is left to read of its persisted file, where its findings are kept. */
interface Built {
  checker: Checker;
  index: CorpusIndex;
  finish?: () => Generator<void, void>;
  kept?: ResultCache;
}

/** A loaded corpus as an editor lists it. */
export interface LoadedCorpus {
  key: string;
  paths: string[];
  /** Sources indexed; undefined while the first index is built. */
  sources?: number;
}

/** What the PostgreSQL client says when the password is wrong or missing. */
const PASSWORD_ERROR = /password authentication failed|no password supplied|client password must be a string|password is required/i;

/** A database error as a sentence, saying where the password comes from when that was the trouble. */
export function databaseError(error: string): string {
  return PASSWORD_ERROR.test(error) ? `${error}. Its password comes from PGPASSWORD or ~/.pgpass, or in VS Code from the command 'Corroborate: Set archive database password…'.` : `${error}.`;
}

/**
 * How long after a failed database read the corpus is loaded again, and how often an archive in
 * use is looked at (its fingerprint: one cheap query). CORROBORATE_DATABASE_POLL_MS sets both
 * (tests use a short one).
 */
const DATABASE_RETRY_MS = Number(process.env.CORROBORATE_DATABASE_POLL_MS) > 0 ? Number(process.env.CORROBORATE_DATABASE_POLL_MS) : 30_000;

export class CorpusManager {
  private readonly loaded = new Map<string, Loaded>();
  private readonly reportedMissing = new Set<string>();
  /** Refusals and skip summaries already shown to the user (each once). */
  private readonly reported = new Set<string>();
  private cacheDir: string | undefined;

  constructor(private readonly host: CorpusHost, private readonly reloadDelayMs = 300) {}

  /** Where persisted indexes live (the client's storage); undefined: none. */
  setCacheDir(dir: string | undefined): void {
    this.cacheDir = dir;
  }

  static key(paths: readonly string[]): string {
    return JSON.stringify([...paths].sort());
  }

  /** Keys of path lists already seen (the server hands the same array for the same settings). */
  private readonly keys = new WeakMap<readonly string[], string>();

  /** The checker for a set of folders; `watch` follows changes on disk (otherwise: reindex). */
  get(paths: readonly string[], watch = true, limits: CorpusLimits = DEFAULT_CORPUS_LIMITS, formats: FormatOptions = {}, database = ''): Promise<Checker> {
    const key = this.keyOf(paths, watch, limits, formats, database);
    let entry = this.loaded.get(key);
    if (!entry) {
      const created: Loaded = { key, paths: [...paths], limits, formats, database, read: [], checker: Promise.resolve(undefined as unknown as Checker), watchers: [], watch, generation: 0 };
      created.checker = this.build(created).then(({ checker, index, finish, kept }) => {
        // The listing follows the index the documents are checked against.
        created.index = index;
        created.kept = kept;
        this.watch(created);
        this.warmUp(created, checker, finish);
        return checker;
      });
      entry = created;
      this.loaded.set(key, created);
    }
    return entry.checker;
  }

  /** A source of any loaded corpus by its id (for virtual source documents). */
  async findSource(id: string): Promise<SourceInfo | undefined> {
    for (const entry of [...this.loaded.values()]) {
      try {
        const found = (await entry.checker).source(id);
        if (found) return found;
      } catch {
        // a corpus that failed to load holds nothing
      }
    }
    return undefined;
  }

  /** The key of the corpus `get` returns for these arguments (the same computation). */
  keyOf(paths: readonly string[], watch = true, limits: CorpusLimits = DEFAULT_CORPUS_LIMITS, formats: FormatOptions = {}, database = ''): string {
    let base = this.keys.get(paths);
    if (base === undefined) this.keys.set(paths, (base = CorpusManager.key(paths)));
    const fields = fieldMapTag(formats.fields);
    return base + (watch ? '' : ':unwatched') + `:${limits.maxFiles}:${limits.maxBytes}` + (fields ? `:${fields}` : '') + (database ? `:db:${database}` : '');
  }

  /**
   * Where the findings of documents checked against corpus `key` are kept between sessions
   * (node/resultCache.ts), while its index is persisted (loaded unchanged or just written: its
   * LoadedIndex.identity): undefined otherwise (no cache folder, an index not persisted, a
   * database archive).
   */
  keptFor(key: string): ResultCache | undefined {
    return this.loaded.get(key)?.kept;
  }

  /** Every corpus loaded or being loaded. */
  list(): LoadedCorpus[] {
    return [...this.loaded.values()].map((e) => ({ key: e.key, paths: [...e.paths], sources: e.index?.sources.length }));
  }

  /** Identity and metadata of a loaded corpus's sources (no texts are read). */
  sourcesOf(key: string): Array<{ id: string; meta: SourceMeta & { title: string } }> | undefined {
    const index = this.loaded.get(key)?.index;
    return index?.sources.map((s) => ({ id: s.id, meta: s.meta }));
  }

  /** Rebuilds every loaded corpus from disk. */
  reindexAll(): void {
    for (const entry of this.loaded.values()) void this.reload(entry);
  }

  /**
   * The checker's corpus-wide work ahead of need (Checker.warmUp), one small slice per turn of the
   * event loop, so that checks and other requests go between slices; it stops when the corpus is
   * replaced or closed. A failure is logged and costs nothing but the head start.
   */
  private warmUp(entry: Loaded, checker: Checker, finish?: () => Generator<void, void>): void {
    entry.warming = checker;
    // First the persisted index's arrays the first checks did not read (then its file is closed:
    // this goes on even when the corpus is replaced meanwhile), then the checks' own preparation.
    const reading = finish?.();
    let read = !reading;
    const steps = checker.warmUp();
    const started = Date.now();
    let slices = 0;
    this.inIdle(() => {
      const current = entry.warming === checker && this.loaded.get(entry.key) === entry;
      if (!current && read) return false;
      slices++;
      try {
        if (!read) read = !!reading!.next().done;
        else if (steps.next().done) {
          entry.warming = undefined;
          this.host.log(`Corroborate: corpus prepared ahead of checks (${slices} slices, ${Date.now() - started} ms after loading)`);
          return false;
        }
        return true;
      } catch (e) {
        if (entry.warming === checker) entry.warming = undefined;
        if (e instanceof IndexCacheCorrupt) this.corrupt(e);
        else this.host.log(`Corroborate: preparing the corpus ahead of checks failed (checks are unaffected): ${(e as Error).message}`);
        return false;
      }
    });
  }

  /** The rest of a persisted index read in idle slices, its file then closed (an index built and not used: superseded). */
  private finishInIdle(finish: () => Generator<void, void>): void {
    const reading = finish();
    this.inIdle(() => {
      try {
        return !reading.next().done;
      } catch (e) {
        if (e instanceof IndexCacheCorrupt) this.corrupt(e);
        return false;
      }
    });
  }

  /**
   * Runs `slice` once a turn of the event loop while it returns true; a document waiting for its
   * diagnostics goes first: no slice runs while a check is scheduled or running.
   */
  private inIdle(slice: () => boolean): void {
    const turn = () => {
      if (this.checking > 0) {
        this.afterChecks.push(turn);
        return;
      }
      if (slice()) setImmediate(turn);
    };
    setImmediate(turn);
  }

  /** Cache files found corrupt after loading: the next build of each corpus does without them (and writes them again). */
  private readonly distrusted = new Set<string>();

  /**
   * A part of a persisted index read lazily failed its checks (while checking or reading the rest
   * in idle time): nothing built from it is used again; every corpus is loaded again, the one from
   * that file rebuilt from its sources, and the documents are checked again (`changed`).
   */
  corrupt(e: IndexCacheCorrupt): void {
    if (this.distrusted.has(e.file)) return; // a rebuild without it is on its way
    this.distrusted.add(e.file);
    this.host.log(`Corroborate: ${e.file}: index cache not used (${e.reason}); rebuilding`);
    for (const entry of this.loaded.values()) {
      entry.warming = undefined;
      void this.reload(entry);
    }
  }

  /** Checks running or scheduled (the server counts them, `checkStarted`/`checkEnded`). */
  private checking = 0;
  /** Warm-up slices waiting for the checks to end. */
  private afterChecks: (() => void)[] = [];

  /** A check of a document is scheduled or running: warm-up slices wait until every one has ended. */
  checkStarted(): void {
    this.checking++;
  }

  checkEnded(): void {
    if (--this.checking > 0) return;
    this.checking = 0;
    const waiting = this.afterChecks;
    this.afterChecks = [];
    for (const f of waiting) setImmediate(f);
  }

  dispose(): void {
    for (const e of this.loaded.values()) {
      e.warming = undefined;
      e.watchers.forEach((w) => w.close());
      if (e.reloadTimer) clearTimeout(e.reloadTimer);
      if (e.retryTimer) clearTimeout(e.retryTimer);
      if (e.pollTimer) clearTimeout(e.pollTimer);
    }
    this.loaded.clear();
  }

  private async build(entry: Loaded): Promise<Built> {
    const paths = entry.paths;
    const started = Date.now();
    const progress = this.host.progress?.('Corroborate: indexing sources', paths);
    const distrust = [...this.distrusted];
    try {
      const loaded = await loadIndex(paths, {
        cacheDir: this.cacheDir,
        tool: 'server',
        // Every corpus, as the CLI: preparing even the bundled five sources (their dates above all)
        // costs more than reading their persisted index, and findings are kept only with one.
        minFiles: 1,
        limits: entry.limits,
        formats: entry.formats,
        // The first checks read the arrays they need, each checked as it is read; the rest is
        // read in idle time (warmUp). A part that fails throws IndexCacheCorrupt: see corrupt().
        lazy: true,
        distrust,
        racyMs: racyMsOf(process.env),
        onProgress: (p) => {
          // Reading (stat, and read what changed) is the first 30 %, indexing the rest.
          const part = p.total ? p.done / p.total : 1;
          const pct = p.phase === 'reading' ? 30 * part : 30 + 70 * part;
          progress?.report(Math.floor(pct), `${p.phase} ${grouped(p.done)} of ${grouped(p.total)} sources`, { phase: p.phase, done: p.done, total: p.total });
        },
      });
      for (const w of loaded.warnings) this.host.log(`Corroborate: ${w}`);
      // Skipped entries: each in the log (above), and one summary for the user per distinct set.
      const skipped = loaded.warnings.filter((w) => w.includes(': skipped: '));
      const summary = `skipped:${entry.key}:${skipped.join('\n')}`;
      if (skipped.length && !this.reported.has(summary)) {
        this.reported.add(summary);
        this.host.warnUser(`Corroborate: ${skipped.length} corpus ${skipped.length === 1 ? 'entry was' : 'entries were'} skipped (see the Corroborate log for each and why).`);
      }
      for (const r of loaded.refused) {
        const message = `Corroborate: the corpus folder “${r.path}” is not indexed: ${r.reason}.`;
        this.host.log(message);
        if (!this.reported.has(`refused:${r.path}:${r.reason}`)) {
          this.reported.add(`refused:${r.path}:${r.reason}`);
          this.host.warnUser(message);
        }
      }
      entry.read = paths.filter((p) => !loaded.missing.includes(p) && !loaded.refused.some((r) => r.path === p));
      for (const m of loaded.missing) {
        this.host.log(`Corroborate: corpus folder not found: ${m}`);
        if (!this.reportedMissing.has(m)) {
          this.reportedMissing.add(m);
          this.host.warnUser(`Corroborate: the corpus folder “${m}” does not exist; checking against the other sources.`);
        }
      }
      const { stats } = loaded;
      const how = stats.cache === 'disabled' ? '' : ` (index cache: ${stats.cache}; ${stats.reused} reused, ${stats.prepared} read, ${stats.removed} removed)`;
      this.host.log(`Corroborate: indexed ${loaded.index.sources.length} sources from ${paths.join(', ') || '(none)'} in ${Date.now() - started} ms${how}`);
      // Rebuilt and written again: the files are trusted again.
      for (const f of distrust) this.distrusted.delete(f);
      let index = loaded.index;
      if (entry.database) index = await this.withDatabase(entry, index);
      const kept = !entry.database && loaded.identity && this.cacheDir !== undefined ? new ResultCache(this.cacheDir, loaded.identity) : undefined;
      return { checker: createCheckerFromIndex(index), index, finish: loaded.finishReading, kept };
    } finally {
      progress?.done();
    }
  }

  /**
   * The index with the entry's PostgreSQL archive added. When the archive cannot be read the user
   * is told (once per reason), the other sources go on being used, and the corpus is loaded again
   * after DATABASE_RETRY_MS (or at "Reindex sources"): a database back up is picked up without a restart.
   */
  private async withDatabase(entry: Loaded, index: CorpusIndex): Promise<CorpusIndex> {
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    if (entry.pollTimer) clearTimeout(entry.pollTimer);
    entry.pollTimer = undefined;
    const got = await indexWithDatabase(index, entry.database, { cacheDir: this.cacheDir, tool: 'server' });
    if ('index' in got) {
      this.poll(entry, got.loaded.archive);
      const back = [...this.reported].some((r) => r.startsWith(`database:${entry.key}:`));
      if (back) this.host.warnUser('Corroborate: the source archive in the database is back; checking against it again.');
      const { stats } = got.loaded;
      for (const w of got.loaded.warnings) this.host.log(`Corroborate: ${w}`);
      const how = stats.cache === 'disabled' ? '' : ` (index cache: ${stats.cache}; ${stats.reused} reused, ${stats.prepared} read, ${stats.removed} removed)`;
      this.host.log(`Corroborate: added ${got.index.sources.length - index.sources.length} sources from the database archive in ${stats.ms.total} ms${how}`);
      for (const r of [...this.reported]) if (r.startsWith(`database:${entry.key}:`)) this.reported.delete(r);
      return got.index;
    }
    const message = `Corroborate: the source archive in the database is not used: ${databaseError(got.error)} Checking against the other sources; trying again in ${DATABASE_RETRY_MS / 1000} s.`;
    this.host.log(message);
    if (!this.reported.has(`database:${entry.key}:${got.error}`)) {
      this.reported.add(`database:${entry.key}:${got.error}`);
      this.host.warnUser(message);
    }
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (this.loaded.get(entry.key) === entry) void this.reload(entry);
    }, DATABASE_RETRY_MS);
    entry.retryTimer.unref?.();
    return index;
  }

  /**
   * Looks at the archive's fingerprint every DATABASE_RETRY_MS while it is in use: changed (an
   * import) or unreadable (the database stopped or restarted) reloads the corpus, which picks up
   * the new rows, or says the archive is not used and retries until it is back.
   */
  private poll(entry: Loaded, loaded: string): void {
    entry.pollTimer = setTimeout(async () => {
      entry.pollTimer = undefined;
      if (this.loaded.get(entry.key) !== entry) return;
      let now: string | undefined;
      try {
        now = await archiveFingerprint(entry.database);
      } catch {
        now = undefined;
      }
      if (this.loaded.get(entry.key) !== entry || entry.pollTimer || entry.retryTimer) return;
      if (now === loaded) this.poll(entry, loaded);
      else {
        this.host.log(now === undefined ? 'Corroborate: the database archive cannot be read; reloading the corpus' : 'Corroborate: the database archive changed; reloading the corpus');
        void this.reload(entry);
      }
    }, DATABASE_RETRY_MS);
    entry.pollTimer.unref?.();
  }

  private async reload(entry: Loaded): Promise<void> {
    const generation = ++entry.generation;
    let built: Built;
    try {
      built = await this.build(entry);
    } catch (e) {
      this.host.log(`Corroborate: reindexing ${entry.paths.join(', ')} failed: ${(e as Error).message}`);
      return;
    }
    if (generation !== entry.generation || this.loaded.get(entry.key) !== entry) {
      // Superseded: its file is still read to the end and closed, in idle time.
      if (built.finish) this.finishInIdle(built.finish);
      return;
    }
    entry.checker = Promise.resolve(built.checker);
    entry.index = built.index;
    entry.kept = built.kept;
    this.warmUp(entry, built.checker, built.finish);
    entry.watchers.forEach((w) => w.close());
    entry.watchers = [];
    this.watch(entry);
    this.host.changed(entry.key);
  }

  private watch(entry: Loaded): void {
    if (!entry.watch) return;
    // Only what was read: never a refused folder (a watch on / would follow the whole disk).
    for (const p of entry.read) {
      try {
        const w = fs.watch(p, { recursive: true, persistent: false }, () => {
          if (entry.reloadTimer) clearTimeout(entry.reloadTimer);
          entry.reloadTimer = setTimeout(() => {
            entry.reloadTimer = undefined;
            if (this.loaded.get(entry.key) === entry) void this.reload(entry);
          }, this.reloadDelayMs);
        });
        w.on('error', (err) => this.host.log(`Corroborate: stopped watching ${p}: ${err.message}`));
        entry.watchers.push(w);
      } catch {
        // A missing folder is reported by build(); nothing to watch.
      }
    }
  }
}
