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
// A failing case is minimised (lines, then characters) and printed; with --save it is written
// as a fixture. Exit status 1 when a case failed.
import * as fs from 'fs';
import * as path from 'path';
import { createCheckerFromIndex, IndexBuilder, type Checker, type CorpusIndex, type Finding } from '../core/index';
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
function seedTexts(root: string): string[] {
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
  switch (rng.int(0, 9)) {
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
    default:
      return ' ' + rng.pick(WORDS) + ' ';
  }
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

/** One mutated case. */
function mutate(rng: Random, seeds: readonly string[]): string {
  let text = rng.chance(0.3) ? generated(rng) : rng.pick(seeds);
  const edits = rng.int(1, 12);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, text.length);
    switch (rng.int(0, 9)) {
      case 0: // delete a stretch
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + rng.int(1, 200)));
        break;
      case 1: // duplicate a stretch
        text = text.slice(0, at) + text.slice(at, at + rng.int(1, 400)) + text.slice(at);
        break;
      case 2: // a huge line
        text = text.slice(0, at) + rng.pick([' “q', 'word ', '"', 'x', '1 May 2014 ']).repeat(rng.int(100, 5000)) + text.slice(at);
        break;
      case 3: // CR-only line ends
        text = text.replace(/\r?\n/g, '\r');
        break;
      case 4: // another text spliced in
        text = text.slice(0, at) + rng.pick(seeds).slice(0, rng.int(0, 2000)) + text.slice(at);
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

/** Checks one case; the broken invariant, or undefined. */
function runCase(text: string, languageId: string, reused: Checker, index: CorpusIndex, bound: (n: number) => number): { invariant: string; detail: string } | undefined {
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
  const took = Math.round((used.user + used.system) / 1000);
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
  if (took > bound(text.length)) return { invariant: 'time within the bound', detail: `${took} ms for ${text.length} characters (bound ${Math.round(bound(text.length))} ms)` };
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
  let characters = 0;
  while ((opts.cases === undefined || cases < opts.cases) && (opts.seconds <= 0 || Date.now() - started < opts.seconds * 1000)) {
    const text = mutate(rng, seeds);
    const languageId = rng.chance(0.8) ? 'markdown' : 'plaintext';
    cases++;
    characters += text.length;
    // Now and then the reused checker starts afresh (as after a corpus change).
    if (cases % 500 === 0) reused = createCheckerFromIndex(index);
    const v = runCase(text, languageId, reused, index, bound);
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
  return { cases, characters, seconds: (Date.now() - started) / 1000, failures };
}

function main(argv: string[]): number {
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
    else throw new Error(`unknown option '${a}' (options: --seconds N --seed S --cases N --save DIR)`);
  }
  if (!Number.isFinite(opts.seconds) || !Number.isInteger(opts.seed) || (opts.cases !== undefined && !Number.isInteger(opts.cases))) throw new Error('--seconds, --seed and --cases take numbers');
  const r = runFuzz({ ...opts, log: (l) => process.stdout.write(l + '\n') });
  const rate = r.cases / Math.max(r.seconds, 0.001);
  process.stdout.write(
    `fuzz: seed ${opts.seed}: ${r.cases.toLocaleString('en')} cases, ${(r.characters / 1e6).toFixed(1)} M characters in ${r.seconds.toFixed(1)} s ` +
      `(${rate.toFixed(0)} cases/s); ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}\n`,
  );
  return r.failures.length ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fuzz: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
