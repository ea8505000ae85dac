// Measures date anchoring on real wire copy: Reuters-21578 stories, whose publication dates the
// bench manifest records (and whose texts carry them on their second line).
//   npx tsx server/src/tools/dates-anchoring-eval.ts [bench/news folder] [--stories N]
// Figures:
//   1. datelines: the date read from each story's header equals the manifest date;
//   2. weekdays against stated dates: in "Monday, March 2" (within a week of the story) the
//      weekday alone, read with the story's date and the tense, lands on the stated date; and how
//      many such real dates are flagged inconsistent;
//   3. end to end: story sentences with a bare weekday, used as drafts against a corpus of stories
//      (the story itself included): verified when dated like the story; verified when dated a day
//      later (the anchor moves, the weekday does not); mismatch once the weekday is changed.
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, type SourceInput } from '../core/index';
import { dayNumber, toYmd, weekdayOf } from '../core/dates/calendar';
import { findDateline } from '../core/dates/anchor';
import { extractDates } from '../core/dates/extract';
import { WEEKDAY_NAMES } from '../core/dates/lexicon';
import { resolveDate } from '../core/dates/resolve';
import { tenseAround } from '../core/dates/tense';
import { sentenceSpans } from '../core/text/sentences';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface Story {
  file: string;
  text: string;
  day: number;
}

