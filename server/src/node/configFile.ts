// The project configuration file (.corroborate.yaml / .yml / .json) and the accepted-findings file
// (.corroborate-accepted.yaml): discovery, reading and validation. Shared by the CLI and the
// language server, so both read the same file the same way.
//
// Discovery: from the draft's folder upwards, the nearest folder with a configuration file wins (no
// merging, as with cSpell and Vale); the search stops at a repository root (a folder holding .git),
// at a folder the adapter names (a workspace folder), at the home folder and at the root.
// Validation: the shipped JSON Schema (schemas/corroborate.schema.json) is the one rule book, checked
// with Ajv; each problem is reported with the line and column of the offending value.
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { CheckConfig } from '../core/index';
import type { AcceptedEntry } from '../core/suppressions';
import { CHECK_SETTING_KEYS } from '../shared/settings';
import configSchema from '../../../schemas/corroborate.schema.json';
import acceptedSchema from '../../../schemas/corroborate-accepted.schema.json';

export const CONFIG_NAMES = ['.corroborate.yaml', '.corroborate.yml', '.corroborate.json'] as const;
export const ACCEPTED_NAME = '.corroborate-accepted.yaml';
/** Larger configuration or accepted files are refused (they are hand-written). */
const MAX_FILE_BYTES = 4 << 20;

/** A problem in a file, with a one-based line and column. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  /** The same place as an offset into the file's text (UTF-16). */
  offset: number;
  message: string;
}

export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** A valid configuration file, its relative paths resolved. */
export interface ProjectConfig {
  file: string;
  dir: string;
  corpus: { paths?: string[]; includeBundled?: boolean; maxFiles?: number; maxMegabytes?: number };
  check: Partial<CheckConfig>;
  /** Absolute path of the accepted-findings file (it need not exist). */
  accepted: string;
}

let validators: { config: ValidateFunction; accepted: ValidateFunction } | undefined;
function validate(): { config: ValidateFunction; accepted: ValidateFunction } {
  if (!validators) {
    // Ajv is loaded when a configuration file is first checked (most runs have none).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    validators = { config: ajv.compile(configSchema), accepted: ajv.compile(acceptedSchema) };
  }
  return validators;
}

interface Parsed {
  data?: unknown;
  doc?: Document;
  lines: LineCounter;
  problems: FileProblem[];
}

function position(lines: LineCounter, offset: number): { line: number; column: number; offset: number } {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col, offset };
}

/** Parses YAML (or JSON, strictly) keeping every node's offsets. */
function parseText(text: string, file: string): Parsed {
  const lines = new LineCounter();
  const problems: FileProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1);
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const at = /position (\d+)/.exec(msg);
      const offset = at ? Number(at[1]) : text.length;
      lines.addNewLine(0);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      problems.push({ file, ...position(lines, offset), message: `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}` });
      return { lines, problems };
    }
  }
  // logLevel 'error': the parser's warnings are not printed on the process's stderr (they were, for
  // every odd anchor or tag of a hand-edited file).
  let doc: Document;
  let data: unknown;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
    for (const err of doc.errors) {
      problems.push({ file, ...position(lines, err.pos[0]), message: `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]}` });
    }
    if (problems.length) return { lines, problems };
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The YAML parser recurses once per level of nesting: thousands of levels (": : : …") overflow its stack.
    if (!(e instanceof RangeError)) throw e;
    if (!lines.lineStarts.length) lines.addNewLine(0);
    problems.push({ file, ...position(lines, 0), message: `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: nested too deeply to read` });
    return { lines, problems };
  }
  return { data, doc, lines, problems };
}

/** The node at a JSON pointer of Ajv's (`/check/alteredQuoteSeverity`), or the nearest parent. */
function nodeAt(doc: Document, pointer: string): YamlNode | undefined {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (!item) break;
      node = item;
    } else break;
  }
  return node as YamlNode | undefined;
}

