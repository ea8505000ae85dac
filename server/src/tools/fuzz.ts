// npm run fuzz -- [--seconds N] [--seed S] [--cases N] [--save DIR]
// Mutates the project's fixtures and generated drafts (quote marks of every kind, nesting, huge
// lines, NUL, invalid UTF-8, lone surrogates, RTL and combining marks, CR-only line ends, Markdown
// edge cases, impossible dates) and checks invariants on every case:
//   - checking never throws;
//   - every range (findings, fixes, source passages) lies inside its text and is well ordered, and
//     findings come sorted;
//   - a checker reused across cases (its per-paragraph results kept) gives the same findings as a
//     fresh one;
//   - the (CPU) time stays within a bound proportional to the size.
// One case in twenty is a source file or a configuration file instead (front matter, HTML, JSON
// Lines archives, .corroborate.yaml/.json, .corroborate-accepted.yaml, binary bytes): reading it
// never throws and takes time within the bound. `--lsp N` adds N cases of malformed LSP framing
// sent to the language server (dist/server.js): it must exit or answer within a bound.
// A failing case is minimised (lines, then characters) and printed; with --save it is written
// as a fixture. Exit status 1 when a case failed.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCheckerFromIndex, IndexBuilder, type Checker, type CorpusIndex, type Finding } from '../core/index';
import { parseAccepted, parseConfig } from '../node/configFile';
import { readCorpus } from '../node/corpusFiles';
import { seeded, type Random } from './bench/random';

export interface FuzzOptions {
  /** The project folder (fixtures and corpus are read from it). */
  root: string;
  seed: number;
  /** Stop after this long (seconds); 0: only `cases` decides. */
  seconds: number;
  /** Stop after this many cases (default: unlimited). */
  cases?: number;
  /** Cases of malformed LSP framing sent to the language server (default 0; needs dist/server.js). */
  lsp?: number;
  /** Folder to write minimised reproducers to. */
  save?: string;
  /** Time bound per case: `baseMs` plus `msPerChar` per character of the draft. */
  baseMs?: number;
  msPerChar?: number;
  log?(line: string): void;
}

export interface FuzzFailure {
  invariant: string;
  detail: string;
  text: string;
  languageId: string;
}

export interface FuzzReport {
  cases: number;
  /** Of `cases`: source files and configuration files read. */
  fileCases: number;
  /** Cases of LSP framing (not in `cases`). */
  lspCases: number;
  /** The longest (CPU) time of one draft case, ms, and its length. */
  slowest: { ms: number; characters: number };
  characters: number;
  seconds: number;
  failures: FuzzFailure[];
}

const QUOTE_MARKS = ['"', '“', '”', '„', '‟', '‘', '’', '‚', '‛', "'", '«', '»', '‹', '›', '「', '」', '『', '』', '〝', '〞', '＂'];
const ODD = ['\u0000', '\uFFFD', '\uD800', '\uDFFF', '\uD83D', '\u202E', '\u202B', '\u200F', '\u200E', '\u0301', '\u0308\u0301', '\u200B', '\uFEFF', '\u2028', '\u2029', '\u00A0', '\t', '\r', '\r\n', '\f', '\v'];
const MARKDOWN = [
  '```', '~~~', '````js', '    ', '\t', '> ', '>> ', '- ', '* ', '+ ', '1. ', '2) ', '# ', '###### ', '---', '===', '***', '| a | b |\n|---|---|\n| c | d |',
  '<!--', '-->', '<pre>', '</pre>', '<div>', '</div>', '<script>', '<![CDATA[', ']]>', '<?', '?>', '[x]: https://example.com', '[x]', '[text](url "t")', '![alt](p.png)',
  '<https://example.com>', '`code`', '``', '\\', '*', '_', '**', '&amp;', '&#x201C;', '---\ntitle: t\n---\n', '---\n', '[^1]', '$$',
];
const DATES = [
  '31 February 2014', 'February 30, 2014', 'Monday, 2 February 2014', 'Tuesday, Sept. 16, 2014', '1-1-01', '2014-13-45', '0000-00-00', '99/99/9999',
  'on Monday', 'last year', 'next week', 'in 2013', 'yesterday', '15 September 2014', 'Sept. 15', 'the 45th of March', '12/31/1999', '29 February 2013',
  'in the year 0', '10000 BC', 'August 8', 'on Sunday, Sept. 14', 'two years ago', 'Jan. 1',
];
const WORDS = ['said', 'the', 'Iran', 'Khamenei', 'United States', 'coalition', 'no point in cooperating', 'according to', 'officials', 'Kerry', 'told reporters', 'U.S.', 'on', '—', '…', '...', '[sic]', '[Iran]', '.', ',', ';', ':', '?', '!'];

