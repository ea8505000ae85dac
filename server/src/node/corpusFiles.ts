// Reads folders of source articles from disk for the adapters (language server, CLI, tools).
// Bad files never stop the rest: each is skipped with a reason the adapter reports.
import * as fs from 'fs';
import * as path from 'path';
import type { SourceInput } from '../core/types';

export const SOURCE_EXTENSIONS = ['.md', '.markdown', '.txt'];
/** Larger files are not articles; they are skipped with a warning. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

export interface CorpusRead {
  inputs: SourceInput[];
  /** One line per skipped file: path and reason. */
  warnings: string[];
  /** Folders that do not exist or cannot be read. */
  missing: string[];
}

/** Decodes a file as UTF-8 text, or says why it is not text. */
export function decodeText(buf: Buffer): { text: string } | { reason: string } {
  if (buf.includes(0)) return { reason: 'binary file (contains NUL bytes)' };
  const text = buf.toString('utf8');
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  if (bad > 0 && bad / Math.max(1, text.length) > 0.01) return { reason: 'not UTF-8 text' };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Reads one source file (opened once: its size and kind come from the open file). */
export function readSourceFile(file: string): { input: SourceInput } | { reason: string } {
  let fd: number;
  try {
    // Non-blocking, so that a named pipe where a file was expected does not hang the open.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' || code === 'ENOTDIR' ? code : `unreadable (${code ?? String(e)})` };
  }
  let buf: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { reason: 'not a regular file' };
    if (stat.size > MAX_SOURCE_BYTES) return { reason: `too large (${stat.size} bytes; the limit is ${MAX_SOURCE_BYTES})` };
    buf = Buffer.allocUnsafe(stat.size);
    let done = 0;
    while (done < buf.length) {
      const n = fs.readSync(fd, buf, done, buf.length - done, done);
      if (n === 0) break;
      done += n;
    }
    if (done < buf.length) buf = buf.subarray(0, done);
  } catch (e) {
    return { reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  } finally {
    fs.closeSync(fd);
  }
  const decoded = decodeText(buf);
  if ('reason' in decoded) return decoded;
  return { input: { id: path.resolve(file), text: decoded.text, fallbackTitle: path.basename(file).replace(/\.[^.]+$/, '') } };
}

function listFiles(dir: string, out: string[], warnings: string[], depth = 0): void {
  if (depth > 20) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    warnings.push(`${dir}: unreadable folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // `dir` is absolute and normalised (see listSourceFiles), so joining is concatenating.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = prefix + e.name;
    if (e.isDirectory()) listFiles(full, out, warnings, depth + 1);
    else if (e.isFile() && SOURCE_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(full);
  }
}

/** Every source file under the given folders (a path may also name a single file). */
export function listSourceFiles(paths: readonly string[]): { files: string[]; warnings: string[]; missing: string[] } {
  const files: string[] = [];
  const warnings: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) listFiles(path.resolve(p), files, warnings);
    else if (stat.isFile()) files.push(path.resolve(p));
    else missing.push(p);
  }
  return { files: [...new Set(files)], warnings, missing };
}

export function readCorpus(paths: readonly string[]): CorpusRead {
  const { files, warnings, missing } = listSourceFiles(paths);
  const inputs: SourceInput[] = [];
  for (const f of files) {
    const r = readSourceFile(f);
    if ('input' in r) inputs.push(r.input);
    else warnings.push(`${f}: skipped: ${r.reason}`);
  }
  return { inputs, warnings, missing };
}

/** The corpus shipped with Corroborate, beside the bundles (dist/../corpus). */
export function bundledCorpusDir(bundleDir: string): string {
  return path.resolve(bundleDir, '..', 'corpus');
}
