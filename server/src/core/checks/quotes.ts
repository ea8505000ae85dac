// The quotation check: find where a quote came from and judge it.
//   verified    a source has the same words in the same order (typography aside);
//   altered     a source passage clearly is the origin, but words differ;
//   unsupported no passage is close enough to be the origin.
// Pipeline: words (with the writer's brackets and ellipses) → exact phrase lookup → candidate
// passages from the rarest words' postings → word alignment → decision.
import { diffArrays } from 'diff';
import type { CheckConfig } from '../config';
import type { CorpusIndex } from '../corpus/index';
import type { PreparedSource } from '../corpus/source';
import { fitAlign, type Alignment, type QuoteWord } from '../match/align';
import { MSG, sourceLabel } from '../messages';
import { sentenceAround } from '../text/sentences';
import { tokenize, type Token } from '../text/tokens';
import type { DiffPart, Finding, Fix, SourceMatch } from '../types';

export interface QuoteSpan {
  start: number;
  end: number;
}

/** A quotation's words with the writer's conventions marked. */
export interface QuoteWords {
  tokens: Token[];
  words: QuoteWord[];
  /** Words that are the writer's own (not in brackets). */
  ownWords: number;
}

const ELLIPSIS = /\.\s?\.\s?\.|…/g;

export function quoteWords(text: string, span: QuoteSpan, index: CorpusIndex): QuoteWords {
  const raw = tokenize(text, span.start, span.end);
  // Bracketed stretches: the writer's insertions. [sic] is dropped entirely.
  const brackets: { start: number; end: number; sic: boolean }[] = [];
  const inner = text.slice(span.start, span.end);
  for (const m of inner.matchAll(/\[([^\]]*)\]/g)) {
    brackets.push({ start: span.start + m.index!, end: span.start + m.index! + m[0].length, sic: /^\s*sic\s*$/i.test(m[1]) });
  }
  const gaps: number[] = [];
  for (const m of inner.matchAll(ELLIPSIS)) gaps.push(span.start + m.index!);
  const tokens: Token[] = [];
  const words: QuoteWord[] = [];
  for (const t of raw) {
    const br = brackets.find((b) => t.start >= b.start && t.end <= b.end);
    if (br?.sic) continue;
    tokens.push(t);
    words.push({ id: index.idOf(t.norm), free: !!br, gapAfter: false });
  }
  for (const g of gaps) {
    // The word before the ellipsis gets gapAfter.
    let k = -1;
    for (let i = 0; i < tokens.length; i++) if (tokens[i].end <= g) k = i;
    if (k >= 0 && k < words.length - 1) words[k].gapAfter = true;
  }
  return { tokens, words, ownWords: words.filter((w) => !w.free).length };
}

interface Origin {
  source: number;
  /** Token indices in the source, half-open. */
  from: number;
  to: number;
  alignment?: Alignment;
}

