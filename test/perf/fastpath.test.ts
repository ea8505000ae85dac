// The fast path (compact index, merged candidate search, persisted index, caches) must find what
// the simple path finds. Small corpora built here with a seeded generator, plus the bundled one;
// every comparison is against a brute-force or straightforward reference.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CANDIDATE_HITS, judgeQuote, quoteWords, variantOrigins, type CandidateSearch, type Origin, type QuoteJudgement } from '../../server/src/core/checks/quotes';
import { CorpusIndex, IndexBuilder } from '../../server/src/core/corpus/index';
import { prepareSource } from '../../server/src/core/corpus/source';
import { createChecker, createCheckerFromIndex, createCheckerFromPrepared, type Finding, type SourceInput } from '../../server/src/core/index';
import { readCorpus } from '../../server/src/node/corpusFiles';
import { loadIndex, loadIndexSync, sectionSpans } from '../../server/src/node/indexCache';
import { headerOf, resealed } from '../indexFiles';
import { tokenize } from '../../server/src/core/text/tokens';
import { sentenceAround } from '../../server/src/core/text/sentences';
import { corpusDates } from '../../server/src/core/dates/sources';
import { eventWordsOf } from '../../server/src/core/dates/eventWords';
import { pairSources } from '../../server/src/core/dates/match';
import { DATES_TABLE, readSourceDates } from '../../server/src/core/dates/stored';
import { findDateline } from '../../server/src/core/dates/anchor';
import { proseView } from '../../server/src/core/text/markdown';
import { sourceLanguage, sourceSentences } from '../../server/src/core/corpus/source';
import { seeded, type Random } from '../../server/src/tools/bench/random';

const ROOT = path.join(__dirname, '..', '..');

// A Zipf-like vocabulary: a few very common words, many rare ones, so that candidate search meets
// long postings lists as it does in real corpora.
const COMMON = ['the', 'of', 'and', 'to', 'a', 'in', 'said', 'that', 'it', 'was', 'for', 'on', 'is', 'with', 'he', 'would', 'not'];

function vocabulary(rng: Random): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ser', 'tan', 'vo', 'ri', 'del', 'pun', 'est', 'gor', 'ul', 'ba', 'nir', 'che'];
  const out = new Set<string>();
  while (out.size < 600) {
    const n = rng.int(2, 4);
    let w = '';
    for (let i = 0; i < n; i++) w += rng.pick(syllables);
    out.add(w);
  }
  return [...out];
}

function word(rng: Random, vocab: string[]): string {
  if (rng.chance(0.45)) return rng.pick(COMMON);
  // Rarer the further down the list.
  const i = Math.floor(vocab.length * Math.pow(rng.next(), 2.2));
  return vocab[i];
}

function sentence(rng: Random, vocab: string[]): string {
  const n = rng.int(8, 22);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(word(rng, vocab));
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  if (rng.chance(0.2)) words.splice(rng.int(1, words.length - 1), 0, `${rng.int(2, 99)},${rng.int(100, 999)}`);
  return words.join(rng.chance(0.1) ? ',  ' : ' ') + '.';
}

/** Sources with shared passages (wire copy reprinted with small changes), some in Markdown. */
function corpus(seed: number, count: number): SourceInput[] {
  const rng = seeded(seed);
  const vocab = vocabulary(rng);
  const pool: string[] = [];
  const out: SourceInput[] = [];
  for (let s = 0; s < count; s++) {
    const paras: string[] = [];
    for (let p = 0; p < rng.int(3, 7); p++) {
      const sents: string[] = [];
      for (let k = 0; k < rng.int(2, 5); k++) {
        if (pool.length && rng.chance(0.15)) {
          const reused = rng.pick(pool).split(' ');
          if (rng.chance(0.5)) reused[rng.int(1, reused.length - 2)] = word(rng, vocab);
          sents.push(reused.join(' '));
        } else {
          const x = sentence(rng, vocab);
          pool.push(x);
          sents.push(rng.chance(0.1) ? `“${x.slice(0, -1)},” he said.` : x);
        }
      }
      paras.push(sents.join(rng.chance(0.2) ? '\n' : ' '));
    }
    const md = s % 4 === 0;
    const text = md ? `---\ntitle: Story ${s}\ndate: 2014-09-${String(1 + (s % 28)).padStart(2, '0')}\n---\n\n# Story ${s}\n\n${paras.join('\n\n')}\n` : `${paras.join('\n\n')}\n`;
    out.push({ id: `/corpus/story-${String(s).padStart(3, '0')}.${md ? 'md' : 'txt'}`, text, fallbackTitle: `story-${s}` });
  }
  return out;
}