/** Every fixture, corpus article and example of the project (the seeds of the mutations). */
export function seedTexts(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|markdown|txt)$/i.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  for (const d of ['test/fixtures', 'corpus', 'examples']) walk(path.join(root, d));
  return out;
}

/** Invalid UTF-8 as a decoder sees it: random bytes decoded leniently. */
function invalidUtf8(rng: Random): string {
  const bytes = Buffer.from(Array.from({ length: rng.int(1, 8) }, () => rng.pick([0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf8, 0xff, rng.int(0, 255)])));
  return bytes.toString('utf8');
}

function piece(rng: Random): string {
  switch (rng.int(0, 10)) {
    case 0:
    case 1:
      return rng.pick(QUOTE_MARKS);
    case 2:
      return rng.pick(ODD);
    case 3:
      return invalidUtf8(rng);
    case 4:
      return rng.pick(MARKDOWN);
    case 5:
      return rng.pick(DATES);
    case 6: {
      // Nesting: quotations in quotations, brackets in brackets.
      const depth = rng.int(2, 12);
      const open = Array.from({ length: depth }, () => rng.pick(QUOTE_MARKS)).join(rng.pick(['', ' ', ' a ']));
      return open + ' ' + rng.pick(WORDS) + ' ' + open.split('').reverse().join('');
    }
    case 7:
      return '\n' + rng.pick(['- ', '  - ', '> ', '1. ']).repeat(rng.int(1, 40)) + rng.pick(WORDS);
    case 8:
      return rng.chance(0.5) ? unbalanced(rng) : binary(rng, rng.int(1, 64));
    default:
      return ' ' + rng.pick(WORDS) + ' ';
  }
}

/** Raw bytes as a lenient decoder sees them: binary junk, NULs, control characters. */
function binary(rng: Random, n: number): string {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = rng.chance(0.3) ? rng.pick([0, 1, 0x1b, 0x7f, 0xff, 0xfe, 0x0d]) : rng.int(0, 255);
  return rng.chance(0.5) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Deep nesting: lists, block quotes, brackets, emphasis or HTML hundreds of levels deep. */
function deep(rng: Random): string {
  const depth = rng.int(30, 400);
  const word = rng.pick(['said "hello there"', '“quoted” on 1 May 2014', 'x', '"unclosed']);
  switch (rng.int(0, 5)) {
    case 0:
      return Array.from({ length: depth }, (_, i) => '  '.repeat(i) + `- item ${i} ${word}`).join('\n') + '\n';
    case 1:
      return Array.from({ length: depth }, (_, i) => '>'.repeat(i + 1) + ` ${word}`).join('\n') + '\n';
    case 2:
      return '>'.repeat(depth) + ' ' + '- '.repeat(depth) + word + '\n';
    case 3:
      return '['.repeat(depth) + word + ']('.repeat(depth) + ')'.repeat(depth);
    case 4:
      return '<div>'.repeat(depth) + word + '</div>'.repeat(rng.int(0, depth));
    default:
      return '*_'.repeat(depth) + word + '_*'.repeat(rng.int(0, depth));
  }
}

/** Unbalanced quotation: opening marks with no close, closes with no opening, mixed kinds. */
function unbalanced(rng: Random): string {
  const n = rng.int(1, 30);
  let out = '';
  for (let i = 0; i < n; i++) out += rng.pick(QUOTE_MARKS) + rng.pick(['', ' ', 'word ', 'Kerry said ', '\n', '\n\n', 'it’s ']) + (rng.chance(0.3) ? rng.pick(WORDS) : '');
  return out;
}

/** A draft made from scratch: sentences, quotations, dates and Markdown. */
function generated(rng: Random): string {
  const parts: string[] = [];
  const n = rng.int(1, 60);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.5)) parts.push(`${rng.pick(WORDS)} ${rng.pick(QUOTE_MARKS)}${Array.from({ length: rng.int(0, 8) }, () => rng.pick(WORDS)).join(' ')}${rng.pick(QUOTE_MARKS)} ${rng.pick(WORDS)}`);
    else parts.push(piece(rng));
    if (rng.chance(0.2)) parts.push(rng.pick(['\n', '\n\n', '\r', '\r\n\r\n', ' ']));
  }
  return parts.join(rng.chance(0.3) ? '' : ' ');
}

