// The numbers check: every figure of the draft agrees with what the sources say about the same
// thing, or the writer is told what they say.
//   verified     a source sentence about the same thing gives a figure the draft's allows;
//   mismatch     sources about the same thing give a figure the draft's cannot be (warning);
//   unsupported  no source gives a figure for it (information).
// Same thing: the source sentence shares the draft sentence's rarer words well beyond chance (as
// dates pair with dates, dates/match.ts), and the two figures measure the same unit and count the
// same thing (the words after them, or the word before). Figures inside quotations are the
// speaker's words and are not checked; headings are not claims.
import type { Check, DraftContext } from '../checks/context';
import type { CorpusIndex } from '../corpus/index';
import type { Span } from '../text/markdown';
import { sentenceSpans } from '../text/sentences';
import { tokenize } from '../text/tokens';
import { insideSome } from '../text/spans';
import type { Finding, Fix, SourceMatch } from '../types';
import { occasion, otherDates, pairFigure, relate, type Relation } from './compare';
import { extractDates, type DateExpression } from '../dates/extract';
import { NUMBER_MSG, snippet } from './messages';
import { readFigures, type Figure } from './read';
import { describeFigure, renderLike } from './render';
import { candidates, contextWords, NumberSources, type Candidate, type ContextWord } from './sources';
import { storyEvidence, storyWords } from '../dates/match';
import { firstName, mentionsNames } from '../dates/eventWords';

/** A source sentence supports a figure from this share of the draft sentence's words on, with this many shared words… */
const SUPPORT_SCORE = 0.2;
const SUPPORT_SHARED = 2;
/** Calling a figure wrong needs a clear share of the sentence's words and at least this many shared words… */
const MISMATCH_SCORE = 0.5;
const MISMATCH_SHARED = 3;
/** … and, in a corpus large enough to hold unrelated stories, a source about the draft's story. */
const LARGE_CORPUS = 50;
/** As the date check: a source is about the story with evidence fewer than e^STORY_SLACK unrelated sources reach, and this share of the best one's. */
const STORY_SLACK = 3;
const STORY_SHARE = 0.4;
/** A source that agrees outweighs a conflicting one down to this share of its evidence. */
const SUPPORT_SHARE = 0.5;
/**
 * Outside the story's sources a conflict also needs evidence this far (nats) above the chance
 * level, the log of the number of sentences searched: fewer than e^-MISMATCH_MARGIN such
 * pairings would come from unrelated stories (archives repeat their formulas: "convertible into
 * the company's common stock at … dlrs per share").
 */
const MISMATCH_MARGIN = 3;
/** … and a sentence that few others match as well (a story stored twice, a reprint): a formula many stories share calls nothing wrong. */
const MAX_RIVALS = 3;
/** Outside the story's sources (corpus/relevance.ts), a conflict must come from a sentence about as close as the closest found. */
const CLOSEST_SHARE = 0.8;
/** Pairings shown per finding at most. */
const MAX_SOURCES = 6;

interface Pair {
  c: Candidate;
  /** The source figure it is compared with. */
  f: Figure;
  relation: Relation;
}

/** The source figure of a candidate sentence the draft figure is compared with (compare.ts pairFigure). */
function pairWith(d: Figure, c: Candidate): Pair | undefined {
  const p = pairFigure(d, c.figures);
  return p && { c, f: p.f, relation: p.relation };
}

function sourceMatch(ctx: DraftContext, p: Pair): SourceMatch {
  const src = ctx.index.sources[p.c.source];
  return {
    sourceId: src.id,
    start: p.f.hedgeStart,
    end: p.f.end,
    contextStart: p.c.start,
    contextEnd: p.c.end,
    wording: src.text.slice(p.f.hedgeStart, p.f.end),
    value: describeFigure(p.f, src.text.slice(p.f.hedgeStart, p.f.end)),
  };
}

function label(ctx: DraftContext, source: number): string {
  const meta = ctx.index.sources[source].meta;
  return meta.outlet ?? `“${meta.title}”`;
}

/**
 * Whether a source is about the draft sentence's story as a whole (as the date check asks,
 * dates/match.ts storyEvidence): in a corpus of more than e^STORY_SLACK sources, its evidence
 * must exceed what fewer than e^STORY_SLACK unrelated sources reach and come close to the source
 * most about the story among the candidates.
 */
function storyOf(ctx: DraftContext, found: readonly Candidate[], words: readonly ContextWord[]): (source: number) => boolean {
  const significant = Math.log(ctx.index.sources.length) - STORY_SLACK;
  const known = new Map<number, number>();
  const norms = storyWords(ctx.index, words.map((w) => w.norm));
  const of = (s: number) => {
    let v = known.get(s);
    if (v === undefined) known.set(s, (v = storyEvidence(ctx.index, norms, s)));
    return v;
  };
  let best = 0;
  for (const c of found) best = Math.max(best, of(c.source));
  return (s) => of(s) >= Math.max(significant, STORY_SHARE * best);
}