interface Sampled {
  text: string;
  kind: string;
}

/** Quotations to look up: verbatim, altered, with the writer's brackets and ellipses, short, made up. */
function quotations(seed: number, inputs: readonly SourceInput[], n: number): Sampled[] {
  const rng = seeded(seed);
  const out: Sampled[] = [];
  while (out.length < n) {
    const src = prepareSource(rng.pick(inputs));
    if (src.tokens.length < 20) continue;
    const len = rng.int(3, 16);
    const from = rng.int(0, src.tokens.length - len);
    const words = src.tokens.slice(from, from + len).map((t) => src.text.slice(t.start, t.end));
    const kind = rng.pick(['verbatim', 'verbatim', 'substitute', 'delete', 'insert', 'swap', 'bracket', 'ellipsis', 'short', 'salad']);
    const i = rng.int(1, Math.max(1, words.length - 2));
    if (kind === 'substitute') words[i] = 'zzyzx';
    else if (kind === 'delete') words.splice(i, 1);
    else if (kind === 'insert') words.splice(i, 0, 'never');
    else if (kind === 'swap' && i + 1 < words.length) [words[i], words[i + 1]] = [words[i + 1], words[i]];
    else if (kind === 'bracket') words[i] = `[${words[i]}]`;
    else if (kind === 'ellipsis' && i + 2 < words.length) words.splice(i, 2, '…');
    else if (kind === 'short') words.length = rng.int(1, 2);
    else if (kind === 'salad') rng.shuffle(words);
    out.push({ text: words.join(' '), kind });
  }
  return out;
}

function draftOf(quotes: readonly Sampled[]): string {
  return `# Draft\n\n${quotes.map((q, i) => `Speaker ${i} said: “${q.text}.” It was on Monday, Sept. 15.`).join('\n\n')}\n`;
}

/** Every source, whole: the alignment then finds the best passage of each without any shortlist. */
const everySource: CandidateSearch = (index) => index.sources.map((_s, i) => ({ source: i, from: 0, to: index.sourceStart[i + 1] - index.sourceStart[i] }));

/** The candidate search written the straightforward way: collect every hit, sort, score, sort. */
const sortedCandidates: CandidateSearch = (index, q, limit) => {
  const distinct = new Map<number, number[]>();
  q.forEach((w, i) => {
    if (w.free || w.id < 0) return;
    distinct.set(w.id, [...(distinct.get(w.id) ?? []), i]);
  });
  const seeds = [...distinct.keys()].sort((a, b) => index.frequency(a) - index.frequency(b));
  const chosen = seeds.slice(0, Math.max(8, Math.ceil(seeds.length * 0.6)));
  const hits: { diag: number; word: number }[] = [];
  let spent = 0;
  for (const id of chosen) {
    const pos = index.positions(id);
    if (spent + pos.length > CANDIDATE_HITS && hits.length > 0) break;
    spent += pos.length;
    for (const qi of distinct.get(id)!) for (const p of pos) hits.push({ diag: p - qi, word: id });
  }
  hits.sort((a, b) => a.diag - b.diag);
  const spread = Math.max(6, Math.ceil(q.length * 0.5));
  const scored: { score: number; lo: number; hi: number }[] = [];
  const counts = new Map<number, number>();
  let lo = 0;
  for (let hi = 0; hi < hits.length; hi++) {
    counts.set(hits[hi].word, (counts.get(hits[hi].word) ?? 0) + 1);
    while (hits[hi].diag - hits[lo].diag > spread) {
      const c = counts.get(hits[lo].word)! - 1;
      if (c === 0) counts.delete(hits[lo].word);
      else counts.set(hits[lo].word, c);
      lo++;
    }
    scored.push({ score: counts.size, lo: hits[lo].diag, hi: hits[hi].diag });
  }
  scored.sort((a, b) => b.score - a.score || a.lo - b.lo);
  const out: Origin[] = [];
  const taken: { s: number; lo: number; hi: number }[] = [];
  for (const c of scored) {
    if (out.length >= limit || c.score < Math.min(2, distinct.size)) break;
    // A window crossing from one source into the next is a passage in each.
    for (let s = index.sourceOf(Math.max(0, c.lo)); s <= index.sourceOf(Math.max(0, c.hi)) && out.length < limit; s++) {
      const base = index.sourceStart[s];
      const from = Math.max(base, c.lo - 8);
      const to = Math.min(index.sourceStart[s + 1], c.hi + q.length + 8);
      if (to <= from || taken.some((t) => t.s === s && from < t.hi && to > t.lo)) continue;
      taken.push({ s, lo: from, hi: to });
      out.push({ source: s, from: from - base, to: to - base });
    }
  }
  return out;
};

