// What loading a corpus index takes and gives (node/indexCache.ts).
import type { CorpusIndex } from '../../core/corpus/index';
import type { CorpusLimits, FormatOptions, Refused } from '../corpusFiles';
import type { Entry } from './write';

export interface IndexProgress {
  /** Reading (and hashing) files, then indexing the ones not taken from the cache. */
  phase: 'reading' | 'indexing';
  /** Files looked at so far in this phase, of `total`. */
  done: number;
  total: number;
}

export interface LoadOptions {
  /** Where cache files live; undefined: no cache (read every file). */
  cacheDir?: string;
  /** What the cached arrays depend on; default: a hash of the running code. */
  fingerprint?: string;
  /** A name for the cache file, so tools that run different code keep their own. */
  tool?: string;
  /** Corpora with fewer files are read directly (reading them is as quick as the cache). */
  minFiles?: number;
  /** A file changed less than this before the cache was written is read again (default 2 s). */
  racyMs?: number;
  /** How much one corpus folder may hold before it is refused (default DEFAULT_CORPUS_LIMITS). */
  limits?: CorpusLimits;
  /** The cache folder's size cap in bytes (default DEFAULT_CACHE_MAX_BYTES); least recently used files go first. */
  cacheMaxBytes?: number;
  /** How web pages and archives are read (JSON Lines field names). */
  formats?: FormatOptions;
  /**
   * Read a persisted index's large arrays only when a check first uses them, each checked then
   * (the CLI: a check reads what it needs). A part that fails its checks then throws
   * IndexCacheCorrupt (indexCache/format.ts): the caller loads again with that file in `distrust`.
   */
  lazy?: boolean;
  /** Keep each source's entry (file, stamp, hash) with the loaded index (loadIndex: a part of several folders' combined index). */
  keepEntries?: boolean;
  /** Cache files not to read (found corrupt after loading): the index is rebuilt and the file written again. */
  distrust?: readonly string[];
  onProgress?(p: IndexProgress): void;
}

export type CacheOutcome = 'disabled' | 'absent' | 'hit' | 'updated' | 'rejected';

export interface LoadedIndex {
  index: CorpusIndex;
  /** One line per skipped file or cache problem. */
  warnings: string[];
  /** Folders that do not exist. */
  missing: string[];
  /** Folders not read at all (system folders, too large), with the reason. */
  refused: Refused[];
  /**
   * Read lazily (`LoadOptions.lazy`), the persisted arrays the index has not used yet: each step
   * reads and checks one (a part failing its checks throws IndexCacheCorrupt, as when a check
   * first uses it); at the end the cache file is closed and the index never reads it again.
   * Undefined when nothing is left open.
   */
  finishReading?: () => Generator<void, void>;
  /**
   * What the index is, when it was loaded unchanged from a persisted file or just written to one:
   * a hash of its sources' ids and content hashes in order (write.ts, indexIdentity; results
   * computed against it are kept under it: node/resultCache.ts). The same after the files are
   * stamped anew with the same content. Undefined for an index not persisted.
   */
  identity?: string;
  /** Each source's file as it is on disk now (kept when the index may be persisted with others: `LoadOptions.keepEntries`). */
  entries?: Entry[];
  stats: {
    cache: CacheOutcome;
    /** Why a cache file was rejected. */
    rejected?: string;
    /** Sources taken from the cache, read and prepared, dropped (removed from disk). */
    reused: number;
    prepared: number;
    removed: number;
    cacheFile?: string;
    /** Bytes of the cache file written or read. */
    cacheBytes?: number;
  };
}

export interface ParallelOptions {
  /** Workers to use at most (default: one per core, at most 4); 0 or 1: read in this thread. */
  workers?: number;
  /** Fewest files to read that warrant workers (default 400). */
  minFiles?: number;
  /** Files per piece of work handed to a worker (default 128). */
  piece?: number;
  /** The worker script (tests point it elsewhere to see a failing worker replaced). */
  script?: string;
  /** Fewest files for a helper thread to check the cache's checksum (default 2,000; only when the checksum is SHA-1, see FAST_SUM). */
  helperMinFiles?: number;
  /** A helper thread even when the checksum is CRC-32 (tests of the helper). */
  alwaysHelper?: boolean;
}