/** A stretch of a seed: mostly a few paragraphs, now and then all of it (most cases stay small, so
 * that a run covers many; the large ones are there too). */
function seedPart(rng: Random, seeds: readonly string[]): string {
  const s = rng.pick(seeds);
  if (rng.chance(0.03) || s.length < 1500) return s;
  const at = rng.int(0, s.length - 1);
  return s.slice(at, at + rng.int(100, 800));
}

/** One mutated case. */
export function mutate(rng: Random, seeds: readonly string[]): string {
  const roll = rng.next();
  // The classes of the issue at their own rates: deep nesting, binary bytes, unbalanced quotation.
  let text = roll < 0.25 ? generated(rng) : roll < 0.29 ? deep(rng) : roll < 0.31 ? binary(rng, rng.int(1, 4000)) : roll < 0.35 ? unbalanced(rng).repeat(rng.int(1, 50)) : seedPart(rng, seeds);
  const edits = rng.int(1, 8);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, text.length);
    switch (rng.int(0, 9)) {
      case 0: // delete a stretch
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + rng.int(1, 200)));
        break;
      case 1: // duplicate a stretch
        text = text.slice(0, at) + text.slice(at, at + rng.int(1, 300)) + text.slice(at);
        break;
      case 2: // a long line, now and then a huge one
        text = text.slice(0, at) + rng.pick([' “q', 'word ', '"', 'x', '1 May 2014 ', '„', 'Ab. ']).repeat(rng.chance(0.01) ? rng.int(2000, 20000) : rng.int(10, 150)) + text.slice(at);
        break;
      case 3: // CR-only line ends
        text = text.replace(/\r?\n/g, '\r');
        break;
      case 4: // another text spliced in
        text = text.slice(0, at) + seedPart(rng, seeds).slice(0, rng.int(0, 800)) + text.slice(at);
        break;
      default:
        text = text.slice(0, at) + piece(rng) + text.slice(at);
    }
  }
  return text;
}

/** Why the findings of `text` break an invariant, or undefined. */
function violation(text: string, findings: readonly Finding[], checker: Checker): { invariant: string; detail: string } | undefined {
  const inside = (s: number, e: number, length: number) => Number.isInteger(s) && Number.isInteger(e) && 0 <= s && s <= e && e <= length;
  let prev: Finding | undefined;
  for (const f of findings) {
    if (!inside(f.start, f.end, text.length)) return { invariant: 'range inside the text', detail: `${f.kind} ${f.status} at ${f.start}–${f.end} of ${text.length}` };
    if (prev && (f.start < prev.start || (f.start === prev.start && f.end < prev.end))) return { invariant: 'findings in order', detail: `${prev.start}–${prev.end} before ${f.start}–${f.end}` };
    prev = f;
    for (const fix of f.fixes) {
      for (const e of fix.edits) if (!inside(e.start, e.end, text.length)) return { invariant: 'fix inside the text', detail: `${f.kind} fix at ${e.start}–${e.end} of ${text.length}` };
    }
    for (const m of f.sources) {
      const src = checker.source(m.sourceId);
      if (!src) return { invariant: 'source exists', detail: m.sourceId };
      const n = src.text.length;
      if (!inside(m.start, m.end, n) || !inside(m.contextStart, m.contextEnd, n)) return { invariant: 'source range inside the source', detail: `${m.sourceId} ${m.start}–${m.end} (${m.contextStart}–${m.contextEnd}) of ${n}` };
    }
  }
  return undefined;
}