function keyNode(doc: Document, pointer: string, key: string): YamlNode | undefined {
  const parent = nodeAt(doc, pointer);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return parent;
}

function where(pointer: string): string {
  return pointer === '' ? 'the file' : pointer.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
}

/** Ajv's errors as sentences a writer can act on, each at its place. */
function schemaProblems(errors: ErrorObject[], parsed: Parsed, file: string): FileProblem[] {
  const out: FileProblem[] = [];
  const seen = new Set<string>();
  // oneOf/not/if errors come with the specific ones underneath; the specific ones say more.
  const pointersWithDetail = new Set(errors.filter((e) => !['oneOf', 'not', 'anyOf'].includes(e.keyword)).map((e) => e.instancePath));
  for (const e of errors) {
    // The branches of a oneOf are summed up by the oneOf's own message.
    if (/\/oneOf\/\d+\//.test(e.schemaPath)) continue;
    let node = nodeAt(parsed.doc!, e.instancePath);
    const at = where(e.instancePath);
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        node = keyNode(parsed.doc!, e.instancePath, key);
        const allowed = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
        message = `unknown key '${key}' in ${at}${allowed.length ? ` (expected ${allowed.join(', ')})` : ''}`;
        break;
      }
      case 'enum':
        message = `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, not ${JSON.stringify(valueAt(parsed.data, e.instancePath))}`;
        break;
      case 'type':
        message = `${at} must be ${article((e.params as { type: string }).type)}, not ${describe(valueAt(parsed.data, e.instancePath))}`;
        break;
      case 'required':
        message = `${at} needs '${(e.params as { missingProperty: string }).missingProperty}'`;
        break;
      case 'pattern':
        message = e.instancePath.endsWith('draftDate') ? `${at} must be a date YYYY-MM-DD, not ${JSON.stringify(valueAt(parsed.data, e.instancePath))}` : `${at} ${e.message}`;
        break;
      case 'oneOf':
      case 'not':
        if (/^\/accepted\/\d+$/.test(e.instancePath)) message = `${at}: an entry needs either 'quote' (quote and attribution findings) or 'date' (date findings), not both`;
        else if (pointersWithDetail.has(e.instancePath)) continue;
        else message = `${at} ${e.message}`;
        break;
      default:
        message = `${at} ${e.message}`;
    }
    const pos = node?.range ? position(parsed.lines, node.range[0]) : { line: 1, column: 1, offset: 0 };
    const key = `${pos.line}:${pos.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, ...pos, message });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const seg of pointer === '' ? [] : pointer.slice(1).split('/')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}
function article(type: string): string {
  return type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : type === 'integer' ? 'a whole number' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
function describe(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v === 'string' ? 'the text' : `the ${typeof v}`} ${JSON.stringify(v)}`;
}

