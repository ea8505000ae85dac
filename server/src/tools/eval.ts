// npm run eval -- <set folder> [--kind quote|date|attribution|number] [--errors]
//                  [--extra-corpus DIR]... [--open-world] [--cache-dir DIR]
// Reads a labelled set (labels.jsonl; format in the project README) and checks every draft the
// way the CLI does (same reading, same core, default configuration), then prints for each kind
// how many labels of each status got that status, the confusion between statuses, and a summary.
//
// --extra-corpus DIR (repeatable) adds distractor sources to every draft's corpus: the labels
// must come out the same in an archive full of unrelated stories. The extra corpus is indexed
// once (persisted in --cache-dir, default the CLI's cache) and merged with each draft's sources.
// --open-world checks every draft against the extra corpora alone (its own sources absent) and
// lists every altered, misattributed and date-mismatch finding: each one is a false alarm.
// --check-fixes applies every fix each finding offers, one at a time, checks the draft again and
// lists each fix after which the draft has another number of quotations, an unclosed mark, or a
// finding at that place that is still not verified (a date: still contradicted; a fixed weekday
// may leave a date no source gives).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CHECKS,
  checkOfKind,
  claimsOrigin,
  createCheckerFromIndex,
  DEFAULT_CONFIG,
  IndexBuilder,
  sourceLanguage,
  type Checker,
  type CorpusData,
  type Finding,
} from '../core/index';
import { bundledCorpusDir, decodeText, readCorpus } from '../node/corpusFiles';
import { loadIndexSync } from '../node/indexCache';
import { defaultCacheDir } from '../node/folders';

interface Label {
  draft: string;
  corpus: string | null;
  kind: string;
  text: string;
  occurrence?: number;
  status: string;
  [extra: string]: unknown;
}

const MISSING = '(no finding)';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const OPENING_MARK = /["“„«‹'‘]\s*$/;

/** Where the label's text occurs in the draft (white space runs match any white space). For
 * quotations, occurrences are counted among those that stand right after an opening quote mark
 * (a label "Caihong" means the quoted word, not its unquoted uses), falling back to all. */
export function locate(draft: string, text: string, occurrence = 1, quoted = false): { start: number; end: number } | undefined {
  const pattern = text.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  const all: { start: number; end: number }[] = [];
  const re = new RegExp(pattern, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(draft)) !== null) {
    all.push({ start: m.index, end: m.index + m[0].length });
    re.lastIndex = m.index + 1;
  }
  const inQuotes = all.filter((s) => OPENING_MARK.test(draft.slice(Math.max(0, s.start - 3), s.start)));
  const pool = quoted && inQuotes.length >= occurrence ? inQuotes : all;
  return pool[occurrence - 1];
}

/** The finding of the label's kind that best covers the labelled span. */
export function matchFinding(findings: readonly Finding[], kind: string, span: { start: number; end: number }): Finding | undefined {
  let best: Finding | undefined;
  let bestOverlap = 0;
  for (const f of findings) {
    if (f.kind !== kind) continue;
    const overlap = Math.min(f.end, span.end) - Math.max(f.start, span.start);
    if (overlap <= 0) continue;
    const contains = (f.start <= span.start && f.end >= span.end) || (span.start <= f.start && span.end >= f.end);
    if (!contains) continue;
    if (overlap > bestOverlap) {
      best = f;
      bestOverlap = overlap;
    }
  }
  return best;
}