const CONFIG_SEEDS = [
  'corpus:\n  paths: [sources, ../archive]\n  includeBundled: false\ncheck:\n  shortQuoteWords: 3\n  unsupportedQuoteSeverity: error\n  draftDate: 2014-09-15\n',
  '{"corpus": {"paths": ["sources"], "maxFiles": 10}, "check": {"checkDates": false, "alteredQuoteSeverity": "hint"}}',
  'accepted:\n  - quote: "no point in cooperating"\n    draft: draft.md\n    reason: checked by phone\n  - kind: date\n    text: 1 May 2014\n',
];
const SOURCE_SEEDS = [
  '---\ntitle: "A title"\noutlet: AP\ndate: 2014-09-15\nauthors: [A, B]\nurl: https://example.com/a\n---\nKerry said “the coalition is strong” on Monday.\n',
  '<html><head><title>T</title><meta property="article:published_time" content="2014-09-15"><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2014-09-15","@graph":[[{"@type":"Person"}]]}</script></head><body><article><p>He said “words”.</p></article></body></html>',
  '{"id":"a1","title":"T","outlet":"AP","date":"2014-09-15","text":"He said \\"words\\" on Monday."}\n{"id":"a2","text":"x"}\n',
];

/** One source file or configuration file: its name and bytes. */
function fileCase(rng: Random, seeds: readonly string[]): { name: string; bytes: Buffer } {
  const kind = rng.pick(['md', 'txt', 'html', 'jsonl', 'yaml', 'json', 'accepted']);
  const base =
    kind === 'yaml' || kind === 'json' || kind === 'accepted'
      ? rng.pick(CONFIG_SEEDS)
      : kind === 'html'
        ? SOURCE_SEEDS[1]
        : kind === 'jsonl'
          ? SOURCE_SEEDS[2].repeat(rng.int(1, 20))
          : rng.chance(0.5)
            ? SOURCE_SEEDS[0]
            : seedPart(rng, seeds);
  let text = base;
  for (let e = rng.int(1, 8); e > 0; e--) {
    const at = rng.int(0, text.length);
    const junk = rng.pick(['\n', '---\n', ':', ': ', '- ', '[', ']', '{', '}', '"', "'", '\\', '\t', '&', '*a', '!!binary ', '<<: *a', '<', '>', '</', '<!--', '<script>', '\u0000', '\uFEFF', '\uD800', 'null', '1e999', '-1', '2014-02-30']);
    switch (rng.int(0, 4)) {
      case 0:
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + rng.int(1, 40)));
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at, at + rng.int(1, 200)).repeat(rng.int(1, 50)) + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at) + binary(rng, rng.int(1, 16)) + text.slice(at);
        break;
      default:
        text = text.slice(0, at) + junk.repeat(rng.chance(0.1) ? rng.int(100, 3000) : 1) + text.slice(at);
    }
  }
  const name = kind === 'yaml' ? '.corroborate.yaml' : kind === 'json' ? '.corroborate.json' : kind === 'accepted' ? '.corroborate-accepted.yaml' : `source.${kind}`;
  // Now and then bytes that are not UTF-8 at all (a Latin-1 or UTF-16 file, a truncated sequence).
  const bytes = rng.chance(0.1) ? Buffer.from(text, rng.pick(['latin1', 'utf16le'] as const)) : Buffer.from(text, 'utf8');
  return { name, bytes: rng.chance(0.05) ? bytes.subarray(0, rng.int(0, bytes.length)) : bytes };
}

/** Reads one source or configuration file as the CLI and the server do; the broken invariant, or undefined. */
function runFileCase(dir: string, name: string, bytes: Buffer, bound: (n: number) => number): { invariant: string; detail: string } | undefined {
  const t0 = process.cpuUsage();
  try {
    if (name.startsWith('.corroborate')) {
      const text = bytes.toString('utf8');
      const r = name.includes('accepted') ? parseAccepted(text, name) : parseConfig(text, name);
      for (const p of r.problems) {
        if (!(p.offset >= 0 && p.offset <= text.length && p.line >= 1 && p.column >= 1)) return { invariant: 'problem inside the file', detail: `${name}: ${p.line}:${p.column} (offset ${p.offset} of ${text.length}) ${p.message}` };
      }
    } else {
      for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
      fs.writeFileSync(path.join(dir, name), bytes);
      const read = readCorpus([dir]);
      const builder = new IndexBuilder();
      for (const input of read.inputs) builder.add(input);
      const checker = createCheckerFromIndex(builder.finish());
      for (const input of read.inputs) {
        const text = input.text.slice(0, 3000);
        const findings = checker.check({ text, languageId: 'markdown' }).findings;
        const v = violation(text, findings, checker);
        if (v) return v;
      }
    }
  } catch (e) {
    return { invariant: 'no exception', detail: `${name}: ${(e as Error).stack ?? String(e)}` };
  }
  const used = process.cpuUsage(t0);
  const took = Math.round((used.user + used.system) / 1000);
  if (took > bound(bytes.length)) return { invariant: 'time within the bound', detail: `${name}: ${took} ms for ${bytes.length} bytes` };
  return undefined;
}