/** The draft sentence a figure stands in: its other figures and its first name (dates/eventWords.ts firstName). */
interface Sentence {
  others: readonly Figure[];
  names: readonly string[];
  /** Its date expressions (dates/extract.ts), read when first asked for. */
  dates: () => readonly DateExpression[];
}

function judge(ctx: DraftContext, store: NumberSources, d: Figure, found: readonly Candidate[], story: (source: number) => boolean, sentence: Sentence): Finding | undefined {
  const { others, names } = sentence;
  // The occasion a candidate sentence tells (numbers/compare.ts): by the draft sentence's other
  // figures, else by the dates both state in their own words.
  const occasions = new Map<Candidate, ReturnType<typeof occasion>>();
  const occasionOf = (c: Candidate) => {
    let o = occasions.get(c);
    if (o === undefined) {
      o = occasion(others, c.figures);
      if (o !== 'same' && sentence.dates().length && otherDates(sentence.dates(), extractDates(ctx.index.sources[c.source].text, c.start, c.end))) o = 'other';
      occasions.set(c, o);
    }
    return o;
  };
  const text = ctx.text.slice(d.hedgeStart, d.end);
  const value = describeFigure(d, text);
  const base = { kind: 'number' as const, start: d.hedgeStart, end: d.end, text, value, notes: [NUMBER_MSG.noteRead(value)] };
  const large = ctx.index.sources.length > LARGE_CORPUS;
  const chance = Math.log(Math.max(1, store.sentenceCount));
  const pairs: Pair[] = [];
  for (const c of found) {
    const p = pairWith(d, c);
    if (p) pairs.push(p);
  }
  // About the story: in a large corpus a source must be one of the draft's story (corpus/relevance.ts)
  // or share words no unrelated sentence would.
  const about = (p: Pair) => !large || ctx.related.has(p.c.source) || story(p.c.source) || p.c.evidence >= chance + 3;
  const closest = found.length ? found[0].evidence : 0;
  const supporting = pairs.filter((p) => p.relation === 'supports' && p.c.score >= SUPPORT_SCORE && p.c.shared >= SUPPORT_SHARED && about(p));
  // A sentence that may tell what the draft's figure should be: of a source naming the sentence's
  // subject (dates/eventWords.ts mentionsNames) and, in a large corpus, of one of the story's
  // sources or as close as the closest, far above chance, with few worded alike.
  const credible = (p: Pair) =>
    mentionsNames(ctx.index, names, p.c.source) &&
    (!large || ctx.related.has(p.c.source) || (story(p.c.source) && p.c.evidence >= CLOSEST_SHARE * closest && p.c.evidence >= chance + MISMATCH_MARGIN && p.c.rivals <= MAX_RIVALS));
  const conflicting = pairs.filter((p) => p.relation === 'conflicts' && occasionOf(p.c) !== 'other' && p.c.score >= MISMATCH_SCORE && p.c.shared >= MISMATCH_SHARED && credible(p));
  const top = conflicting[0];
  if (supporting.length && (!top || supporting[0].c.evidence >= SUPPORT_SHARE * top.c.evidence)) {
    const best = supporting[0].c.evidence;
    const shown = supporting.filter((p) => p.c.evidence >= 0.6 * best).slice(0, MAX_SOURCES).map((p) => sourceMatch(ctx, p));
    return { ...base, status: 'verified', severity: 'none', message: NUMBER_MSG.verified(new Set(shown.map((s) => s.sourceId)).size), sources: shown, fixes: [] };
  }
  // A conflict speaks only when nothing as close allows the draft's figure.
  const quieted = top && pairs.some((p) => p.relation !== 'conflicts' && p.c.evidence >= top.c.evidence && about(p));
  // Nor when sentences about as close give figures that exclude each other: the sources do not
  // tell one quantity but a recurring one (each week's market report, each meeting's turnout) or
  // disagree, and the draft may restate any of them or another occasion. One story's sources
  // repeating one figure strengthen the conflict; sources giving several weaken it to nothing.
  // A sentence that the draft sentence's other figures show to be of its occasion outweighs those
  // they do not; when they show none to be, one they show to be of another occasion still shows
  // that the thing recurs.
  const topOccasion = top && occasionOf(top.c);
  const differing = top
    ? pairs.filter(
        (p) =>
          p.c.source !== top.c.source &&
          p.relation === 'conflicts' &&
          credible(p) &&
          p.c.score >= SUPPORT_SCORE &&
          p.c.shared >= SUPPORT_SHARED &&
          p.c.evidence >= CLOSEST_SHARE * top.c.evidence &&
          relate(top.f, p.f) === 'conflicts' &&
          (topOccasion !== 'same' || occasionOf(p.c) === 'same'),
      )
    : [];
  if (top && !quieted && differing.length) {
    const told = [top, ...differing].slice(0, MAX_SOURCES);
    return {
      ...base,
      status: 'unsupported',
      severity: ctx.config.numberUnsupportedSeverity,
      message: NUMBER_MSG.sourcesDiffer(told.map((p) => `${label(ctx, p.c.source)}: ${describeFigure(p.f, ctx.index.sources[p.c.source].text.slice(p.f.hedgeStart, p.f.end))}`)),
      sources: told.map((p) => sourceMatch(ctx, p)),
      fixes: [],
    };
  }
  if (top && !quieted) {
    const src = ctx.index.sources[top.c.source];
    const expected = describeFigure(top.f, src.text.slice(top.f.hedgeStart, top.f.end));
    const fixes: Fix[] = [];
    const seen = new Set<string>();
    for (const p of conflicting) {
      if (p.f.hedge === 'vague') continue;
      const edit = renderLike(d, ctx.text, p.f.value);
      if (!edit) continue;
      const whole = ctx.text.slice(d.hedgeStart, edit.start) + edit.newText + ctx.text.slice(edit.end, d.end);
      if (seen.has(whole)) continue;
      seen.add(whole);
      fixes.push({ title: NUMBER_MSG.changeTo(whole, label(ctx, p.c.source)), edits: [edit] });
    }
    return {
      ...base,
      status: 'mismatch',
      severity: ctx.config.numberMismatchSeverity,
      message: NUMBER_MSG.mismatch(label(ctx, top.c.source), expected, snippet(src.text, top.c.start, top.c.end, top.f.start)),
      sources: conflicting.slice(0, MAX_SOURCES).map((p) => sourceMatch(ctx, p)),
      fixes,
      expected,
    };
  }
  const loose = pairs.filter((p) => p.relation === 'compatible' && p.c.score >= SUPPORT_SCORE && p.c.shared >= SUPPORT_SHARED && about(p))[0];
  // "The two countries" refers to what the draft has named; only a source's count of them says anything.
  if (d.definite && !loose) return undefined;
  return {
    ...base,
    status: 'unsupported',
    severity: ctx.config.numberUnsupportedSeverity,
    message: loose ? NUMBER_MSG.unsupportedLoose(`“${ctx.index.sources[loose.c.source].text.slice(loose.f.hedgeStart, loose.f.end)}”`) : NUMBER_MSG.unsupported,
    sources: loose ? [sourceMatch(ctx, loose)] : [],
    fixes: [],
  };
}