/** Where a phrase of normalised words occurs, by scanning every source's words. */
function scanPhrase(prepared: readonly { tokens: { norm: string }[] }[], norms: readonly string[]): string[] {
  const out: string[] = [];
  prepared.forEach((s, si) => {
    for (let i = 0; i + norms.length <= s.tokens.length; i++) {
      if (norms.every((w, k) => s.tokens[i + k].norm === w)) out.push(`${si}:${i}-${i + norms.length}`);
    }
  });
  return out;
}

const quoteFindings = (fs: readonly Finding[]) => fs.filter((f) => f.kind === 'quote');
const wordingOf = (index: CorpusIndex, o: Origin) => {
  const src = index.sources[o.source];
  return src.tokens.slice(o.from, o.to).map((t) => t.norm).join(' ');
};

describe('fast path agrees with the simple path and brute force', function () {
  this.timeout(60_000);
  const inputs = [...corpus(11, 80), ...readCorpus([path.join(ROOT, 'corpus')]).inputs];
  const prepared = inputs.map(prepareSource);
  const builder = new IndexBuilder();
  inputs.forEach((i) => builder.add(i));
  const fast = builder.finish();
  const simple = new CorpusIndex(prepared);
  const sample = quotations(5, inputs, 160);

  it('the compact index holds the same words, offsets, sentences and quotations as prepared sources', () => {
    assert.equal(fast.tokenCount, simple.tokenCount);
    prepared.forEach((p, i) => {
      const s = fast.sources[i];
      assert.deepEqual(s.tokens, p.tokens, p.id);
      assert.deepEqual(s.sentences, p.sentences, p.id);
      assert.deepEqual(s.quotes, p.quotes, p.id);
      assert.deepEqual(s.meta, p.meta, p.id);
      assert.equal(s.bodyStart, p.bodyStart, p.id);
      const sentenceOf = new Int32Array(p.tokens.length).fill(-1);
      p.tokens.forEach((t, j) => {
        const k = p.sentences.findIndex((x) => x.start <= t.start && t.start < x.end);
        sentenceOf[j] = k;
      });
      assert.deepEqual(fast.sentenceOfTokens(i), sentenceOf, p.id);
    });
  });

  it('the sentence around a passage, by binary search in the compact bounds, is the one a scan of the sentences finds', () => {
    const rng = seeded(21);
    for (let n = 0; n < 2000; n++) {
      const i = rng.int(0, prepared.length - 1);
      const p = prepared[i];
      const a = rng.int(0, p.text.length);
      const b = Math.min(p.text.length, a + rng.int(0, 200));
      assert.deepEqual(fast.sentenceAround(i, a, b), sentenceAround(p.sentences, a, b), `${p.id} ${a}-${b}`);
      assert.deepEqual(simple.sentenceAround(i, a, b), sentenceAround(p.sentences, a, b), `${p.id} ${a}-${b}`);
    }
  });

  it('exact phrase lookup finds what a scan of every source finds', () => {
    for (const q of sample) {
      const norms = tokenize(q.text).map((t) => t.norm);
      const ids = norms.map((w) => fast.idOf(w));
      const found = fast.findPhrase(ids).map((o) => `${o.source}:${o.from}-${o.to}`);
      assert.deepEqual(found, scanPhrase(prepared, norms), q.text);
    }
  });

  it('the merged candidate search returns what collecting and sorting every hit returns', () => {
    for (const q of sample) {
      const qw = quoteWords(q.text, { start: 0, end: q.text.length }, fast);
      assert.deepEqual(judgeQuote(fast, qw, 2), judgeQuote(fast, qw, 2, sortedCandidates), q.text);
    }
  });

  // Candidate search is a shortlist (the twelve best clusters of the quote's rarer words): for a
  // quotation of a few common words the best passage may be elsewhere. From six words on, it must
  // find what exhaustive alignment finds.
  it('judgements of quotations of six words or more agree with aligning against every source in full', () => {
    let altered = 0;
    for (const q of sample) {
      const qw = quoteWords(q.text, { start: 0, end: q.text.length }, fast);
      if (qw.ownWords < 6) continue;
      const got: QuoteJudgement = judgeQuote(fast, qw, 2);
      const ref: QuoteJudgement = judgeQuote(fast, qw, 2, everySource);
      assert.equal(got.status, ref.status, `${q.kind}: ${q.text}`);
      if (got.status === 'altered') {
        altered++;
        assert.equal(got.origins[0].alignment!.cost, ref.origins[0].alignment!.cost, q.text);
        const best = ref.origins.filter((o) => o.alignment!.cost === ref.origins[0].alignment!.cost).map((o) => wordingOf(fast, o));
        assert.ok(best.includes(wordingOf(fast, got.origins[0])), q.text);
      }
      if (got.status === 'verified') {
        const key = (o: Origin) => `${o.source}:${o.from}-${o.to}`;
        assert.deepEqual(new Set(got.origins.map(key)).size > 0, ref.origins.length > 0);
      }
    }
    assert.ok(altered >= 20, `only ${altered} altered quotations in the sample`);
  });

  it('other versions of verified quotations: skipping windows that cannot be origins finds what aligning every window finds', () => {
    // Passages reprinted with a word changed, dropped or added, amid other text, some mixing
    // reprints of two passages, so that the thirds of a quotation hit windows of every kind.
    const rng = seeded(31);
    const vocab = vocabulary(rng);
    const passages = Array.from({ length: 30 }, () => sentence(rng, vocab).slice(0, -1).split(' ').slice(0, 14));
    const varied = (p: string[]) => {
      const w = [...p];
      const i = rng.int(1, w.length - 2);
      const how = rng.int(0, 3);
      if (how === 0) w[i] = word(rng, vocab);
      else if (how === 1) w.splice(i, 1);
      else if (how === 2) w.splice(i, 0, word(rng, vocab));
      else [w[i], w[i + 1]] = [w[i + 1], w[i]];
      return w.join(' ');
    };
    const texts: SourceInput[] = [];
    for (let k = 0; k < 90; k++) {
      const p = rng.pick(passages);
      const body = [sentence(rng, vocab), rng.chance(0.3) ? p.join(' ') + '.' : varied(p) + '.', sentence(rng, vocab)];
      if (rng.chance(0.3)) body.push(varied(rng.pick(passages)).split(' ').slice(0, 7).join(' ') + '.');
      texts.push({ id: `/v/${k}.txt`, text: body.join(' ') + '\n', fallbackTitle: `v${k}` });
    }
    const b = new IndexBuilder();
    texts.forEach((t) => b.add(t));
    const index = b.finish();
    let variants = 0;
    let checked = 0;
    for (const p of passages) {
      const text = p.join(' ');
      const qw = quoteWords(text, { start: 0, end: text.length }, index);
      const exact = index.findPhrase(qw.words.map((w) => w.id));
      if (!exact.length) continue;
      checked++;
      const pruned = variantOrigins(index, qw, 2, exact);
      assert.deepEqual(pruned, variantOrigins(index, qw, 2, exact, false), text);
      variants += pruned.length;
    }
    assert.ok(checked >= 10 && variants >= 30, `${variants} variants of ${checked} verified quotations`);
  });

  it('checkers over the compact index and over prepared sources give the same findings', () => {
    const draft = draftOf(sample.slice(0, 60));
    const a = createChecker(inputs).check({ text: draft, languageId: 'markdown' }).findings;
    const b = createCheckerFromPrepared(prepared).check({ text: draft, languageId: 'markdown' }).findings;
    assert.deepEqual(a, b);
    assert.ok(quoteFindings(a).length >= 60);
  });

  it('a checker re-checking an edited draft finds what a new checker finds', () => {
    const checker = createChecker(inputs);
    let draft = draftOf(sample.slice(0, 40));
    checker.check({ text: draft, languageId: 'markdown' });
    for (const q of sample.slice(40, 50)) {
      draft = draft.replace('\n\n', `\n\nShe said: “${q.text}.”\n\n`);
      const again = checker.check({ text: draft, languageId: 'markdown' }).findings;
      const fresh = createChecker(inputs).check({ text: draft, languageId: 'markdown' }).findings;
      assert.deepEqual(again, fresh);
    }
  });
});

