// A quotation's finding: status, message, the source passages with their wording and diff, and
// the quick fix in the source's words.
import { diffArrays } from 'diff';
import type { CheckConfig } from '../../config';
import type { CorpusIndex } from '../../corpus/index';
import { MSG, sourceLabel } from '../../messages';
import { tokenize } from '../../text/tokens';
import type { DiffPart, Finding, Fix, SourceMatch } from '../../types';
import { decodeQuotes, QUOTATIONS_TABLE } from '../../quotes/table';
import type { Origin, QuoteSpan, QuoteWords } from './words';
import type { QuoteJudgement } from './origins';

/** The source's wording for token range [from, to): raw text, white space folded. */
export function sourceWording(index: CorpusIndex, source: number, from: number, to: number): string {
  if (to <= from) return '';
  const base = index.sourceStart[source];
  return index.sources[source].text.slice(index.starts[base + from], index.endOf(base + to - 1)).replace(/\s+/g, ' ');
}

/** The raw words of tokens [from, to) of a source. */
function sourceWords(index: CorpusIndex, source: number, from: number, to: number): string[] {
  const base = index.sourceStart[source];
  const text = index.sources[source].text;
  const out: string[] = [];
  for (let t = base + from; t < base + Math.min(to, index.sourceStart[source + 1] - base); t++) out.push(text.slice(index.starts[t], index.endOf(t)));
  return out;
}

function wordDiff(draftWords: string[], sourceWords: string[]): DiffPart[] {
  // The diff compares words many times over: each word is normalised once.
  const norms = new Map<string, string>();
  const norm = (w: string) => {
    let n = norms.get(w);
    if (n === undefined) norms.set(w, (n = tokenize(w)[0]?.norm ?? w));
    return n;
  };
  const changes = diffArrays(draftWords, sourceWords, { comparator: (a: string, b: string) => norm(a) === norm(b) });
  const out: DiffPart[] = [];
  for (const c of changes) {
    const text = c.value.join(' ');
    out.push({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text });
  }
  return out;
}

/**
 * The part of an origin passage that lies inside one of the source's own quotations (the
 * quotation overlapping it most), or undefined when the passage is narration. A suggested wording
 * is the words of the source's quotation only: never its narration ("said Johnson"), never across
 * the quotation's marks.
 */
function withinSourceQuotation(index: CorpusIndex, o: Origin): Origin | undefined {
  const base = index.sourceStart[o.source];
  const count = index.sourceStart[o.source + 1] - base;
  if (o.to <= o.from || o.from >= count) return undefined;
  const start = index.starts[base + o.from];
  const end = index.endOf(base + Math.min(o.to, count) - 1);
  let best: { start: number; end: number } | undefined;
  let bestOverlap = 0;
  for (const q of decodeQuotes(index.rows(QUOTATIONS_TABLE, o.source))) {
    const overlap = Math.min(end, q.end) - Math.max(start, q.start);
    if (overlap > bestOverlap) {
      best = q;
      bestOverlap = overlap;
    }
  }
  if (!best) return undefined;
  let from = o.from;
  let to = Math.min(o.to, count);
  while (from < to && index.starts[base + from] < best.start) from++;
  while (to > from && index.endOf(base + to - 1) > best.end) to--;
  if (to <= from) return undefined;
  return from === o.from && to === o.to ? o : { source: o.source, from, to };
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
  const variants = judgement.variants ?? [];
  // An altered quotation is compared with its origin's quoted words where the source quotes it.
  const quoted = judgement.status === 'altered' ? judgement.origins.map((o) => withinSourceQuotation(index, o)) : [];
  const shownOrigins = judgement.origins.map((o, i) => quoted[i] ?? o);
  const closest = judgement.closest ? [judgement.closest] : [];
  const sources: SourceMatch[] = [...shownOrigins, ...variants, ...closest].map((o, i) => {
    const variant = i >= shownOrigins.length && i < shownOrigins.length + variants.length;
    const isClosest = i >= shownOrigins.length + variants.length;
    const src = index.sources[o.source];
    const base = index.sourceStart[o.source];
    const count = index.sourceStart[o.source + 1] - base;
    const start = o.from < count ? index.starts[base + o.from] : 0;
    const last = Math.max(o.from, o.to - 1);
    const end = last < count ? index.endOf(base + last) : start;
    const ctx = index.sentenceAround(o.source, start, end);
    const match: SourceMatch = {
      sourceId: src.id,
      start,
      end,
      contextStart: ctx.start,
      contextEnd: ctx.end,
      wording: sourceWording(index, o.source, o.from, o.to),
    };
    if (variant) match.variant = true;
    if (isClosest) match.closest = true;
    if (judgement.status === 'altered' || variant || isClosest) {
      match.diff = wordDiff(
        qw.tokens.map((t) => text.slice(t.start, t.end)),
        sourceWords(index, o.source, o.from, o.to),
      );
    }
    return match;
  });
  const base = { kind: 'quote' as const, start: span.start, end: span.end, text: quoteText, sources, fixes: [] as Fix[] };
  if (judgement.status === 'verified') {
    const exactSources = new Set(sources.filter((m) => !m.variant).map((m) => m.sourceId)).size;
    return { ...base, status: 'verified', severity: 'none', message: MSG.verifiedIn(exactSources, variants.length) };
  }
  if (judgement.status === 'unsupported') {
    const severity = qw.ownWords <= config.shortQuoteWords ? config.shortUnsupportedQuoteSeverity : config.unsupportedQuoteSeverity;
    return { ...base, status: 'unsupported', severity, message: MSG.unsupportedQuote };
  }
  const best = sources[0];
  const bestSrc = index.sources[judgement.origins[0].source];
  const removed = best.diff!.filter((d) => d.op === 'removed').map((d) => d.text);
  const added = best.diff!.filter((d) => d.op === 'added').map((d) => d.text);
  const message = MSG.alteredQuote(sourceLabel(bestSrc.meta), judgement.reordered ? MSG.reorderedChange(best.wording) : MSG.alteredChange(removed, added));
  // Fixes: replace the quote's words (keeping the draft's marks and outer punctuation) with the
  // words of the source's quotation; a passage of narration gets no fix.
  const first = qw.tokens[0];
  const last = qw.tokens[qw.tokens.length - 1];
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  judgement.origins.forEach((o, i) => {
    if (!quoted[i]) return;
    const wording = sources[i].wording;
    const key = tokenize(wording).map((t) => t.norm).join(' ') + '|' + wording;
    if (seen.has(key) || !wording || !safeReplacement(wording)) return;
    seen.add(key);
    fixes.push({
      title: MSG.useWordingOf(sourceLabel(index.sources[o.source].meta)),
      edits: [{ start: first.start, end: last.end, newText: wording }],
    });
  });
  const finding: Finding = { ...base, status: 'altered', severity: config.alteredQuoteSeverity, message, fixes };
  if (fixes.length) finding.suggestion = fixes[0].edits[0].newText;
  return finding;
}

/** A wording that can stand inside the draft's quotation marks: no quotation marks of its own
 * (which would close or open one) and no line breaks. */
function safeReplacement(wording: string): boolean {
  return !/["“”„«»‹›\n]/.test(wording);
}