/** Checks one case; the broken invariant, or undefined. */
function runCase(text: string, languageId: string, reused: Checker, index: CorpusIndex, bound: (n: number) => number, took?: { ms: number }): { invariant: string; detail: string } | undefined {
  let again: Finding[];
  let fresh: Finding[];
  // CPU time of this process, not wall time: other work on the machine must not fail a case.
  const t0 = process.cpuUsage();
  try {
    again = reused.check({ text, languageId }).findings;
  } catch (e) {
    return { invariant: 'no exception', detail: (e as Error).stack ?? String(e) };
  }
  const used = process.cpuUsage(t0);
  const ms = Math.round((used.user + used.system) / 1000);
  if (took) took.ms = ms;
  try {
    fresh = createCheckerFromIndex(index).check({ text, languageId }).findings;
  } catch (e) {
    return { invariant: 'no exception', detail: (e as Error).stack ?? String(e) };
  }
  const v = violation(text, fresh, reused) ?? violation(text, again, reused);
  if (v) return v;
  const a = JSON.stringify(again);
  const b = JSON.stringify(fresh);
  if (a !== b) return { invariant: 'reused checker = fresh checker', detail: `${again.length} vs ${fresh.length} findings` };
  if (ms > bound(text.length)) return { invariant: 'time within the bound', detail: `${ms} ms for ${text.length} characters (bound ${Math.round(bound(text.length))} ms)` };
  return undefined;
}

/** The smallest text (removing lines, then stretches of characters) that still breaks the same invariant. */
function minimise(text: string, fails: (t: string) => boolean, budgetMs = 20000): string {
  const until = Date.now() + budgetMs;
  let best = text;
  const tryCut = (candidate: string) => {
    if (candidate.length < best.length && Date.now() < until && fails(candidate)) {
      best = candidate;
      return true;
    }
    return false;
  };
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && Date.now() < until; chunk >>= 1) {
    for (let at = 0; at < best.length && Date.now() < until; ) {
      if (!tryCut(best.slice(0, at) + best.slice(at + chunk))) at += chunk;
    }
  }
  return best;
}

/** The corpus the cases are checked against: the bundled one and the dates fixtures' one. */
function fuzzIndex(root: string): CorpusIndex {
  const read = readCorpus([path.join(root, 'corpus'), path.join(root, 'test/fixtures/dates/corpus')]);
  const builder = new IndexBuilder();
  for (const input of read.inputs) builder.add(input);
  return builder.finish();
}

/** Checks one text against every invariant (for fixtures kept from earlier failures): the broken one, or undefined. */
export function fuzzCheck(root: string, baseMs = 3000, msPerChar = 0.05): (text: string, languageId: string) => { invariant: string; detail: string } | undefined {
  const index = fuzzIndex(root);
  const reused = createCheckerFromIndex(index);
  return (text, languageId) => runCase(text, languageId, reused, index, (n) => baseMs + msPerChar * n);
}

