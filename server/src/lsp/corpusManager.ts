// Loads corpora from disk for the language server, one checker per distinct set of folders,
// and reloads a corpus when its files change. Reports bad files to the log and missing folders
// once with window/showMessage; the bundled corpus keeps working whatever happens to the rest.
import * as fs from 'fs';
import { createChecker, type Checker } from '../core/index';
import { readCorpus } from '../node/corpusFiles';

export interface CorpusHost {
  log(message: string): void;
  warnUser(message: string): void;
  /** Called when a corpus was rebuilt (documents using it must be checked again). */
  changed(key: string): void;
}

interface Loaded {
  key: string;
  paths: string[];
  checker: Checker;
  watchers: fs.FSWatcher[];
  watch: boolean;
  reloadTimer?: NodeJS.Timeout;
}

export class CorpusManager {
  private readonly loaded = new Map<string, Loaded>();
  private readonly reportedMissing = new Set<string>();

  constructor(private readonly host: CorpusHost, private readonly reloadDelayMs = 300) {}

  static key(paths: readonly string[]): string {
    return JSON.stringify([...paths].sort());
  }

  /** The checker for a set of folders; `watch` follows changes on disk (otherwise: reindex). */
  get(paths: readonly string[], watch = true): Checker {
    const key = CorpusManager.key(paths) + (watch ? '' : ':unwatched');
    let entry = this.loaded.get(key);
    if (!entry) {
      entry = { key, paths: [...paths], checker: this.build(paths), watchers: [], watch };
      this.loaded.set(key, entry);
      this.watch(entry);
    }
    return entry.checker;
  }

  /** Rebuilds every loaded corpus from disk. */
  reindexAll(): void {
    for (const entry of this.loaded.values()) this.reload(entry);
  }

  dispose(): void {
    for (const e of this.loaded.values()) {
      e.watchers.forEach((w) => w.close());
      if (e.reloadTimer) clearTimeout(e.reloadTimer);
    }
    this.loaded.clear();
  }

  private build(paths: readonly string[]): Checker {
    const read = readCorpus(paths);
    for (const w of read.warnings) this.host.log(`Corroborate: ${w}`);
    for (const m of read.missing) {
      this.host.log(`Corroborate: corpus folder not found: ${m}`);
      if (!this.reportedMissing.has(m)) {
        this.reportedMissing.add(m);
        this.host.warnUser(`Corroborate: the corpus folder “${m}” does not exist; checking against the other sources.`);
      }
    }
    this.host.log(`Corroborate: indexed ${read.inputs.length} sources from ${paths.join(', ') || '(none)'}`);
    return createChecker(read.inputs);
  }

  private reload(entry: Loaded): void {
    entry.checker = this.build(entry.paths);
    entry.watchers.forEach((w) => w.close());
    entry.watchers = [];
    this.watch(entry);
    this.host.changed(entry.key);
  }

  private watch(entry: Loaded): void {
    if (!entry.watch) return;
    for (const p of entry.paths) {
      try {
        const w = fs.watch(p, { recursive: true, persistent: false }, () => {
          if (entry.reloadTimer) clearTimeout(entry.reloadTimer);
          entry.reloadTimer = setTimeout(() => {
            entry.reloadTimer = undefined;
            if (this.loaded.get(entry.key) === entry) this.reload(entry);
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
