// Reads folders of source articles from disk for the adapters (language server, CLI, tools).
// Bad files never stop the rest: each is skipped with a reason the adapter reports.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SourceInput } from '../core/types';
import { extractHtml, HTML_EXTENSIONS } from './formats/html';
import { ARCHIVE_EXTENSIONS, archiveMembers, isArchiveFile, parseArticleLine, parseMemberId, readMemberBytes } from './formats/jsonl';

/** Plain sources (their text is the file's), web pages (the article extracted), JSON Lines archives (an article a line). */
export const SOURCE_EXTENSIONS = ['.md', '.markdown', '.txt', ...HTML_EXTENSIONS, ...ARCHIVE_EXTENSIONS];

import type { FormatOptions } from './formats/options';
export type { FormatOptions } from './formats/options';

/**
 * Whether a source's text is its file's text, so that editors can open the file itself at a
 * passage. Web pages (extracted text) and lines of archives are shown as virtual documents.
 */
export function isPlainSourceFile(id: string): boolean {
  return /\.(md|markdown|txt)$/i.test(id);
}

/** The file whose stamp (size, times, inode) stands for a source's: the archive of an archive's line. */
export function stampPath(id: string): string {
  return parseMemberId(id)?.archive ?? id;
}

/**
 * What a source's content hash covers: its text, and for formats whose metadata is not in the
 * text (web pages, archives) that metadata too, so a changed headline is a changed source.
 * Plain files hash their text alone (as before).
 */
export function hashedContent(input: SourceInput): string {
  return input.meta && Object.keys(input.meta).length ? `${input.text}\u0000${JSON.stringify(input.meta)}` : input.text;
}
/** Larger files are not articles; they are skipped with a warning. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

export interface CorpusRead {
  inputs: SourceInput[];
  /** One line per skipped file: path and reason. */
  warnings: string[];
  /** Folders that do not exist or cannot be read. */
  missing: string[];
  /** Folders not read at all (system folders, too large), with the reason. */
  refused: Refused[];
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

/** Reads one source: a file (opened once: its size and kind come from the open file), or a line of an archive. */
export function readSourceFile(file: string, formats: FormatOptions = {}): { input: SourceInput } | { reason: string } {
  const member = parseMemberId(file);
  if (member) return readArchiveLine(file, member.archive, member.line, formats);
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
  const html = /\.html?$/i.test(file);
  const decoded = html ? decodeHtml(buf) : decodeText(buf);
  if ('reason' in decoded) return decoded;
  const id = path.resolve(file);
  const fallbackTitle = path.basename(file).replace(/\.[^.]+$/, '');
  if (!html) return { input: { id, text: decoded.text, fallbackTitle } };
  let page: ReturnType<typeof extractHtml>;
  try {
    page = extractHtml(decoded.text);
  } catch (e) {
    return { reason: `the page could not be read (${(e as Error).message})` };
  }
  if (!page.text.trim()) return { reason: 'no article text found in the page' };
  return { input: { id, text: page.text, meta: page.meta, fallbackTitle } };
}

/**
 * A web page's text: UTF-8, else the encoding its `<meta charset>` (or http-equiv content type)
 * names in its first 1,024 bytes, when Node knows it.
 */
function decodeHtml(buf: Buffer): { text: string } | { reason: string } {
  const utf8Text = decodeText(buf);
  if ('text' in utf8Text) return utf8Text;
  const head = buf.subarray(0, 1024).toString('latin1');
  const label = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (!label || /^utf-?8$/i.test(label)) return utf8Text;
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return { reason: `not UTF-8 text, and its encoding (${label}) is not known` };
  }
  const text = decoder.decode(buf);
  // Node 20 decodes windows-1252 (also what latin1 and ascii labels mean on the web) as
  // ISO-8859-1: its 0x80–0x9F (curly quotes, dashes, €) are mapped here.
  return { text: decoder.encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c: string) => WINDOWS_1252[c.charCodeAt(0) - 0x80] || c) : text };
}

const WINDOWS_1252 = '\u20ac\u0000\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u0000\u017d\u0000\u0000\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u0000\u017e\u0178'
  .split('')
  .map((c) => (c === '\u0000' ? '' : c));

/** One line of a JSON Lines archive as a source (its id: ARCHIVE:LINE). */
function readArchiveLine(id: string, archive: string, line: number, formats: FormatOptions): { input: SourceInput } | { reason: string } {
  const got = readMemberBytes(archive, line, MAX_SOURCE_BYTES);
  if ('reason' in got) return got;
  const decoded = decodeText(got.bytes);
  if ('reason' in decoded) return decoded;
  const article = parseArticleLine(decoded.text, formats.fields);
  if ('reason' in article) return article;
  const meta = article.ref ? { ...article.meta, ref: article.ref } : article.meta;
  return { input: { id, text: article.text, meta, fallbackTitle: `${path.basename(archive)} line ${line}` } };
}