/** Candidate origins for a quote with differences: where its rarer words cluster. */
function candidates(index: CorpusIndex, q: readonly QuoteWord[], limit: number): Origin[] {
  const distinct = new Map<number, number[]>();
  q.forEach((w, i) => {
    if (w.free || w.id < 0) return;
    const list = distinct.get(w.id) ?? [];
    list.push(i);
    distinct.set(w.id, list);
  });
  const seeds = [...distinct.keys()].sort((a, b) => index.frequency(a) - index.frequency(b));
  const chosen = seeds.slice(0, Math.max(8, Math.ceil(seeds.length * 0.6)));
  const hits: { diag: number; word: number }[] = [];
  const budget = 200_000;
  let spent = 0;
  for (const id of chosen) {
    const pos = index.positions(id);
    if (spent + pos.length > budget && hits.length > 0) break;
    spent += pos.length;
    for (const qi of distinct.get(id)!) for (const p of pos) hits.push({ diag: p - qi, word: id });
  }
  hits.sort((a, b) => a.diag - b.diag);
  const spread = Math.max(6, Math.ceil(q.length * 0.5));
  const scored: { diag: number; score: number; lo: number; hi: number }[] = [];
  let lo = 0;
  const counts = new Map<number, number>();
  for (let hi = 0; hi < hits.length; hi++) {
    counts.set(hits[hi].word, (counts.get(hits[hi].word) ?? 0) + 1);
    while (hits[hi].diag - hits[lo].diag > spread) {
      const c = counts.get(hits[lo].word)! - 1;
      if (c === 0) counts.delete(hits[lo].word);
      else counts.set(hits[lo].word, c);
      lo++;
    }
    scored.push({ diag: hits[lo].diag, score: counts.size, lo: hits[lo].diag, hi: hits[hi].diag });
  }
  scored.sort((a, b) => b.score - a.score || a.diag - b.diag);
  const minScore = Math.min(2, distinct.size);
  const out: Origin[] = [];
  const taken: { s: number; lo: number; hi: number }[] = [];
  for (const c of scored) {
    if (out.length >= limit || c.score < minScore) break;
    const s = index.sourceOf(Math.max(0, c.lo));
    const base = index.sourceStart[s];
    const end = index.sourceStart[s + 1];
    const from = Math.max(base, c.lo - 8);
    const to = Math.min(end, c.hi + q.length + 8);
    if (to <= from) continue;
    if (taken.some((t) => t.s === s && from < t.hi && to > t.lo)) continue;
    taken.push({ s, lo: from, hi: to });
    out.push({ source: s, from: from - base, to: to - base });
  }
  return out;
}

export interface QuoteJudgement {
  status: 'verified' | 'altered' | 'unsupported';
  origins: Origin[];
}

/** How well an alignment accounts for the quote. */
function alignmentStats(q: readonly QuoteWord[], a: Alignment) {
  let matched = 0;
  let run = 0;
  let longestRun = 0;
  for (const o of a.ops) {
    if (o.op === 'match') {
      if (!q[o.q].free) matched++;
      run++;
      longestRun = Math.max(longestRun, run);
    } else if (o.op === 'sub' || o.op === 'del') {
      if (!(o.op === 'del' && q[o.q].free) && !(o.op === 'sub' && q[o.q].free)) run = 0;
    } else {
      run = 0;
    }
  }
  return { matched, longestRun };
}

export function judgeQuote(index: CorpusIndex, qw: QuoteWords, shortQuoteWords: number): QuoteJudgement {
  const q = qw.words;
  if (qw.ownWords === 0) return { status: 'unsupported', origins: [] };
  const plain = q.every((w) => !w.free && !w.gapAfter);
  if (plain) {
    const exact = index.findPhrase(q.map((w) => w.id));
    if (exact.length) return { status: 'verified', origins: exact };
  }
  if (qw.ownWords <= shortQuoteWords && plain) return { status: 'unsupported', origins: [] };
  const aligned: Origin[] = [];
  for (const c of candidates(index, q, 12)) {
    const base = index.sourceStart[c.source];
    const window = index.ids.subarray(base + c.from, base + c.to);
    const a = fitAlign(q, window);
    aligned.push({ source: c.source, from: c.from + a.from, to: c.from + a.to, alignment: a });
  }
  if (!aligned.length) return { status: 'unsupported', origins: [] };
  aligned.sort((x, y) => x.alignment!.cost - y.alignment!.cost);
  const best = aligned[0].alignment!;
  if (best.cost === 0) {
    return { status: 'verified', origins: aligned.filter((o) => o.alignment!.cost === 0) };
  }
  const { matched, longestRun } = alignmentStats(q, best);
  const fraction = matched / qw.ownWords;
  const close =
    qw.ownWords > shortQuoteWords &&
    matched >= 3 &&
    fraction >= 0.5 &&
    longestRun >= Math.min(4, Math.ceil(qw.ownWords * 0.4)) &&
    best.cost <= Math.max(3, Math.ceil(qw.ownWords * 0.6));
  if (!close) return { status: 'unsupported', origins: [] };
  // Every source whose best passage is as close as the best one.
  const perSource = new Map<number, Origin>();
  for (const o of aligned) {
    if (o.alignment!.cost > best.cost + 1) continue;
    const prev = perSource.get(o.source);
    if (!prev || o.alignment!.cost < prev.alignment!.cost) perSource.set(o.source, o);
  }
  return { status: 'altered', origins: [...perSource.values()].sort((x, y) => x.alignment!.cost - y.alignment!.cost) };
}