/** Whether [start, end) lies inside one of the draft's quotations. */
function quoted(ctx: DraftContext, start: number, end: number): boolean {
  return insideSome(ctx.quotes, start, end);
}

/** A heading line (ATX "# …", or a one-line block followed by an underline) is a title, not a claim. */
function heading(ctx: DraftContext, block: Span): boolean {
  const raw = ctx.text.slice(block.start, block.end);
  return /^\s{0,3}#{1,6}\s/.test(raw) || /\n\s{0,3}(?:=+|-+)\s*$/.test(raw);
}

/** The findings of the figures of one block of prose. */
function checkBlock(ctx: DraftContext, store: NumberSources, block: Span): Finding[] {
  const out: Finding[] = [];
  if (heading(ctx, block)) return out;
  const masked = ctx.view.masked;
  const from = Math.max(block.start, ctx.view.bodyStart);
  if (from >= block.end) return out;
  for (const sp of sentenceSpans(masked.slice(from, block.end))) {
    const s = { start: sp.start + from, end: sp.end + from };
    const figures = readFigures(masked, s.start, s.end).filter((f) => !quoted(ctx, f.hedgeStart, f.end));
    if (!figures.length) continue;
    const tokens = tokenize(masked, s.start, s.end);
    const norms = tokens.map((t) => t.norm);
    const names = firstName(masked, tokens);
    let read: DateExpression[] | undefined;
    const dates = () => (read ??= extractDates(masked, s.start, s.end));
    const words = contextWords(norms);
    const found = candidates(store, words, norms.filter((n) => /^\p{N}/u.test(n) && n.length >= 2));
    const story = ctx.index.sources.length > LARGE_CORPUS ? storyOf(ctx, found, words) : () => true;
    for (const f of figures) {
      const finding = judge(ctx, store, f, found, story, { others: figures.filter((o) => o !== f), names, dates });
      if (finding) out.push(finding);
    }
  }
  return out;
}

/** Block by block (checks/blocks.ts): a figure's finding depends on its own block's text only. */
export function createNumberCheck(index: CorpusIndex): Check {
  const store = new NumberSources(index);
  return {
    name: 'numbers',
    run(ctx: DraftContext): Finding[] {
      const out: Finding[] = [];
      for (const b of ctx.view.blocks) for (const f of checkBlock(ctx, store, b)) out.push(f);
      return out;
    },
    blockKey(): string {
      return '';
    },
    runBlock(ctx: DraftContext, block: Span): Finding[] {
      return checkBlock(ctx, store, block);
    },
  };
}