/** The same sources with dates written into some of their sentences. */
function withDates(seed: number, inputs: readonly SourceInput[]): SourceInput[] {
  const rng = seeded(seed);
  const phrases = ['on Monday', 'in 2013', 'last week', 'on Sept. 15', 'yesterday', 'on 15 September 2014', 'in March', 'two days ago', 'on Tuesday, Sept. 16'];
  return inputs.map((i) => ({ ...i, text: i.text.replace(/\.(?= [A-Z])/g, (m) => (rng.chance(0.3) ? ` ${rng.pick(phrases)}.` : m)) }));
}

const plain = (x: unknown) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));

describe('dates: stored and looked up as the simple path reads them', function () {
  this.timeout(60_000);
  const dir = path.join(ROOT, 'test', 'fixtures', 'dates', 'corpus');
  const fixtures = fs.readdirSync(dir).map((f) => ({ id: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8'), fallbackTitle: f }));
  const inputs = [...withDates(3, corpus(13, 60)), ...fixtures, ...readCorpus([path.join(ROOT, 'corpus')]).inputs];
  const builder = new IndexBuilder();
  inputs.forEach((i) => builder.add(i));
  const index = builder.finish();

  it('every source\'s stored dates are what reading its text gives', () => {
    let dates = 0;
    inputs.forEach((input, i) => {
      const view = proseView(input.text, sourceLanguage(input.id));
      const sentences = sourceSentences(view);
      const dateline = findDateline(view.masked, view.bodyStart);
      assert.deepEqual(plain(index.sources[i].dateline), plain(dateline), input.id);
      const read = readSourceDates(view.masked, sentences, dateline);
      assert.deepEqual(plain(index.sources[i].dates), plain(read), input.id);
      dates += read.length;
    });
    assert.ok(dates > 150, `only ${dates} dates`);
  });

  it('each source date\'s event words, kept as stem numbers, are those the draft side reads (eventWordsOf)', () => {
    const cd = corpusDates(index);
    let rows = 0;
    inputs.forEach((_input, i) => {
      const src = index.sources[i];
      const dates = src.dates;
      const base = index.table(DATES_TABLE).start[i];
      dates.forEach((d, j) => {
        const sent = src.sentences[d.sentence];
        const inSentence = dates.filter((x) => x.sentence === d.sentence);
        const tokens = src.tokens.filter((t) => t.start >= sent.start && t.start < sent.end);
        const words = eventWordsOf(tokens, inSentence.map((x) => x.expr))[inSentence.indexOf(d)];
        assert.deepEqual(cd.eventStemWords(base + j).sort(), [...new Set(words.map((w) => w.stem))].sort(), src.id);
        rows++;
      });
    });
    assert.ok(rows > 150);
  });

  it('pairing leaves out only the pairings below both the least share and the least evidence asked for', () => {
    const cd = corpusDates(index);
    const rng = seeded(4);
    let kept = 0;
    for (let n = 0; n < 60; n++) {
      const i = rng.int(0, inputs.length - 1);
      const src = index.sources[i];
      const dates = src.dates;
      if (!dates.length) continue;
      const d = rng.pick(dates);
      const sent = src.sentences[d.sentence];
      const inSentence = dates.filter((x) => x.sentence === d.sentence).map((x) => x.expr);
      const words = eventWordsOf(src.tokens.filter((t) => t.start >= sent.start && t.start < sent.end), inSentence)[inSentence.indexOf(d.expr)];
      const anchor = { day: 16_328, origin: 'draft' as const };
      const all = pairSources(cd, words, anchor);
      const some = pairSources(cd, words, anchor, [], 0.3);
      assert.deepEqual(some, all.filter((p) => p.score >= 0.3));
      const either = pairSources(cd, words, anchor, [], 0.6, 2);
      assert.deepEqual(either, all.filter((p) => p.score >= 0.6 || p.evidence >= 2));
      kept += some.length;
    }
    assert.ok(kept > 20, `${kept}`);
  });

  it('the search for dated sentences sharing words finds what counting words in every dated sentence finds', () => {
    const cd = corpusDates(index);
    // Every dated sentence, in corpus order, with its words.
    const dated: { source: number; words: Set<string> }[] = [];
    inputs.forEach((_input, i) => {
      const src = index.sources[i];
      const seen = new Set<number>();
      for (const d of src.dates) {
        if (seen.has(d.sentence)) continue;
        seen.add(d.sentence);
        const sent = src.sentences[d.sentence];
        dated.push({ source: i, words: new Set(src.tokens.filter((t) => t.start >= sent.start && t.start < sent.end).map((t) => t.norm)) });
      }
    });
    const maxFrequency = Math.max(200, Math.floor(index.tokenCount * 0.01));
    const rng = seeded(9);
    let checked = 0;
    let checkedAmong = 0;
    for (let n = 0; n < 150; n++) {
      const d = rng.pick(dated);
      const norms = [...rng.shuffle([...d.words]).slice(0, rng.int(2, 9)), rng.pick(['monday', 'sept', 'zzyzx', 'the'])];
      const minHits = rng.int(1, 3);
      const limit = rng.int(2, 40);
      const selecting = [...new Set(norms)].map((w) => (index.idOf(w) >= 0 && index.frequency(index.idOf(w)) <= maxFrequency ? w : undefined));
      const expectedAmong = (keep: (source: number) => boolean) =>
        dated
          .map((x, k) => {
            const hit = selecting.map((w) => (w !== undefined && x.words.has(w) ? 1 : 0));
            return { k, source: x.source, hits: hit.reduce<number>((a, b) => a + b, 0), first: hit.indexOf(1) };
          })
          .filter((x) => x.hits >= minHits && x.hits > 0 && keep(x.source))
          .sort((a, b) => b.hits - a.hits || a.first - b.first || a.k - b.k)
          .slice(0, limit)
          .map((x) => ({ dated: x.k, source: x.source, hits: x.hits }));
      const expected = expectedAmong(() => true);
      assert.deepEqual(cd.candidates(norms, minHits, limit), expected, norms.join(' '));
      if (expected.length) checked++;
      // Among some sources (a story's): one or two (long lists read by runs) or many (read whole).
      const members = rng.shuffle(inputs.map((_x, i) => i)).slice(0, rng.pick([1, 2, Math.ceil(inputs.length / 2)])).sort((a, b) => a - b);
      const set = new Set(members);
      const among = { has: (s: number) => set.has(s), size: set.size, key: members.join(','), members: () => members };
      const want = expectedAmong((s) => set.has(s));
      assert.deepEqual(cd.candidates(norms, minHits, limit, among), want, `${norms.join(' ')} among ${among.key}`);
      if (want.length) checkedAmong++;
    }
    assert.ok(checked > 100, `only ${checked} searches found anything`);
    assert.ok(checkedAmong > 30, `only ${checkedAmong} searches among some sources found anything`);
  });
});

describe('persisted index', function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;
  const inputs = corpus(23, 30);
  const draft = draftOf(quotations(7, inputs, 30));
  const write = () => {
    for (const i of inputs) {
      const file = path.join(dir, 'sources', path.basename(i.id));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, i.text);
    }
  };
  const load = (extra: { fingerprint?: string } = {}) => loadIndexSync([path.join(dir, 'sources')], { cacheDir: cache, tool: 'test', racyMs: 0, ...extra });
  const findings = (index: CorpusIndex) => createCheckerFromIndex(index).check({ text: draft, languageId: 'markdown' }).findings;
  const fromFiles = () => findings(loadIndexSync([path.join(dir, 'sources')]).index);
  /** Loads with a helper thread (the checksum) even for a small corpus whose checksum is fast; `script`: another worker script. */
  const helped = (script?: string) =>
    loadIndex([path.join(dir, 'sources')], { cacheDir: cache, tool: 'test', racyMs: 0, parallel: { workers: 2, helperMinFiles: 1, alwaysHelper: true, minFiles: 10_000, script } });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-perf-'));
    cache = path.join(dir, 'cache');
    write();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is written on the first load and used on the next, with the same findings', () => {
    const first = load();
    assert.equal(first.stats.cache, 'absent');
    assert.equal(first.stats.prepared, inputs.length);
    const second = load();
    assert.equal(second.stats.cache, 'hit');
    assert.equal(second.stats.reused, inputs.length);
    assert.deepEqual(findings(second.index), findings(first.index));
    assert.deepEqual(findings(second.index), fromFiles());
  });

  it('re-reads only a changed source, drops a removed one, adds a new one', () => {
    load();
    const files = fs.readdirSync(path.join(dir, 'sources')).sort();
    fs.appendFileSync(path.join(dir, 'sources', files[3]), '\n“Zzyzx quorble frangible,” he said.\n');
    fs.rmSync(path.join(dir, 'sources', files[5]));
    fs.writeFileSync(path.join(dir, 'sources', 'zz-new.txt'), 'A new story. “The the the,” she said.\n');
    const r = load();
    assert.equal(r.stats.cache, 'updated');
    assert.equal(r.stats.prepared, 2);
    assert.equal(r.stats.removed, 1);
    assert.equal(r.stats.reused, inputs.length - 2);
    assert.deepEqual(findings(r.index), fromFiles());
    assert.equal(load().stats.cache, 'hit');
  });

  it('takes a touched but unchanged source from the cache by its content hash', () => {
    load();
    const file = path.join(dir, 'sources', fs.readdirSync(path.join(dir, 'sources'))[0]);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const r = load();
    assert.equal(r.stats.prepared, 0);
    assert.equal(r.stats.reused, inputs.length);
  });

  it('worker threads sharing the files build the same index as one thread, and a failing worker loses nothing', async () => {
    const sources = path.join(dir, 'sources');
    fs.writeFileSync(path.join(sources, 'zz-binary.txt'), Buffer.from([0, 1, 2, 3]));
    const one = loadIndexSync([sources]);
    const two = await loadIndex([sources], { parallel: { workers: 2, minFiles: 1, piece: 4 } });
    const broken = await loadIndex([sources], { parallel: { workers: 3, minFiles: 1, piece: 4, script: path.join(dir, 'no-such-worker.js') } });
    for (const other of [two, broken]) {
      assert.deepEqual(other.index.data(), one.index.data());
      assert.deepEqual(findings(other.index), findings(one.index));
      assert.deepEqual(other.warnings.filter((w) => !/index worker failed/.test(w)), one.warnings);
    }
    assert.equal(one.index.sources.length, inputs.length);
    assert.ok(one.warnings.some((w) => /zz-binary\.txt: skipped: binary/.test(w)), one.warnings.join('\n'));
    assert.equal(two.warnings.filter((w) => /index worker failed/.test(w)).length, 0, two.warnings.join('\n'));
    assert.equal(broken.warnings.filter((w) => /index worker failed/.test(w)).length, 3, broken.warnings.join('\n'));
  });

  it('with a helper thread (the checksum) loads the same index, catches a corrupt section, and works without the helper', async () => {
    const first = load();
    const expected = findings(first.index);
    const hit = await helped();
    assert.equal(hit.stats.cache, 'hit');
    // The same arrays; the stems all read from the cache, or worked out as asked for.
    assert.deepEqual({ ...hit.index.data(), stems: undefined }, { ...first.index.data(), stems: undefined });
    assert.deepEqual(hit.index.stems(), first.index.stems());
    assert.deepEqual(findings(hit.index), expected);
    // The first word's offset moved by one in the cache: still well formed, so only the checksum can tell.
    const file = first.stats.cacheFile!;
    const bytes = fs.readFileSync(file);
    const headerAt = bytes.readDoubleLE(bytes.length - 24);
    const header = JSON.parse(bytes.toString('utf8', headerAt, bytes.length - 24));
    const startsAt = 8 + sectionSpans(header)[2][0];
    bytes[startsAt] ^= 1;
    fs.writeFileSync(file, bytes);
    const damaged = await helped();
    assert.equal(damaged.stats.cache, 'rejected');
    assert.equal(damaged.stats.rejected, 'checksum mismatch');
    assert.deepEqual(findings(damaged.index), expected);
    assert.equal((await helped()).stats.cache, 'hit');
    const noHelper = await helped(path.join(dir, 'no-such-worker.js'));
    assert.equal(noHelper.stats.cache, 'hit');
    assert.deepEqual(findings(noHelper.index), expected);
  });

  /** The cache file with one int32 of section `section` (sectionSpans order) at `k` set to `value`, and the checksums made to match: only the structure is wrong. */
  const outOfShape = (file: string, section: number, k: number, value: number): Buffer => {
    const bytes = fs.readFileSync(file);
    bytes.writeInt32LE(value, 8 + sectionSpans(headerOf(file))[section][0] + 4 * k);
    return resealed(bytes);
  };

  it('catches postings and stems out of shape whose checksum is right (a position past the tokens or out of order, a stem number past the stems)', () => {
    const expected = findings(load().index);
    const file = load().stats.cacheFile!;
    const b = fs.readFileSync(file);
    const tables = JSON.parse(b.toString('utf8', b.readDoubleLE(b.length - 24), b.length - 24)).tables.length;
    // Sections: vocabulary, ids, starts, lengths, long tokens, sentences, the tables, the postings' starts and positions, the stem numbers, the stems.
    const positions = 6 + tables + 1;
    const stemNumbers = 6 + tables + 2;
    for (const [section, k, value, reason] of [
      [positions, 3, 1_000_000_000, 'inconsistent postings'],
      [positions, 2, -5, 'inconsistent postings'],
      [stemNumbers, 4, 1_000_000, 'inconsistent stems'],
    ] as const) {
      fs.writeFileSync(file, outOfShape(file, section, k, value));
      const r = load();
      assert.equal(r.stats.cache, 'rejected', `section ${section}, number ${k} set to ${value}`);
      assert.equal(r.stats.rejected, reason);
      assert.deepEqual(findings(r.index), expected);
      assert.equal(load().stats.cache, 'hit');
    }
  });

  it('with a helper thread, catches arrays out of shape whose checksum is right, with the helper or without', async () => {
    const expected = findings(load().index);
    const file = load().stats.cacheFile!;
    // A word id beyond the vocabulary (section 1: the ids).
    const damaged = outOfShape(file, 1, 5, 1_000_000_000);
    for (const script of [undefined, path.join(dir, 'no-such-worker.js')]) {
      fs.writeFileSync(file, damaged);
      const r = await helped(script);
      assert.equal(r.stats.cache, 'rejected');
      assert.equal(r.stats.rejected, 'inconsistent tokens');
      assert.deepEqual(findings(r.index), expected);
      assert.equal((await helped(script)).stats.cache, 'hit');
    }
    fs.writeFileSync(file, damaged);
    const here = load();
    assert.equal(here.stats.cache, 'rejected');
    assert.equal(here.stats.rejected, 'inconsistent tokens');
  });

  it('reads a cached source\'s text from its file only as it was indexed: a file changed since gives an empty text', () => {
    load();
    const hit = load();
    assert.equal(hit.stats.cache, 'hit');
    const sources = hit.index.sources;
    const changed = sources.findIndex((x) => x.id.endsWith(path.basename(inputs[4].id)));
    const same = sources.findIndex((x) => x.id.endsWith(path.basename(inputs[5].id)));
    fs.appendFileSync(sources[changed].id, '\nA sentence added after indexing.\n');
    assert.equal(sources[changed].text, '');
    assert.equal(sources[same].text, inputs[5].text);
  });

  it('keeps the offsets of words of 255 characters or more, in memory and in the cache', () => {
    const long = 'x'.repeat(300);
    const longer = 'y'.repeat(70_000);
    fs.writeFileSync(path.join(dir, 'sources', 'zz-long.txt'), `A ${long} word.\n\nAnd ${longer} and “${long} words,” she said.\n`);
    const first = load();
    const second = load();
    assert.equal(second.stats.cache, 'hit');
    for (const r of [first, second]) {
      const i = r.index.sources.findIndex((x) => x.id.endsWith('zz-long.txt'));
      const src = r.index.sources[i];
      assert.deepEqual(src.tokens, tokenize(src.text));
      assert.deepEqual(src.tokens.filter((t) => t.end - t.start >= 255).map((t) => t.end - t.start), [300, 70_000, 300]);
    }
    assert.deepEqual(findings(second.index), findings(first.index));
  });

  it('rebuilds from the files when the cache is corrupt, truncated or from other code', () => {
    const first = load();
    const file = first.stats.cacheFile!;
    const bytes = fs.readFileSync(file);
    const expected = fromFiles();
    const damaged = [
      Buffer.concat([bytes.subarray(0, bytes.length - 1000), Buffer.from(bytes.subarray(bytes.length - 1000)).fill(7)]),
      bytes.subarray(0, Math.floor(bytes.length / 2)),
      Buffer.from('not an index'),
    ];
    for (const d of damaged) {
      fs.writeFileSync(file, d);
      const r = load();
      assert.equal(r.stats.cache, 'rejected', r.stats.rejected);
      assert.equal(r.stats.prepared, inputs.length);
      assert.deepEqual(findings(r.index), expected);
      assert.equal(load().stats.cache, 'hit');
    }
    const other = load({ fingerprint: 'other code' });
    assert.equal(other.stats.cache, 'rejected');
    assert.match(other.stats.rejected!, /other code/);
  });
});