/** The source's wording for token range [from, to): raw text, white space folded. */
export function sourceWording(src: PreparedSource, from: number, to: number): string {
  if (to <= from) return '';
  return src.text.slice(src.tokens[from].start, src.tokens[to - 1].end).replace(/\s+/g, ' ');
}

function wordDiff(draftWords: string[], sourceWords: string[]): DiffPart[] {
  const norm = (w: string) => tokenize(w)[0]?.norm ?? w;
  const changes = diffArrays(draftWords, sourceWords, { comparator: (a: string, b: string) => norm(a) === norm(b) });
  const out: DiffPart[] = [];
  for (const c of changes) {
    const text = c.value.join(' ');
    out.push({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text });
  }
  return out;
}

export function quoteFinding(
  text: string,
  span: QuoteSpan,
  qw: QuoteWords,
  judgement: QuoteJudgement,
  index: CorpusIndex,
  config: CheckConfig,
): Finding {
  const quoteText = text.slice(span.start, span.end);
  const sources: SourceMatch[] = judgement.origins.map((o) => {
    const src = index.sources[o.source];
    const start = src.tokens[o.from]?.start ?? 0;
    const end = src.tokens[Math.max(o.from, o.to - 1)]?.end ?? start;
    const ctx = sentenceAround(src.sentences, start, end);
    const match: SourceMatch = {
      sourceId: src.id,
      start,
      end,
      contextStart: ctx.start,
      contextEnd: ctx.end,
      wording: sourceWording(src, o.from, o.to),
    };
    if (judgement.status === 'altered') {
      match.diff = wordDiff(
        qw.tokens.map((t) => text.slice(t.start, t.end)),
        src.tokens.slice(o.from, o.to).map((t) => src.text.slice(t.start, t.end)),
      );
    }
    return match;
  });
  const base = { kind: 'quote' as const, start: span.start, end: span.end, text: quoteText, sources, fixes: [] as Fix[] };
  if (judgement.status === 'verified') {
    return { ...base, status: 'verified', severity: 'none', message: MSG.verifiedIn(new Set(sources.map((s) => s.sourceId)).size) };
  }
  if (judgement.status === 'unsupported') {
    const severity = qw.ownWords <= config.shortQuoteWords ? config.shortUnsupportedQuoteSeverity : config.unsupportedQuoteSeverity;
    return { ...base, status: 'unsupported', severity, message: MSG.unsupportedQuote };
  }
  const best = sources[0];
  const bestSrc = index.sources[judgement.origins[0].source];
  const removed = best.diff!.filter((d) => d.op === 'removed').map((d) => d.text);
  const added = best.diff!.filter((d) => d.op === 'added').map((d) => d.text);
  const message = MSG.alteredQuote(sourceLabel(bestSrc.meta), MSG.alteredChange(removed, added));
  // Fixes: replace the quote's words (keeping the draft's marks and outer punctuation).
  const first = qw.tokens[0];
  const last = qw.tokens[qw.tokens.length - 1];
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  judgement.origins.forEach((o, i) => {
    const wording = sources[i].wording;
    const key = tokenize(wording).map((t) => t.norm).join(' ') + '|' + wording;
    if (seen.has(key) || !wording) return;
    seen.add(key);
    fixes.push({
      title: MSG.useWordingOf(sourceLabel(index.sources[o.source].meta)),
      edits: [{ start: first.start, end: last.end, newText: wording }],
    });
  });
  return {
    ...base,
    status: 'altered',
    severity: config.alteredQuoteSeverity,
    message,
    fixes,
    suggestion: best.wording,
  };
}