function pct(a: number, b: number): string {
  return b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`;
}

const KINDS = CHECKS.map((m) => m.kind).join('|');

const USAGE = `usage: npm run eval -- <set folder> [--kind ${KINDS}] [--errors] [--extra-corpus DIR]... [--open-world] [--cache-dir DIR]\n`;

function main(argv: string[]): number {
  let onlyKind: string | undefined;
  let cacheDir = defaultCacheDir(process.env, os.homedir());
  const extra: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--kind') onlyKind = argv[++i];
    else if (a === '--extra-corpus') extra.push(path.resolve(argv[++i] ?? ''));
    else if (a === '--cache-dir') cacheDir = argv[++i] ?? cacheDir;
    else if (a === '--errors' || a === '--open-world' || a === '--check-fixes') continue;
    else if (a.startsWith('--')) {
      process.stderr.write(`eval: unknown option ${a}\n${USAGE}`);
      return 2;
    } else positional.push(a);
  }
  const showErrors = argv.includes('--errors');
  const openWorld = argv.includes('--open-world');
  const checkFixes = argv.includes('--check-fixes');
  const fixProblems: string[] = [];
  let fixesTried = 0;
  const setDir = positional[0];
  if (!setDir) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (openWorld && extra.length === 0) {
    process.stderr.write('eval: --open-world needs at least one --extra-corpus\n');
    return 2;
  }
  const labelsFile = path.join(setDir, 'labels.jsonl');
  if (!fs.existsSync(labelsFile)) {
    process.stderr.write(`eval: ${labelsFile} not found\n`);
    return 2;
  }
  const labels: Label[] = fs
    .readFileSync(labelsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .filter((l: Label) => !onlyKind || l.kind === onlyKind);

  const started = process.hrtime.bigint();
  let extraData: CorpusData | undefined;
  if (extra.length) {
    const loaded = loadIndexSync(extra, { cacheDir, tool: 'eval' });
    for (const w of loaded.warnings) process.stderr.write(`eval: warning: ${w}\n`);
    for (const m of loaded.missing) process.stderr.write(`eval: extra corpus not found: ${m}\n`);
    if (loaded.missing.length) return 2;
    extraData = loaded.index.data();
    process.stderr.write(`eval: extra corpus: ${extraData.heads.length} sources (${loaded.stats.cache})\n`);
  }
  let checkers = new Map<string, Checker>();
  const checkerFor = (corpus: string | null): Checker => {
    const dir = openWorld ? '(open world)' : corpus === null ? bundledCorpusDir(__dirname) : path.join(setDir, corpus);
    let c = checkers.get(dir);
    if (!c) {
      // One checker at a time when the extra corpus is merged in (each holds a copy of it).
      if (extraData) checkers = new Map();
      const builder = new IndexBuilder(extraData && { vocab: extraData.vocab, expectedTokens: extraData.ids.length + (1 << 16) });
      if (!openWorld) {
        const read = readCorpus([dir]);
        for (const w of read.warnings) process.stderr.write(`eval: warning: ${w}\n`);
        for (const m of read.missing) process.stderr.write(`eval: corpus folder not found: ${m}\n`);
        for (const input of read.inputs) builder.add(input);
      }
      if (extraData) {
        const remap = builder.vocabularyOf(extraData.vocab);
        for (let k = 0; k < extraData.heads.length; k++) builder.addFrom(extraData, k, remap);
      }
      c = createCheckerFromIndex(builder.finish());
      checkers.set(dir, c);
    }
    return c;
  };
  const falseClaims: string[] = [];
  const drafts = new Map<string, { text: string; findings: Finding[] }>();
  // kind → expected → got → count
  const table = new Map<string, Map<string, Map<string, number>>>();
  const errors: string[] = [];
  let unlocated = 0;
  for (const label of labels) {
    const key = `${label.draft}\u0000${label.corpus}`;
    let d = drafts.get(key);
    if (!d) {
      const buf = fs.readFileSync(path.join(setDir, label.draft));
      const decoded = decodeText(buf);
      const text = 'text' in decoded ? decoded.text : '';
      const checker = checkerFor(label.corpus);
      const findings = checker.check({ text, languageId: sourceLanguage(label.draft) }, DEFAULT_CONFIG).findings;
      d = { text, findings };
      drafts.set(key, d);
      if (checkFixes) {
        const languageId = sourceLanguage(label.draft);
        const count = (fs2: readonly Finding[]) => fs2.filter((f) => f.kind === 'quote' && f.status !== 'unbalanced').length;
        for (const f of findings) {
          for (const fix of f.fixes) {
            fixesTried++;
            let fixed = text;
            for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
            const again = checker.check({ text: fixed, languageId }, DEFAULT_CONFIG).findings;
            const same = again.find((g) => g.kind === f.kind && g.start === f.start);
            const problem =
              count(again) !== count(findings)
                ? 'another number of quotations'
                : again.filter((g) => g.status === 'unbalanced').length > findings.filter((g) => g.status === 'unbalanced').length
                  ? 'an unclosed quotation mark'
                  : same && (checkOfKind(f.kind)?.eval.unfixed as readonly string[] | undefined)?.includes(same.status)
                    ? `still ${same.status}: ${same.message}`
                    : undefined;
            if (problem) fixProblems.push(`${label.draft}: ${f.kind} “${f.text.slice(0, 60)}”: ${fix.title}: ${problem}`);
          }
        }
      }
      if (openWorld) {
        for (const f of findings) {
          if (!claimsOrigin(f.kind, f.status)) continue;
          const src = f.sources[0] && checker.source(f.sources[0].sourceId);
          falseClaims.push(`${label.draft}: ${f.kind} ${f.status} “${f.text.slice(0, 80)}”: ${f.message.slice(0, 160)}${src ? ` [${path.basename(src.id)}]` : ''}`);
        }
      }
    }
    const span = locate(d.text, label.text, label.occurrence ?? 1, checkOfKind(label.kind)?.eval.quoted ?? true);
    let got = MISSING;
    if (!span) unlocated++;
    else got = matchFinding(d.findings, label.kind, span)?.status ?? MISSING;
    const byKind = table.get(label.kind) ?? new Map<string, Map<string, number>>();
    table.set(label.kind, byKind);
    const row = byKind.get(label.status) ?? new Map<string, number>();
    byKind.set(label.status, row);
    row.set(got, (row.get(got) ?? 0) + 1);
    if (got !== label.status) errors.push(`${label.kind} expected ${label.status}, got ${got}: ${label.draft}: “${label.text.slice(0, 100)}”`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  let right = 0;
  for (const [kind, byKind] of table) {
    const statuses = [...byKind.keys()].sort();
    const gots = new Set<string>();
    for (const row of byKind.values()) for (const g of row.keys()) gots.add(g);
    const cols = [...new Set([...statuses, ...[...gots].sort()])];
    process.stdout.write(`\n${kind}\n`);
    process.stdout.write(`  ${'expected'.padEnd(14)} ${'right'.padStart(9)} ${'rate'.padStart(6)}   got: ${cols.map((c) => c.padStart(13)).join('')}\n`);
    for (const status of statuses) {
      const row = byKind.get(status)!;
      const total = [...row.values()].reduce((a, b) => a + b, 0);
      const ok = row.get(status) ?? 0;
      right += ok;
      process.stdout.write(
        `  ${status.padEnd(14)} ${`${ok}/${total}`.padStart(9)} ${pct(ok, total)}        ${cols.map((c) => String(row.get(c) ?? 0).padStart(13)).join('')}\n`,
      );
    }
  }
  if (checkFixes) {
    process.stdout.write(`\nfixes applied: ${fixesTried}, leaving the draft broken or unverified: ${fixProblems.length}\n`);
    for (const p of fixProblems) process.stdout.write(`  ${p}\n`);
  }
  if (openWorld) {
    // Against unrelated sources only the absence of a source is the right answer: labels say
    // nothing here; every finding that claims an origin or another speaker or date is wrong.
    process.stdout.write(`\nopen world: ${drafts.size} drafts against ${extra.join(', ')} alone\n`);
    process.stdout.write(`false claims (altered, misattributed, date or number mismatch): ${falseClaims.length}\n`);
    for (const c of falseClaims) process.stdout.write(`  ${c}\n`);
    return 0;
  }
  if (showErrors && errors.length) process.stdout.write(`\nerrors:\n${errors.map((e) => `  ${e}`).join('\n')}\n`);
  process.stdout.write(
    `\nsummary: ${right}/${labels.length} labels right (${pct(right, labels.length).trim()}), ${unlocated} not located in their draft, ${drafts.size} drafts, ${seconds.toFixed(2)} s\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