function readLimited(file: string): string {
  const st = fs.statSync(file);
  if (!st.isFile()) throw new Error('not a regular file');
  if (st.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES >> 20} MiB`);
  return fs.readFileSync(file, 'utf8');
}

function readProblem(file: string, e: unknown): FileProblem {
  const err = e as NodeJS.ErrnoException;
  return { file, line: 1, column: 1, offset: 0, message: `cannot read the file: ${err.code === 'ENOENT' ? 'no such file' : err.message}` };
}

/** Reads and validates a configuration text. `file` is its absolute path. */
export function parseConfig(text: string, file: string): { config?: ProjectConfig; problems: FileProblem[] } {
  const parsed = parseText(text, file);
  if (parsed.problems.length) return { problems: parsed.problems };
  const data = parsed.data ?? {}; // an empty file is an empty configuration
  const v = validate().config;
  if (!v(data)) return { problems: schemaProblems(v.errors ?? [], parsed, file) };
  const raw = data as { corpus?: ProjectConfig['corpus']; check?: Record<string, unknown>; accepted?: string };
  const dir = path.dirname(file);
  const check: Partial<CheckConfig> = {};
  for (const key of CHECK_SETTING_KEYS) {
    if (raw.check && raw.check[key] !== undefined) (check as Record<string, unknown>)[key] = raw.check[key];
  }
  const corpus: ProjectConfig['corpus'] = { ...raw.corpus };
  if (corpus.paths) corpus.paths = corpus.paths.map((p) => path.resolve(dir, p.replace(/^~(?=$|\/)/, os.homedir())));
  return { config: { file, dir, corpus, check, accepted: path.resolve(dir, raw.accepted ?? ACCEPTED_NAME) }, problems: [] };
}

export function loadConfig(file: string): { config?: ProjectConfig; problems: FileProblem[]; text: string } {
  let text: string;
  try {
    text = readLimited(file);
  } catch (e) {
    return { problems: [readProblem(file, e)], text: '' };
  }
  return { ...parseConfig(text, file), text };
}

/** Reads and validates an accepted-findings text. Missing `draft` paths stay as written (relative to the file). */
export function parseAccepted(text: string, file: string): { entries: AcceptedEntry[]; problems: FileProblem[] } {
  const parsed = parseText(text, file);
  if (parsed.problems.length) return { entries: [], problems: parsed.problems };
  const data = parsed.data ?? { accepted: [] };
  const v = validate().accepted;
  if (!v(data)) return { entries: [], problems: schemaProblems(v.errors ?? [], parsed, file) };
  const dir = path.dirname(file);
  const list = (data as { accepted: Omit<AcceptedEntry, 'file' | 'line' | 'column'>[] }).accepted ?? [];
  const entries = list.map((e, i) => {
    const node = nodeAt(parsed.doc!, `/accepted/${i}`);
    const pos = node?.range ? position(parsed.lines, node.range[0]) : { line: 1, column: 1, offset: 0 };
    const entry: AcceptedEntry = { ...e, file, ...pos };
    if (e.draft !== undefined) entry.draft = path.resolve(dir, e.draft);
    return entry;
  });
  return { entries, problems: [] };
}

export function loadAccepted(file: string): { entries: AcceptedEntry[]; problems: FileProblem[]; exists: boolean; text: string } {
  let text: string;
  try {
    text = readLimited(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [], exists: false, text: '' };
    return { entries: [], problems: [readProblem(file, e)], exists: true, text: '' };
  }
  return { ...parseAccepted(text, file), exists: true, text };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The folders searched for a draft in `dir`: `dir` and its parents, up to and including the
 * first that is a repository root (holds .git) or one of `stops`; never above the home folder
 * (unless the draft is outside it) nor the root.
 */
export function searchFolders(dir: string, stops: readonly string[] = []): string[] {
  const out: string[] = [];
  const home = os.homedir();
  let d = path.resolve(dir);
  for (;;) {
    out.push(d);
    if (stops.includes(d) || d === home || fs.existsSync(path.join(d, '.git'))) break;
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return out;
}

/** The configuration files of one folder, in order of precedence (the first wins). */
export function configFilesIn(dir: string): string[] {
  return CONFIG_NAMES.map((n) => path.join(dir, n)).filter(isFile);
}

/** The nearest configuration file for a draft in `dir`, and any other one in the same folder (ignored). */
export function findConfig(dir: string, stops: readonly string[] = []): { file?: string; ignored: string[] } {
  for (const d of searchFolders(dir, stops)) {
    const found = configFilesIn(d);
    if (found.length) return { file: found[0], ignored: found.slice(1) };
  }
  return { ignored: [] };
}

/** The nearest accepted-findings file for a draft in `dir`, when no configuration file names one. */
export function findAccepted(dir: string, stops: readonly string[] = []): string | undefined {
  for (const d of searchFolders(dir, stops)) {
    const f = path.join(d, ACCEPTED_NAME);
    if (isFile(f)) return f;
  }
  return undefined;
}