export function runFuzz(opts: FuzzOptions): FuzzReport {
  const log = opts.log ?? (() => undefined);
  const rng = seeded(opts.seed);
  const seeds = seedTexts(opts.root);
  const index = fuzzIndex(opts.root);
  let reused = createCheckerFromIndex(index);
  const baseMs = opts.baseMs ?? 3000;
  const msPerChar = opts.msPerChar ?? 0.05;
  const bound = (n: number) => baseMs + msPerChar * n;
  const started = Date.now();
  const failures: FuzzFailure[] = [];
  let cases = 0;
  let fileCases = 0;
  let characters = 0;
  const slowest = { ms: 0, characters: 0 };
  const took = { ms: 0 };
  const fileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-fuzz-'));
  try {
  while ((opts.cases === undefined || cases < opts.cases) && (opts.seconds <= 0 || Date.now() - started < opts.seconds * 1000)) {
    if (rng.chance(0.05)) {
      const { name, bytes } = fileCase(rng, seeds);
      cases++;
      fileCases++;
      characters += bytes.length;
      const v = runFileCase(fileDir, name, bytes, bound);
      if (!v) continue;
      log(`case ${cases}: ${v.invariant}: ${v.detail.split('\n')[0]}`);
      failures.push({ invariant: v.invariant, detail: v.detail, text: bytes.toString('latin1'), languageId: name });
      if (opts.save) {
        fs.mkdirSync(opts.save, { recursive: true });
        fs.writeFileSync(path.join(opts.save, `${v.invariant.replace(/[^a-z]+/gi, '-')}-${opts.seed}-${cases}-${name.replace(/^\./, '')}`), bytes);
      }
      continue;
    }
    const text = mutate(rng, seeds);
    const languageId = rng.chance(0.8) ? 'markdown' : 'plaintext';
    cases++;
    characters += text.length;
    // Now and then the reused checker starts afresh (as after a corpus change).
    if (cases % 500 === 0) reused = createCheckerFromIndex(index);
    const v = runCase(text, languageId, reused, index, bound, took);
    if (took.ms > slowest.ms) Object.assign(slowest, { ms: took.ms, characters: text.length });
    if (!v) continue;
    log(`case ${cases}: ${v.invariant}: ${v.detail.split('\n')[0]}`);
    const small = minimise(text, (t) => runCase(t, languageId, createCheckerFromIndex(index), index, bound)?.invariant === v.invariant);
    const failure = { invariant: v.invariant, detail: v.detail, text: small, languageId };
    failures.push(failure);
    log(`  minimised to ${small.length} characters: ${JSON.stringify(small.slice(0, 300))}`);
    if (opts.save) {
      fs.mkdirSync(opts.save, { recursive: true });
      const name = `${v.invariant.replace(/[^a-z]+/gi, '-')}-${opts.seed}-${cases}.${languageId === 'markdown' ? 'md' : 'txt'}`;
      fs.writeFileSync(path.join(opts.save, name), small);
      log(`  saved as ${path.join(opts.save, name)}`);
    }
    reused = createCheckerFromIndex(index);
  }
  } finally {
    fs.rmSync(fileDir, { recursive: true, force: true });
  }
  return { cases, fileCases, lspCases: 0, slowest, characters, seconds: (Date.now() - started) / 1000, failures };
}

/** One stream of LSP traffic with broken framing: bad or missing headers, lengths that lie, junk. */
export function framing(rng: Random): Buffer {
  const body = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o), 'utf8');
  const frame = (b: Buffer, header?: string) => Buffer.concat([Buffer.from(header ?? `Content-Length: ${b.length}\r\n\r\n`, 'latin1'), b]);
  const init = body({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const parts: Buffer[] = [];
  if (rng.chance(0.5)) parts.push(frame(init));
  for (let n = rng.int(1, 4); n > 0; n--) {
    const b = rng.pick([
      init,
      body('{"jsonrpc":"2.0","id":'),
      body('[]'),
      body('null'),
      body('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.md","languageId":"markdown","version":1,"text":"\\"q"}}}'),
      body({ jsonrpc: '2.0', id: 'x', method: 'textDocument/hover', params: { textDocument: { uri: 'file:///nowhere.md' }, position: { line: -1, character: 1e9 } } }),
      Buffer.from(binary(rng, rng.int(1, 200)), 'latin1'),
    ]);
    const header = rng.pick([
      undefined,
      `Content-Length: ${rng.int(0, b.length * 2)}\r\n\r\n`,
      `Content-Length: ${rng.pick(['abc', '-1', '1e3', '', ' 5', '99999999999999999999', '0x10'])}\r\n\r\n`,
      'Content-Type: application/json\r\n\r\n',
      `Content-Length: ${b.length}\n\n`,
      `Content-Length: ${b.length}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n`,
      `content-length: ${b.length}\r\n\r\n`,
      '\r\n\r\n',
      `${binary(rng, rng.int(1, 40))}\r\n\r\n`,
    ]);
    parts.push(frame(b, header));
  }
  return Buffer.concat(parts);
}

/** Sends broken framing to a fresh language server: it must exit, or still answer a request, within `ms`. */
function runFramingCase(server: string, bytes: Buffer, ms: number): Promise<{ invariant: string; detail: string } | undefined> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let settled = false;
    const done = (v: { invariant: string; detail: string } | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill();
      resolve(v);
    };
    const timer = setTimeout(() => done({ invariant: 'server exits or answers', detail: `neither within ${ms} ms; stdout: ${JSON.stringify(out.slice(-300))}` }), ms);
    proc.on('exit', () => done(undefined));
    proc.on('error', (e) => done({ invariant: 'server starts', detail: String(e) }));
    proc.stdin!.on('error', () => undefined); // the server may exit before it has read everything
    proc.stderr!.resume();
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      // Any answer to the probe (id 424242), a result or an error, shows it still reads its input.
      if (/"id":424242/.test(out)) done(undefined);
    });
    const probe = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 424242, method: 'shutdown' }), 'utf8');
    proc.stdin!.write(Buffer.concat([bytes, Buffer.from(`Content-Length: ${probe.length}\r\n\r\n`), probe]));
  });
}

