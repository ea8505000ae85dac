// JSON Lines archives (.jsonl, .ndjson) as sources: one article per line.
//
// Each non-blank line is a source of its own, named `ARCHIVE:LINE` (the archive's absolute path,
// a colon, the one-based line number), so that a bad line is reported where it is and the rest
// loads, and the persisted index keeps each line as it keeps a file (stamped by the archive's
// stamp; read again, and re-prepared only if its content changed, when the archive changes).
// Lines are read by their byte range: an archive is scanned once for its line breaks (kept for
// the archive's current stamp), never held in memory whole.
import * as fs from 'fs';
import * as path from 'path';
import type { SourceMeta } from '../../core/types';
import type { ArchiveField, FieldMap } from './fields';
export { parseFieldMap, cleanFieldMap, fieldMapTag, ARCHIVE_FIELDS, type FieldMap, type ArchiveField } from './fields';

export const ARCHIVE_EXTENSIONS = ['.jsonl', '.ndjson'];

export function isArchiveFile(name: string): boolean {
  return ARCHIVE_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

const MEMBER = /^(.*\.(?:jsonl|ndjson)):(\d+)$/i;

/** The id of an archive's line. */
export function memberId(archive: string, line: number): string {
  return `${archive}:${line}`;
}

/** The archive and line an id names, if it names a line of an archive. */
export function parseMemberId(id: string): { archive: string; line: number } | undefined {
  // Most ids are plain paths, without the ':' a member's has (a quick answer for the listing's 20,000 files).
  if (id.indexOf(':') < 0) return undefined;
  const m = MEMBER.exec(id);
  return m ? { archive: m[1], line: Number(m[2]) } : undefined;
}

interface Lines {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Per non-blank line: its number, its first byte and the byte after its last (without \r\n). */
  numbers: Int32Array;
  starts: Float64Array;
  ends: Float64Array;
}

const CHUNK = 1 << 22;
/** Archives whose line tables are kept (the latest first). */
const KEPT = 4;
const tables = new Map<string, Lines>();

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

/** Scans an open archive for its lines. */
function scan(fd: number, st: fs.Stats): Lines {
  const numbers: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const buf = Buffer.allocUnsafe(CHUNK);
  let carryStart = 0; // file offset where the current line began
  let line = 1;
  let pos = 0; // file offset of buf[0]
  // A line that spans chunks is tested for blankness by what was seen of it.
  let blankSoFar = true;
  for (;;) {
    const n = fs.readSync(fd, buf, 0, CHUNK, pos);
    if (n === 0) break;
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, from);
      const to = nl < 0 || nl >= n ? n : nl;
      if (blankSoFar && !isBlank(buf, from, to)) blankSoFar = false;
      if (nl < 0 || nl >= n) break;
      const end = pos + nl;
      if (!blankSoFar) {
        numbers.push(line);
        starts.push(carryStart);
        ends.push(end > carryStart && buf[nl - 1] === 0x0d ? end - 1 : end);
      }
      line++;
      carryStart = end + 1;
      blankSoFar = true;
      from = nl + 1;
    }
    pos += n;
  }
  if (!blankSoFar && pos > carryStart) {
    numbers.push(line);
    starts.push(carryStart);
    ends.push(pos);
  }
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, numbers: Int32Array.from(numbers), starts: Float64Array.from(starts), ends: Float64Array.from(ends) };
}

/** The line table of an archive as it is now (scanned again when its stamp changed). */
function linesOf(archive: string, fd: number): Lines {
  const st = fs.fstatSync(fd);
  const known = tables.get(archive);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino) {
    tables.delete(archive);
    tables.set(archive, known);
    return known;
  }
  const lines = scan(fd, st);
  tables.set(archive, lines);
  while (tables.size > KEPT) tables.delete(tables.keys().next().value!);
  return lines;
}

function openArchive(archive: string): number {
  return fs.openSync(archive, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
}

/** The ids of an archive's non-blank lines, or why it cannot be read. */
export function archiveMembers(archive: string): { ids: string[] } | { reason: string } {
  let fd: number;
  try {
    fd = openArchive(archive);
  } catch (e) {
    return { reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return { reason: 'not a regular file' };
    const lines = linesOf(archive, fd);
    return { ids: Array.from(lines.numbers, (n) => memberId(archive, n)) };
  } catch (e) {
    return { reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes of one line of an archive, or why there are none. */
export function readMemberBytes(archive: string, line: number, maxBytes: number): { bytes: Buffer } | { reason: string } {
  let fd: number;
  try {
    fd = openArchive(archive);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' || code === 'ENOTDIR' ? code : `unreadable (${code ?? String(e)})` };
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return { reason: 'not a regular file' };
    const lines = linesOf(archive, fd);
    // Lines are in order: a binary search finds the number.
    let lo = 0;
    let hi = lines.numbers.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lines.numbers[mid] < line) lo = mid + 1;
      else hi = mid - 1;
    }
    if (lines.numbers[lo] !== line) return { reason: 'ENOENT' };
    const length = lines.ends[lo] - lines.starts[lo];
    if (length > maxBytes) return { reason: `too large (${length} bytes; the limit is ${maxBytes})` };
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, bytes, done, length - done, lines.starts[lo] + done);
      if (n === 0) break;
      done += n;
    }
    return { bytes: done < length ? bytes.subarray(0, done) : bytes };
  } catch (e) {
    return { reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  } finally {
    fs.closeSync(fd);
  }
}

function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  let v: unknown = o;
  for (const part of name.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\s+/g, ' ').trim();
  return s || undefined;
}

/** What one line holds: the article's text as stated (byte for byte), and its metadata; or why it is not an article. */
export function parseArticleLine(line: string, map: FieldMap = {}): { text: string; meta: SourceMeta; ref?: string } | { reason: string } {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (e) {
    return { reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return { reason: 'not a JSON object' };
  const rec = o as Record<string, unknown>;
  const name = (f: ArchiveField) => map[f] ?? f;
  const text = field(rec, name('text'));
  if (typeof text !== 'string') return { reason: `no article text (a string field “${name('text')}”)` };
  if (!text.trim()) return { reason: `the article text (“${name('text')}”) is empty` };
  const meta: SourceMeta = {};
  const title = str(field(rec, name('title')));
  if (title) meta.title = title;
  const outlet = str(field(rec, name('outlet')));
  if (outlet) meta.outlet = outlet;
  const rawAuthors = field(rec, name('authors'));
  const authors = (Array.isArray(rawAuthors) ? rawAuthors : [rawAuthors]).map(str).filter((a): a is string => !!a);
  if (authors.length) meta.authors = authors;
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(str(field(rec, name('date'))) ?? '');
  if (date && Number(date[2]) >= 1 && Number(date[2]) <= 12 && Number(date[3]) >= 1 && Number(date[3]) <= 31) meta.date = `${date[1]}-${date[2]}-${date[3]}`;
  const url = str(field(rec, name('url')));
  if (url) meta.url = url;
  const ref = str(field(rec, name('id')));
  return ref ? { text, meta, ref } : { text, meta };
}
