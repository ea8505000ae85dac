// A quotation's finding: status, message, the source passages with their wording and diff, and
// the quick fix in the source's words.
import { diffArrays } from 'diff';
import type { CheckConfig } from '../../config';
import type { CorpusIndex } from '../../corpus/index';
import { MSG, sourceLabel } from '../../messages';
import { tokenize } from '../../text/tokens';
import type { DiffPart, Finding, Fix, SourceMatch } from '../../types';
import { droppedQuotedRun, quotedRuns, speakerRuns, type Runs } from './quoted';
import type { Origin, QuoteSpan, QuoteWords } from './words';
import type { QuoteJudgement } from './origins';

/** The source's wording for runs of tokens: raw text, white space folded, the parts of an
 * interrupted statement joined by a space. */
function runsWording(index: CorpusIndex, source: number, runs: Runs): string {
  const base = index.sourceStart[source];
  const text = index.sources[source].text;
  return runs
    .filter(([from, to]) => to > from)
    .map(([from, to]) =>
      text
        .slice(index.starts[base + from], index.endOf(base + to - 1))
        // A paragraph that continues a quotation opens with a mark of its own: not part of the words.
        .replace(/\n\s*[“"„«‹‘']/g, '\n')
        .replace(/\s+/g, ' '),
    )
    .join(' ');
}

/** The raw words of runs of tokens of a source. */
function sourceWords(index: CorpusIndex, source: number, runs: Runs): string[] {
  const base = index.sourceStart[source];
  const count = index.sourceStart[source + 1] - base;
  const text = index.sources[source].text;
  const out: string[] = [];
  for (const [from, to] of runs) for (let t = base + from; t < base + Math.min(to, count); t++) out.push(text.slice(index.starts[t], index.endOf(t)));
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
  // An altered quotation is compared with its origin's quoted words where the source quotes it;
  // every passage is shown without the narration that interrupts a statement.
  const quoted = judgement.status === 'altered' ? judgement.origins.map((o) => quotedRuns(index, o)) : [];
  const closest = judgement.closest ? [judgement.closest] : [];
  const shown: { o: Origin; runs: Runs }[] = [
    ...judgement.origins.map((o, i) => ({ o, runs: quoted[i] ?? speakerRuns(index, o) })),
    ...[...variants, ...closest].map((o) => ({ o, runs: speakerRuns(index, o) })),
  ];
  const originCount = judgement.origins.length;
  const sources: SourceMatch[] = shown.map(({ o, runs }, i) => {
    const variant = i >= originCount && i < originCount + variants.length;
    const isClosest = i >= originCount + variants.length;
    const src = index.sources[o.source];
    const base = index.sourceStart[o.source];
    const count = index.sourceStart[o.source + 1] - base;
    const from = runs.length ? runs[0][0] : o.from;
    const to = runs.length ? runs[runs.length - 1][1] : o.to;
    const start = from < count ? index.starts[base + from] : 0;
    const last = Math.max(from, to - 1);
    const end = last < count ? index.endOf(base + last) : start;
    const ctx = index.sentenceAround(o.source, start, end);
    const match: SourceMatch = {
      sourceId: src.id,
      start,
      end,
      contextStart: ctx.start,
      contextEnd: ctx.end,
      wording: runsWording(index, o.source, runs),
    };
    if (variant) match.variant = true;
    if (isClosest) match.closest = true;
    if (judgement.status === 'altered' || variant || isClosest) {
      match.diff = wordDiff(
        qw.tokens.map((t) => text.slice(t.start, t.end)),
        sourceWords(index, o.source, runs),
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
    const part = judgement.inPart && judgement.closest ? quotedRuns(index, judgement.closest) : undefined;
    const message = part ? MSG.quotedInPart(sourceLabel(index.sources[judgement.closest!.source].meta), runsWording(index, judgement.closest!.source, part)) : MSG.unsupportedQuote;
    return { ...base, status: 'unsupported', severity, message };
  }
  const best = sources[0];
  const bestSrc = index.sources[judgement.origins[0].source];
  // Words the speaker said in another fragment of the sentence are no words the draft added: the
  // message says the fragments were joined.
  const joined = droppedQuotedRun(index, qw.words, judgement.origins[0]);
  const fragment = joined && text.slice(qw.tokens[joined.from].start, qw.tokens[joined.to - 1].end).replace(/\s+/g, ' ');
  const removed = best.diff!.filter((d) => d.op === 'removed' && d.text !== fragment).map((d) => d.text);
  const added = best.diff!.filter((d) => d.op === 'added').map((d) => d.text);
  const change = judgement.reordered
    ? MSG.reorderedChange(best.wording)
    : fragment
      ? MSG.joinedChange(fragment, removed.length || added.length ? MSG.alteredChange(removed, added) : undefined)
      : MSG.alteredChange(removed, added);
  const message = MSG.alteredQuote(sourceLabel(bestSrc.meta), change);
  // Fixes: replace the quote's words (keeping the draft's marks and outer punctuation) with the
  // words of the source's quotation; a passage of narration gets no fix, nor one that would drop
  // words the source quotes beside it.
  const first = qw.tokens[0];
  const last = qw.tokens[qw.tokens.length - 1];
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  judgement.origins.forEach((o, i) => {
    if (!quoted[i] || (i === 0 ? joined : droppedQuotedRun(index, qw.words, o))) return;
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
