// Loads a bundle (dist/cli.js, dist/server.js) through V8's code cache. Node 20 compiles a
// 2.6 MB bundle from source at every start, and compiles each function again on its first
// call; a cache made at the end of a run holds the compiled code of everything the run used,
// so the next start deserialises it instead. Measured on the README's main command: ~75 ms of
// a ~0.33 s run (ARCHITECTURE.md, Speed). A cache made right after compiling (what Node 22's
// module.enableCompileCache and the v8-compile-cache package do) saves almost nothing here:
// it holds only the top level.
//
// This file is its own small bundle (scripts/build.mjs), loaded before the big one. The cache is
// an optimisation only: a missing, stale, corrupt or unwritable cache means compiling from
// source, never a failure. Each file is keyed by the bundle's path, size and time and by the
// Node and V8 versions; its first 32 bytes are the SHA-256 of the rest, checked before V8 sees
// it (V8's own check of cached data is a sanity check, not a checksum). Written once, when
// there was none or V8 rejected it, atomically (a temporary file renamed), at the process's exit.
import * as crypto from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { defaultCacheDir, makeFolders } from '../node/folders';

const DIGEST = 32;

/**
 * A process event a long-lived bundle emits once it has done its first real work (the language
 * server: its first diagnostics), so that the cache is written then: an editor may end the server
 * with a signal, and then no exit handler runs.
 */
export const WARM_EVENT = 'corroborate:code-warm';

/** What a loaded bundle exports, and how the cache was used (for tests). */
export interface Loaded {
  exports: unknown;
  /** used: compiled code read from the cache; compiled: from source (a cache is written at exit); off: plain require. */
  cache: 'used' | 'compiled' | 'off';
}

const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * The cache folder for code: `code/` in the folder of the persisted indexes (the CLI's
 * `--cache-dir`, else $XDG_CACHE_HOME/corroborate or ~/.cache/corroborate); none with `--no-cache`
 * or CORROBORATE_CODE_CACHE=0.
 */
export function codeCacheDir(argv: readonly string[], env: NodeJS.ProcessEnv, home: string): string | undefined {
  if (env.CORROBORATE_CODE_CACHE === '0') return undefined;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--no-cache') return undefined;
    if (a === '--cache-dir' && argv[i + 1] !== undefined) dir = argv[++i];
    else if (a.startsWith('--cache-dir=')) dir = a.slice('--cache-dir='.length);
  }
  if (!dir) dir = defaultCacheDir(env, home);
  return path.join(path.resolve(dir), 'code');
}

function readVerified(file: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= DIGEST) return undefined;
  const body = data.subarray(DIGEST);
  const digest = crypto.createHash('sha256').update(body).digest();
  return digest.equals(data.subarray(0, DIGEST)) ? body : undefined;
}

function write(dir: string, file: string, prefix: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    makeFolders(dir); // not Node's recursive mkdir: it loops forever under /proc
    const digest = crypto.createHash('sha256').update(data).digest();
    fs.writeFileSync(tmp, Buffer.concat([digest, data]));
    fs.renameSync(tmp, file);
    // The caches of earlier builds of the same bundle at the same place are of no more use.
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && path.join(dir, name) !== file && name.endsWith('.v8')) fs.rmSync(path.join(dir, name), { force: true });
    }
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do: the cache is an optimisation
    }
    return false;
  }
}

/** Loads CommonJS file `bundle` as `require` would, through the code cache in `dir` (none: plain require). */
export function loadBundle(bundle: string, dir: string | undefined): Loaded {
  const file = path.resolve(bundle);
  if (!dir) return { exports: require(file), cache: 'off' };
  let code: string;
  let stat: fs.Stats;
  try {
    code = fs.readFileSync(file, 'utf8');
    stat = fs.statSync(file);
  } catch {
    return { exports: require(file), cache: 'off' };
  }
  const prefix = `${path.basename(file, '.js')}-${hash(file)}-`;
  const cacheFile = path.join(dir, `${prefix}${hash([stat.size, stat.mtimeMs, process.version, process.arch, process.versions.v8].join('|'))}.v8`);
  const cached = readVerified(cacheFile);
  const script = new vm.Script(Module.wrap(code), { filename: file, cachedData: cached });
  const used = cached !== undefined && !script.cachedDataRejected;
  // The module as require would make it: its own require (resolving from its folder), in the cache.
  const M = Module as unknown as { new (id: string, parent?: unknown): NodeModule; _nodeModulePaths(dir: string): string[]; _cache: Record<string, NodeModule> };
  const mod = new M(file, module);
  mod.filename = file;
  mod.paths = M._nodeModulePaths(path.dirname(file));
  M._cache[file] = mod;
  const req = Module.createRequire(file);
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: NodeModule, filename: string, dirname: string) => void;
  try {
    run.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  } catch (e) {
    delete M._cache[file];
    throw e;
  }
  (mod as { loaded: boolean }).loaded = true;
  if (used) return { exports: mod.exports, cache: 'used' };
  // Made at exit, or when the bundle says it is warm: by then the run has compiled what it uses.
  let written = false;
  const writeOnce = () => {
    if (written) return;
    written = true;
    // In an exit handler nothing may throw: it would change the process's exit code.
    let data: Buffer;
    try {
      data = script.createCachedData();
    } catch {
      return;
    }
    write(dir, cacheFile, prefix, data);
  };
  process.once('exit', writeOnce);
  (process as NodeJS.EventEmitter).once(WARM_EVENT, writeOnce);
  return { exports: mod.exports, cache: 'compiled' };
}