/** `n` framing cases against the language server `server` (a bundled dist/server.js). */
export async function runFramingFuzz(server: string, seed: number, n: number, ms = 5000, log: (l: string) => void = () => undefined): Promise<FuzzFailure[]> {
  const rng = seeded(seed ^ 0x5bd1e995);
  const failures: FuzzFailure[] = [];
  for (let i = 1; i <= n; i++) {
    const bytes = framing(rng);
    const v = await runFramingCase(server, bytes, ms);
    if (!v) continue;
    log(`lsp case ${i}: ${v.invariant}: ${v.detail}`);
    failures.push({ ...v, text: bytes.toString('latin1'), languageId: 'lsp' });
  }
  return failures;
}

async function main(argv: string[]): Promise<number> {
  const opts: FuzzOptions = { root: path.join(__dirname, '..'), seed: 1, seconds: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--seconds') opts.seconds = Number(v());
    else if (a === '--seed') opts.seed = Number(v());
    else if (a === '--cases') opts.cases = Number(v());
    else if (a === '--save') opts.save = v();
    else if (a === '--lsp') opts.lsp = Number(v());
    else throw new Error(`unknown option '${a}' (options: --seconds N --seed S --cases N --lsp N --save DIR)`);
  }
  if (!Number.isFinite(opts.seconds) || !Number.isInteger(opts.seed) || (opts.cases !== undefined && !Number.isInteger(opts.cases))) throw new Error('--seconds, --seed and --cases take numbers');
  const log = (l: string) => process.stdout.write(l + '\n');
  const r = runFuzz({ ...opts, log });
  if (opts.lsp) {
    const lspFailures = await runFramingFuzz(path.join(__dirname, 'server.js'), opts.seed, opts.lsp, 5000, log);
    r.lspCases = opts.lsp;
    for (const f of lspFailures) r.failures.push(f);
  }
  const rate = r.cases / Math.max(r.seconds, 0.001);
  process.stdout.write(
    `fuzz: seed ${opts.seed}: ${r.cases.toLocaleString('en')} cases (${r.fileCases.toLocaleString('en')} source/config files), ${(r.characters / 1e6).toFixed(1)} M characters in ${r.seconds.toFixed(1)} s ` +
      `(${rate.toFixed(0)} cases/s; slowest ${r.slowest.ms} ms for ${r.slowest.characters.toLocaleString('en')} characters)` +
      (r.lspCases ? `; ${r.lspCases} LSP framing cases` : '') +
      `; ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}\n`,
  );
  return r.failures.length ? 1 : 0;
}

if (require.main === module) {
  try {
    main(process.argv.slice(2)).then(
      (code) => (process.exitCode = code),
      (e) => {
        process.stderr.write(`fuzz: ${(e as Error).message}\n`);
        process.exitCode = 2;
      },
    );
  } catch (e) {
    process.stderr.write(`fuzz: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
