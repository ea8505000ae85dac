// node dist/numbers-devset.js <out folder> [--seed N] [--shared DIR] [--clusters N] [--articles N]
// Generates a labelled development set for the numbers check (kind `number`, the eval format of
// ../shared/README.md) from real sentences: the sources of ../shared/eval/multinews-dev clusters
// and articles of ../shared/bench/news (BBC, Reuters-21578, PolNeAR). Nothing is copied into the
// project: the set's labels point at the corpora where they are, and the set folder is written
// where the caller says (research-use data stays outside the repository).
//
// Per story, a draft of up to four real sentences with figures, taken verbatim from different
// sources (each figure labelled `verified`); a restyled copy, each figure written another way
// that means the same ("24" ↔ "twenty-four", "40 percent" ↔ "40%", "$1.2 billion" ↔
// "$1,200 million", "about" before a round count: labelled `verified`); and for each exact
// figure a copy with that figure changed beyond any rounding, in the draft's own style (labelled
// `mismatch`). Sentences with quotation marks are left out (figures in quotations are not
// checked), and so are sentences the reader finds no figure in. Seeded: the same seed gives the
// same set.
import * as fs from 'fs';
import * as path from 'path';
import { readCorpus } from '../node/corpusFiles';
import { sourceHead, sourceSentences } from '../core/corpus/source';
import { readFigures, type Figure } from '../core/numbers/read';
import { renderLike } from '../core/numbers/render';
import type { SourceInput } from '../core/types';
import { seeded } from './bench/random';

interface Label {
  draft: string;
  corpus: string;
  kind: 'number';
  text: string;
  occurrence: number;
  status: 'verified' | 'mismatch';
  perturbation?: string;
  original?: string;
}


interface Picked {
  sentence: string;
  figures: Figure[];
}

/** Sentences of a source with figures, none in quotation marks, of ordinary length (figures' offsets relative to the sentence). */
function figureSentences(input: SourceInput): Picked[] {
  const { view } = sourceHead(input);
  const out: Picked[] = [];
  for (const s of sourceSentences(view)) {
    // Reuters' ticker marks ("<Georgia Gulf Corp>") would read as HTML in a Markdown draft: keep their words.
    const raw = input.text.slice(s.start, s.end).replace(/\s+/g, ' ').replace(/<([^<>]*)>/g, '$1').trim();
    if (raw.length < 50 || raw.length > 320 || /["“”«»]/.test(raw) || /^#|\|/.test(raw)) continue;
    const figures = readFigures(raw);
    if (figures.length && figures.length <= 4) out.push({ sentence: raw, figures });
  }
  return out;
}

function occurrence(text: string, at: number, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && i <= at; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** A value clearly not the figure's: beyond its rounding and any reading of it. */
function changedValue(f: Figure, random: () => number): number | undefined {
  const v = f.value;
  if (f.kind === 'share') {
    const step = 0.1 + random() * 0.2;
    const w = v + (v > 0.5 ? -step : step);
    return Math.round(w * 100) / 100;
  }
  if (Number.isInteger(v) && v <= 20) {
    const w = v + (random() < 0.5 && v > 4 ? -1 : 1) * (2 + Math.floor(random() * 4));
    return w > 0 ? w : v + 3;
  }
  const factor = 1.3 + random() * 1.7;
  const w = random() < 0.5 || v < 10 ? v * factor : v / factor;
  // As many significant digits as the figure shows.
  const digits = Math.max(1, String(f.style.words ? v : v / f.style.scale).replace(/[^0-9]/g, '').replace(/0+$/, '').length);
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(w))) - digits + 1);
  return Math.round(w / mag) * mag;
}

/** The figure written another way with the same meaning, or undefined. */
function restyled(sentence: string, f: Figure, random: () => number): string | undefined {
  const text = sentence.slice(f.start, f.end);
  const num = sentence.slice(f.style.numStart, f.style.numEnd);
  if (f.hedge !== 'exact') return undefined;
  if (f.kind === 'share' && f.style.percent) {
    if (/%$/.test(text)) return text.replace(/\s?%$/, ' percent');
    if (/\s?(?:percent|per cent|pct)$/i.test(text)) return text.replace(/\s?(?:percent|per cent|pct)$/i, '%');
    return undefined;
  }
  if (f.kind === 'count' && !f.style.words && Number.isInteger(f.value) && f.value >= 2 && f.value <= 99 && text === num) {
    return renderLike({ ...f, style: { ...f.style, words: true } }, sentence, f.value)?.newText;
  }
  if (f.kind === 'count' && f.style.words && f.value >= 2 && f.value <= 99) return String(f.value);
  if (f.kind === 'money' && f.style.scale >= 1e9 && /^[$£€]/.test(text)) {
    const sign = text[0];
    const millions = Math.round((f.value / 1e6) * 1000) / 1000;
    return Number.isInteger(millions) ? `${sign}${millions.toLocaleString('en-US')} million` : undefined;
  }
  if (f.kind === 'money' && f.style.scale === 1e6 && /^[$£€][\d.]+\s?(?:million|m|mn|mln)$/i.test(text)) {
    return text.replace(/\s?(?:million|m|mn|mln)$/i, random() < 0.5 ? 'm' : ' million');
  }
  if (f.kind === 'count' && !f.style.words && f.value >= 40 && /0$/.test(num.replace(/[,.]/g, ''))) return `about ${text}`;
  return undefined;
}

interface Story {
  id: string;
  corpus: string;
  picked: Picked[];
}