/** What a corpus folder may hold at most before it is refused (per folder; settings can raise it). */
export interface CorpusLimits {
  maxFiles: number;
  maxBytes: number;
}
export const DEFAULT_CORPUS_LIMITS: CorpusLimits = { maxFiles: 50_000, maxBytes: 1 << 30 };
/** Folders deeper than this below a corpus folder are not read (with a warning). */
export const MAX_DEPTH = 20;
/** Entries looked at in one corpus folder before the walk gives up (a tree of mostly other files). */
const MAX_ENTRIES = 1_000_000;

/** Folders that are never a corpus: the file system's root, system folders, home folders themselves. */
function systemFolder(real: string): boolean {
  const home = os.homedir();
  const system = ['/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var', '/Users', '/System', '/Library'];
  return system.includes(real) || (home !== '' && real === path.resolve(home)) || /^[A-Za-z]:\\?$/.test(real);
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** What a file that is neither a regular file nor a folder is, in words. */
function kindOf(st: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  return st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isBlockDevice() || st.isCharacterDevice() ? 'a device' : 'not a regular file';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How a file was on disk: size, times and inode (indexCache/stamps.ts: how a file is recognised as unchanged). */
export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function stampOf(st: fs.Stats | undefined): Stamp | undefined {
  return st && { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

interface Walk {
  files: string[];
  /** Each file's stamp as the walk saw it (an archive's members share the archive's). */
  stamps: Map<string, Stamp>;
  warnings: string[];
  bytes: number;
  entries: number;
  /** Real paths of the folders listed (a symbolic link back to one is a loop). */
  visited: Set<string>;
  limits: CorpusLimits;
  /** Why the walk stopped early: the folder is refused. */
  over?: string;
}

/** A folder's entries with their names, those whose names are not valid UTF-8 left out (with a warning). */
function namedEntries(dir: string, prefix: string, w: Walk): { name: string; e: fs.Dirent<string | Buffer> }[] {
  // Names decoded by Node are right unless one was not valid UTF-8 (its bad bytes are then
  // U+FFFD): only a folder with such a name is listed again as bytes and checked name by name.
  const decoded = fs.readdirSync(dir, { withFileTypes: true });
  if (!decoded.some((e) => e.name.includes('\uFFFD'))) return decoded.map((e) => ({ name: e.name, e }));
  const named: { name: string; e: fs.Dirent<Buffer> }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) {
    let name: string;
    try {
      name = utf8.decode(e.name);
    } catch {
      w.warnings.push(`${prefix}${e.name.toString('utf8')}: skipped: the file name is not valid UTF-8`);
      continue;
    }
    named.push({ name, e });
  }
  return named;
}

function walk(dir: string, w: Walk, depth: number): void {
  // `dir` is absolute and normalised (see listSourceFiles), so joining is concatenating.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  let named: { name: string; e: fs.Dirent<string | Buffer> }[];
  try {
    named = namedEntries(dir, prefix, w);
  } catch (e) {
    w.warnings.push(`${dir}: skipped: unreadable folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return;
  }
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, e } of named) {
    if (w.over) return;
    if (++w.entries > MAX_ENTRIES) {
      w.over = `more than ${MAX_ENTRIES.toLocaleString('en')} entries to look through`;
      return;
    }
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = prefix + name;
    let folder = e.isDirectory();
    let file = e.isFile();
    let size = -1;
    /** A symbolic link's target, looked at. */
    let linked: fs.Stats | undefined;
    if (e.isSymbolicLink()) {
      let st: fs.Stats | undefined;
      try {
        st = linked = fs.statSync(full);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        w.warnings.push(`${full}: skipped: ${code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'dangling symbolic link' : `unreadable symbolic link (${code})`}`);
        continue;
      }
      folder = st.isDirectory();
      file = st.isFile();
      size = st.size;
      if (!folder && !file) {
        w.warnings.push(`${full}: skipped: ${kindOf(st)}`);
        continue;
      }
    } else if (!folder && !file) {
      w.warnings.push(`${full}: skipped: ${kindOf(e)}`);
      continue;
    }
    if (folder) {
      if (depth + 1 > MAX_DEPTH) {
        w.warnings.push(`${full}: skipped: more than ${MAX_DEPTH} folders deep below the corpus folder`);
        continue;
      }
      let real: string;
      try {
        real = fs.realpathSync(full);
      } catch (err) {
        w.warnings.push(`${full}: skipped: unreadable folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        continue;
      }
      if (w.visited.has(real)) {
        w.warnings.push(`${full}: skipped: symbolic link loop (a folder already read: ${real})`);
        continue;
      }
      w.visited.add(real);
      walk(full, w, depth + 1);
      continue;
    }
    if (!isSourceFile(name)) continue;
    let st: fs.Stats | undefined = linked;
    if (!st) st = fs.statSync(full, { throwIfNoEntry: false });
    if (size < 0) size = st?.size ?? 0;
    const stamp = stampOf(st);
    if (isArchiveFile(name)) {
      // An archive's lines are its sources (each counts against the limit on files).
      const members = archiveMembers(full);
      if ('reason' in members) {
        w.warnings.push(`${full}: skipped: ${members.reason}`);
        continue;
      }
      for (const id of members.ids) {
        w.files.push(id);
        if (stamp) w.stamps.set(id, stamp);
      }
    } else {
      w.files.push(full);
      if (stamp) w.stamps.set(full, stamp);
    }
    w.bytes += size;
    if (w.files.length > w.limits.maxFiles) w.over = `more than ${w.limits.maxFiles.toLocaleString('en')} source files`;
    else if (w.bytes > w.limits.maxBytes) w.over = `more than ${(w.limits.maxBytes / (1 << 20)).toLocaleString('en')} MiB of sources`;
  }
}

/** A corpus path that is not read, and why. */
export interface Refused {
  path: string;
  reason: string;
}

/**
 * Every source file under the given folders (a path may also name a single source file). Skipped
 * entries come back as warnings with their reason; folders that are system folders, or hold more
 * than the limits allow, are refused whole.
 */
export function listSourceFiles(
  paths: readonly string[],
  limits: CorpusLimits = DEFAULT_CORPUS_LIMITS,
): { files: string[]; stamps: Map<string, Stamp>; warnings: string[]; missing: string[]; refused: Refused[] } {
  const files: string[] = [];
  const stamps = new Map<string, Stamp>();
  const warnings: string[] = [];
  const missing: string[] = [];
  const refused: Refused[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else warnings.push(`${p}: skipped: ${code === 'ELOOP' ? 'symbolic link loop' : `unreadable (${code ?? String(e)})`}`);
      continue;
    }
    if (stat.isDirectory()) {
      let real: string;
      try {
        real = fs.realpathSync(p);
      } catch (e) {
        warnings.push(`${p}: skipped: unreadable folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        continue;
      }
      if (systemFolder(real)) {
        refused.push({ path: p, reason: 'a system or home folder is never a corpus; name the folder of sources inside it' });
        continue;
      }
      const w: Walk = { files: [], stamps, warnings: [], bytes: 0, entries: 0, visited: new Set([real]), limits };
      walk(path.resolve(p), w, 0);
      if (w.over) {
        refused.push({ path: p, reason: `it holds ${w.over} (the limit can be raised in the settings)` });
        continue;
      }
      // One at a time: a folder may hold more files than a call takes arguments.
      for (const f of w.files) files.push(f);
      for (const x of w.warnings) warnings.push(x);
    } else if (stat.isFile()) {
      if (isArchiveFile(p)) {
        const members = archiveMembers(path.resolve(p));
        if ('reason' in members) warnings.push(`${p}: skipped: ${members.reason}`);
        else
          for (const id of members.ids) {
            files.push(id);
            stamps.set(id, stampOf(stat)!);
          }
      } else if (isSourceFile(p)) {
        files.push(path.resolve(p));
        stamps.set(path.resolve(p), stampOf(stat)!);
      }
      else warnings.push(`${p}: skipped: not a source file (${SOURCE_EXTENSIONS.join(', ')})`);
    } else warnings.push(`${p}: skipped: ${kindOf(stat)}, not a file or folder`);
  }
  return { files: [...new Set(files)], stamps, warnings, missing, refused };
}

export function readCorpus(paths: readonly string[], limits?: CorpusLimits, formats?: FormatOptions): CorpusRead {
  const { files, warnings, missing, refused } = listSourceFiles(paths, limits);
  const inputs: SourceInput[] = [];
  for (const f of files) {
    const r = readSourceFile(f, formats);
    if ('input' in r) inputs.push(r.input);
    else warnings.push(`${f}: skipped: ${r.reason}`);
  }
  return { inputs, warnings, missing, refused };
}

/** The corpus shipped with Corroborate, beside the bundles (dist/../corpus). */
export function bundledCorpusDir(bundleDir: string): string {
  return path.resolve(bundleDir, '..', 'corpus');
}