function iso(day: number): string {
  const { year, month, day: d } = toYmd(day);
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function readStories(bench: string, limit: number): Story[] {
  const manifest = fs.readFileSync(path.join(bench, 'manifest.tsv'), 'utf8').split('\n').slice(1);
  const out: Story[] = [];
  for (const line of manifest) {
    const [file, corpus, date] = line.split('\t');
    if (corpus !== 'reuters21578') continue;
    const m = /^(\d{1,2})-([A-Z]{3})-(\d{4})/.exec(date ?? '');
    if (!m) continue;
    out.push({ file, text: fs.readFileSync(path.join(bench, file), 'utf8'), day: dayNumber(Number(m[3]), MONTHS.indexOf(m[2]) + 1, Number(m[1])) });
    if (out.length >= limit) break;
  }
  return out;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');

function datelines(stories: Story[]): string {
  let right = 0;
  let found = 0;
  for (const s of stories) {
    const d = findDateline(s.text, 0);
    if (!d || d.year === undefined) continue;
    found++;
    if (dayNumber(d.year, d.month, d.day) === s.day) right++;
  }
  return `datelines: ${found}/${stories.length} found, ${right}/${found} equal to the manifest date (${pct(right, found)})`;
}

function weekdaysAgainstStatedDates(stories: Story[]): string {
  let total = 0;
  let right = 0;
  let inconsistent = 0;
  let weekdayDates = 0;
  const wrong: string[] = [];
  for (const s of stories) {
    const dl = findDateline(s.text, 0);
    for (const sent of sentenceSpans(s.text)) {
      const exprs = extractDates(s.text, sent.start, sent.end).filter((e) => !dl || e.coreStart !== dl.start);
      for (const e of exprs) {
        if (e.form !== 'date' || e.weekday === undefined || e.day === undefined) continue;
        weekdayDates++;
        const tense = tenseAround(s.text, sent.start, sent.end, e.coreStart, e.coreEnd, exprs);
        const full = resolveDate(e, s.day, tense);
        if (full?.inconsistent) inconsistent++;
        // A writer names a bare weekday only within the week around the story.
        if (!full || full.inconsistent || Math.abs(full.period.start - s.day) > 6) continue;
        // The weekday alone, as if the writer had left out the date.
        const bare = resolveDate({ ...e, form: 'weekday', month: undefined, day: undefined, year: undefined }, s.day, tense);
        total++;
        if (bare && bare.period.start === full.period.start) right++;
        else if (wrong.length < 5) wrong.push(`${s.file}: “${s.text.slice(e.start, e.end)}” (story ${iso(s.day)}): weekday alone → ${bare ? iso(bare.period.start) : '-'}`);
      }
    }
  }
  return [
    `weekdays with a stated date: ${weekdayDates}; flagged inconsistent: ${inconsistent} (${pct(inconsistent, weekdayDates)})`,
    `weekday alone lands on the stated date: ${right}/${total} (${pct(right, total)})`,
    ...wrong.map((w) => `  miss: ${w}`),
  ].join('\n');
}

function endToEnd(stories: Story[], maxDrafts: number): string {
  const inputs: SourceInput[] = stories.map((s) => ({ id: s.file, text: s.text, fallbackTitle: path.basename(s.file) }));
  const checker = createChecker(inputs);
  const counts = { drafts: 0, same: 0, later: 0, changed: 0, falseMismatch: 0, changedVerified: 0 };
  const misses: string[] = [];
  for (const s of stories) {
    if (counts.drafts >= maxDrafts) break;
    const body = s.text.slice(s.text.indexOf('\n\n') + 2);
    for (const sent of sentenceSpans(body)) {
      const sentence = body.slice(sent.start, sent.end).replace(/\s+/g, ' ');
      const exprs = extractDates(sentence);
      const e = exprs.find((x) => x.form === 'weekday' && !x.shift);
      if (!e || exprs.length > 1 || sentence.length < 60) continue;
      counts.drafts++;
      const status = (text: string, day: number, coreEnd = e.coreEnd) =>
        checker.check({ text, languageId: 'plaintext', date: iso(day) }).findings.find((f) => f.kind === 'date' && f.start <= e.coreStart && f.end >= coreEnd)?.status;
      const same = status(sentence, s.day);
      if (same === 'verified') counts.same++;
      else if (misses.length < 6) misses.push(`${s.file} (${iso(s.day)}) ${same}: ${sentence.slice(0, 140)}`);
      if (same === 'mismatch') counts.falseMismatch++;
      if (status(sentence, s.day + 1) === 'verified') counts.later++;
      // Another weekday, two days off the original reading, in the same words.
      const word = sentence.slice(e.coreStart, e.coreEnd);
      const other = WEEKDAY_NAMES[(weekdayOf(s.day) + 5) % 7] === word ? WEEKDAY_NAMES[(weekdayOf(s.day) + 4) % 7] : WEEKDAY_NAMES[((e.weekday ?? 0) + 2) % 7];
      const changed = sentence.slice(0, e.coreStart) + other + sentence.slice(e.coreEnd);
      const c = status(changed, s.day, e.coreStart + other.length);
      if (c === 'mismatch') counts.changed++;
      if (c === 'verified') counts.changedVerified++;
      if (c !== 'mismatch' && process.env.DATES_EVAL_DEBUG) process.stderr.write(`changed, ${c}: ${s.file} (${iso(s.day)}): ${changed}\n`);
      if (counts.drafts >= maxDrafts) break;
    }
  }
  const n = counts.drafts;
  return [
    `end to end: ${n} story sentences with one bare weekday, checked against ${stories.length} stories`,
    `  dated like the story:       verified ${counts.same}/${n} (${pct(counts.same, n)}), mismatch ${counts.falseMismatch}`,
    `  dated a day later:          verified ${counts.later}/${n} (${pct(counts.later, n)})`,
    `  weekday changed (+2 days):  mismatch ${counts.changed}/${n} (${pct(counts.changed, n)}), still verified ${counts.changedVerified}`,
    ...misses.map((m) => `  not verified: ${m}`),
  ].join('\n');
}

function main(argv: string[]): number {
  const bench = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'bench', 'news');
  const n = Number(argv[argv.indexOf('--stories') + 1]) || 3000;
  if (!fs.existsSync(path.join(bench, 'manifest.tsv'))) {
    process.stderr.write(`dates-anchoring-eval: no manifest.tsv in ${bench}\n`);
    return 2;
  }
  const started = Date.now();
  const stories = readStories(bench, n);
  process.stdout.write(`${stories.length} Reuters-21578 stories\n`);
  process.stdout.write(`${datelines(stories)}\n`);
  process.stdout.write(`${weekdaysAgainstStatedDates(readStories(bench, 100_000))}\n`);
  process.stdout.write(`${endToEnd(stories, 300)}\n`);
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