function write(out: string, story: Story, random: () => number, labels: Label[]): void {
  const corpus = path.relative(out, story.corpus);
  const draftPath = (suffix: string) => `drafts/${story.id}${suffix}.md`;
  const save = (suffix: string, sentences: string[]) => fs.writeFileSync(path.join(out, draftPath(suffix)), sentences.join('\n\n') + '\n');
  const sentences = story.picked.map((p) => p.sentence);
  // The correct draft: every figure verified.
  save('', sentences);
  const full = sentences.join('\n\n') + '\n';
  let offset = 0;
  story.picked.forEach((p) => {
    for (const f of p.figures) {
      const text = p.sentence.slice(f.hedgeStart, f.end);
      labels.push({ draft: draftPath(''), corpus, kind: 'number', text, occurrence: occurrence(full, offset + f.hedgeStart, text), status: 'verified' });
    }
    offset += p.sentence.length + 2;
  });
  // Restyled: the same figures written another way.
  const styled: string[] = [];
  const styledLabels: { sentence: number; text: string; at: number }[] = [];
  story.picked.forEach((p, k) => {
    let s = p.sentence;
    const edits: { at: number; delta: number; text: string }[] = [];
    for (const f of [...p.figures].reverse()) {
      const other = restyled(s, f, random);
      if (!other) continue;
      s = s.slice(0, f.start) + other + s.slice(f.end);
      edits.push({ at: f.start, delta: other.length - (f.end - f.start), text: other });
    }
    // Edits were made right to left: each label moves by the edits to its left.
    for (const e of edits) styledLabels.push({ sentence: k, text: e.text, at: e.at + edits.filter((x) => x.at < e.at).reduce((a, x) => a + x.delta, 0) });
    styled.push(s);
  });
  if (styledLabels.length) {
    save('__s', styled);
    const text = styled.join('\n\n') + '\n';
    for (const l of styledLabels) {
      const at = styled.slice(0, l.sentence).reduce((a, s) => a + s.length + 2, 0) + l.at;
      labels.push({ draft: draftPath('__s'), corpus, kind: 'number', text: l.text, occurrence: occurrence(text, at, l.text), status: 'verified', perturbation: 'restyle' });
    }
  }
  // One changed figure per copy.
  let n = 0;
  story.picked.forEach((p, k) => {
    for (const f of p.figures) {
      if (f.hedge !== 'exact' || f.kind === 'rank') continue;
      const v = changedValue(f, random);
      if (v === undefined || v === f.value) continue;
      const edit = renderLike(f, p.sentence, v);
      if (!edit) continue;
      const changed = p.sentence.slice(0, edit.start) + edit.newText + p.sentence.slice(edit.end);
      const copy = [...sentences];
      copy[k] = changed;
      const suffix = `__p${++n}`;
      save(suffix, copy);
      const figText = changed.slice(f.hedgeStart, edit.start) + edit.newText + p.sentence.slice(edit.end, f.end);
      const text = copy.join('\n\n') + '\n';
      const at = copy.slice(0, k).reduce((a, s) => a + s.length + 2, 0) + f.hedgeStart;
      labels.push({ draft: draftPath(suffix), corpus, kind: 'number', text: figText, occurrence: occurrence(text, at, figText), status: 'mismatch', perturbation: 'value', original: p.sentence.slice(f.hedgeStart, f.end) });
    }
  });
}

function main(argv: string[]): number {
  let seed = 12;
  let shared = path.resolve(__dirname, '..', '..', 'shared');
  let clusterCount = 100;
  let articleCount = 40;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--shared') shared = path.resolve(argv[++i]);
    else if (a === '--clusters') clusterCount = Number(argv[++i]);
    else if (a === '--articles') articleCount = Number(argv[++i]);
    else if (!a.startsWith('--')) out = path.resolve(a);
    else {
      process.stderr.write(`numbers-devset: unknown option ${a}\n`);
      return 2;
    }
  }
  if (!out) {
    process.stderr.write('usage: numbers-devset <out folder> [--seed N] [--shared DIR] [--clusters N] [--articles N]\n');
    return 2;
  }
  const random = seeded(seed).next;
  fs.mkdirSync(path.join(out, 'drafts'), { recursive: true });
  const labels: Label[] = [];
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  // Multi-News clusters: sentences from different sources of one story, against its sources.
  const clustersDir = path.join(shared, 'eval', 'multinews-dev', 'clusters');
  const clusters = fs.existsSync(clustersDir) ? fs.readdirSync(clustersDir).sort().slice(0, clusterCount) : [];
  for (const c of clusters) {
    const dir = path.join(clustersDir, c, 'sources');
    const inputs = readCorpus([dir]).inputs;
    const picked: Picked[] = [];
    for (const input of shuffle(inputs)) {
      const cands = shuffle(figureSentences(input));
      if (cands.length) picked.push(cands[0]);
      if (picked.length >= 4) break;
    }
    if (picked.length) write(out, { id: `mn_${c}`, corpus: dir, picked }, random, labels);
  }
  // Bench articles: sentences of one article, against the whole collection it belongs to.
  for (const collection of ['bbc', 'reuters21578', 'polnear']) {
    const dir = path.join(shared, 'bench', 'news', collection);
    if (!fs.existsSync(dir)) continue;
    const files = shuffle(fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort());
    let made = 0;
    for (const f of files) {
      if (made >= articleCount) break;
      const input = readCorpus([path.join(dir, f)]).inputs[0];
      if (!input) continue;
      const cands = shuffle(figureSentences(input)).slice(0, 3);
      if (cands.length < 2) continue;
      write(out, { id: `${collection}_${f.replace(/\.txt$/, '')}`, corpus: dir, picked: cands }, random, labels);
      made++;
    }
  }
  fs.writeFileSync(path.join(out, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const by = (s: string) => labels.filter((l) => l.status === s).length;
  process.stdout.write(`numbers-devset: ${labels.length} labels (${by('verified')} verified, ${by('mismatch')} mismatch) in ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
