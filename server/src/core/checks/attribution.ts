// The attribution check: does the draft give each quotation to the speaker its sources give it to?
//   verified       the draft's speaker is a speaker the sources give for the matched passage;
//   misattributed  the sources give the passage to somebody else.
// No finding when the draft names no speaker or no source does. Builds on the quote check: only
// quotations it found (verified or altered) are judged, against the passages it matched.
import { ATTRIBUTION_MSG } from '../messages';
import type { CorpusIndex } from '../corpus/index';
import type { PreparedSource } from '../corpus/source';
import {
  analyseSpeakers, entityLabel, entityName, isOutlet, sameSpeaker, sourceSpeakers, speakerOfSpan, SpeakerBlocks,
  type Entity, type QuoteSpeaker, type SpeakerAnalysis,
} from '../speakers/index';
import type { Finding, Fix, SourceMatch } from '../types';
import type { Check, CheckOutput, DraftContext, SourceNote } from './context';
import { defineCheck, flag, severity, type CheckModule } from './contract';
import { QUOTATIONS_TABLE } from '../quotes/table';

interface SourceSpeaker {
  match: SourceMatch;
  speaker: QuoteSpeaker;
  analysis: SpeakerAnalysis;
}

/**
 * What the check keeps per corpus (made by `create`, so per checker, and as long as the corpus):
 * the sources by id, and the blocks of the drafts read so far, so that re-checking an edited draft
 * re-reads only the paragraphs that changed. Nothing here costs work in proportion to the corpus
 * on a check.
 */
interface State {
  byId: Map<string, PreparedSource>;
  blocks: SpeakerBlocks;
}

/** Two paragraphs or more that open with a label ("Matt Damon: …", "PT: …"), a paragraph
 * credited to a handle ("— Lena Fischer (@lenaf) March 3"), or a copyright credit: a source where words outside
 * quotation marks may have a speaker. A look at the text, once per source, so that a passage of
 * narration elsewhere needs no analysis of its source. */
const LABELLED = /(?:^|\n)[ \t]*\p{Lu}[\p{L}.'’-]*(?:[ \t]\p{Lu}[\p{L}.'’-]*){0,3}:[ \t]/gu;
const CREDITED = /[—–-][ \t]*\p{Lu}[^\n—–]{0,60}\(@\w+\)/u;
/** A paragraph of its own crediting the article to its author ("© JK Rowling, …"; speakers/credits.ts). */
const AUTHOR_CREDIT = /(?:^|\n)[ \t]*(?:©|copyright\b)/i;
const speaksOutsideQuotes = new WeakMap<PreparedSource, boolean>();

function mayHaveTurns(src: PreparedSource): boolean {
  let yes = speaksOutsideQuotes.get(src);
  if (yes === undefined) {
    LABELLED.lastIndex = 0;
    yes = (!!LABELLED.exec(src.text) && !!LABELLED.exec(src.text)) || CREDITED.test(src.text) || AUTHOR_CREDIT.test(src.text);
    speaksOutsideQuotes.set(src, yes);
  }
  return yes;
}

/** The speaker of a matched passage, according to its source. */
function speakerIn(src: PreparedSource, match: SourceMatch): { speaker: QuoteSpeaker; analysis: SpeakerAnalysis } | undefined {
  // Only a quotation of the source holding most of the passage, a transcript's turn or a credited
  // paragraph has a speaker (speakerOfSpan): a passage of narration elsewhere needs no analysis of the source.
  const half = (match.end - match.start) / 2;
  // (Summed over its quotations: the parts of an interrupted statement hold it together.)
  let inside = 0;
  for (const q of src.quotes) if (q.depth === 0) inside += Math.max(0, Math.min(match.end, q.end) - Math.max(match.start, q.start));
  const quoted = inside >= Math.max(half, Number.MIN_VALUE);
  if (!quoted && !mayHaveTurns(src)) return undefined;
  const analysis = sourceSpeakers(src);
  const speaker = speakerOfSpan(analysis, src.quotes, match.start, match.end);
  return speaker && { speaker, analysis };
}

/** Same speaker? A near-miss spelling does not count when the draft's name is exactly someone else's. */
function agrees(draft: Entity, s: SourceSpeaker): 'same' | 'different' | 'unknown' {
  const a = sameSpeaker(draft, s.speaker.entity);
  if (a === 'exact') return 'same';
  if (a === 'fuzzy') {
    const other = s.analysis.entities.some((e) => e !== s.speaker.entity && e.named && sameSpeaker(draft, e) === 'exact');
    return other ? 'different' : 'same';
  }
  return a;
}

/** A speaker that may contradict another text's: read with no doubt (`QuoteSpeaker.sure`), and a
 * person, an organisation that is not an outlet, or somebody the text has speak; never a place, a
 * group, a document or a news outlet reporting what was said. */
function confident(sp: QuoteSpeaker): boolean {
  const e = sp.entity;
  if (!sp.sure || isOutlet(e)) return false;
  if (!e.named) return e.type === 'person';
  return e.type === 'person' || e.type === 'org' || (e.type === 'unknown' && e.speaks);
}

/** The source also names the draft's speaker: it knows both people and gives the words to the
 * other one. A source that never mentions the draft's speaker may be another story that happens to
 * share the words. */
function knows(analysis: SpeakerAnalysis, draft: Entity): boolean {
  return analysis.entities.some((e) => e.named && sameSpeaker(draft, e) !== 'different' && sameSpeaker(draft, e) !== 'unknown');
}

/** The one speaker the origins give: the first read with no doubt, when every origin that gives a
 * speaker at all gives that one; otherwise undefined (origins that disagree give a list of
 * candidates, which is no answer). */
function soleSpeaker(speakers: SourceSpeaker[]): SourceSpeaker | undefined {
  const first = speakers.find((s) => confident(s.speaker));
  if (!first) return undefined;
  const label = entityLabel(first.speaker.entity);
  const one = speakers.every((s) => s === first || entityLabel(s.speaker.entity) === label || sameSpeaker(s.speaker.entity, first.speaker.entity) === 'exact');
  return one ? first : undefined;
}

/** The most frequent label among the sources' speakers (first seen on ties). */
function commonest(speakers: SourceSpeaker[]): SourceSpeaker {
  const count = new Map<string, number>();
  for (const s of speakers) count.set(entityLabel(s.speaker.entity), (count.get(entityLabel(s.speaker.entity)) ?? 0) + 1);
  return [...speakers].sort((a, b) => count.get(entityLabel(b.speaker.entity))! - count.get(entityLabel(a.speaker.entity))!)[0];
}

/** Cues that name the speaker within the quotation's own sentence (so an edit there touches only it). */
const OWN_SENTENCE = new Set(['tag', 'lead-in', 'according', 'colon', 'reported']);

/** Quick fix: the draft's words for the speaker replaced by the source's name (keeping a sentence
 * capital). Only where the draft names the speaker in the quotation's own sentence, and only with
 * a name that reads as one: a fix never rewrites another sentence or puts in something odd. */
function renameFix(ctx: DraftContext, draft: QuoteSpeaker, to: Entity): Fix[] {
  const m = draft.mention;
  if (!OWN_SENTENCE.has(draft.cue) || m.possessor) return [];
  let name = entityName(to).replace(/^another\b/i, 'a');
  if (!name || name.length > 60 || /[\n"“”«»]/.test(name)) return [];
  // A title in the draft goes with the name it belongs to ("Secretary of State John Kerry").
  const [start, end] = m.kind === 'name' && m.role ? [m.start, m.end] : m.kind === 'name' ? [m.nameStart, m.nameEnd] : [m.start, m.end];
  const old = ctx.text.slice(start, end);
  const sentenceStart = /(?:^|[.!?]["”’']?|\n\s*\n)\s*$/.test(ctx.text.slice(Math.max(0, start - 200), start));
  if (sentenceStart) name = name[0].toUpperCase() + name.slice(1);
  if (old === name) return [];
  return [{ title: ATTRIBUTION_MSG.attributeTo(name), edits: [{ start, end, newText: name }] }];
}

function run(st: State, ctx: DraftContext, earlier: readonly Finding[]): CheckOutput {
  const quoteFindings = earlier.filter((f) => f.kind === 'quote' && f.sources.length > 0);
  if (!quoteFindings.length) return { findings: [] };
  const { byId, blocks } = st;
  const draft = analyseSpeakers(ctx.text, ctx.view.masked, ctx.view.blocks, ctx.quotes, blocks);
  // The first top-level quotation at each span, as the quote findings give it.
  const atSpan = new Map<string, number>();
  ctx.quotes.forEach((q, i) => {
    const key = `${q.start},${q.end}`;
    if (draft.outer[i] && !atSpan.has(key)) atSpan.set(key, i);
  });
  const out: Finding[] = [];
  const notes: SourceNote[] = [];
  for (const f of quoteFindings) {
    const qi = atSpan.get(`${f.start},${f.end}`);
    const mine = qi !== undefined ? draft.byQuote[qi] : undefined;
    const found: SourceSpeaker[] = [];
    f.sources.forEach((match, k) => {
      const src = byId.get(match.sourceId);
      const got = src && speakerIn(src, match);
      if (!got) return;
      const s = { match, ...got };
      // Who speaks in each source, for the quote's hover: a note on the quote finding (the core
      // puts it on a copy), and on this check's own copies of the match. Only a speaker read
      // with no doubt, or the draft's own: a hover never names a guess.
      if (confident(got.speaker) || (mine && agrees(mine.entity, s) === 'same')) {
        const speaker = entityLabel(got.speaker.entity);
        notes.push({ finding: f, source: k, speaker });
        s.match = { ...match, speaker };
      }
      found.push(s);
    });
    if (f.status !== 'verified' && f.status !== 'altered') continue;
    if (!mine || !found.length) continue;
    // Agreement may come from any passage the quote check found, its other versions included;
    // a contradiction only from its origins, read with no doubt on both sides.
    const same = found.filter((s) => agrees(mine.entity, s) === 'same');
    const base = {
      kind: 'attribution' as const,
      start: f.start,
      end: f.end,
      text: f.text,
      speaker: entityLabel(mine.entity),
    };
    if (same.length) {
      const expected = entityLabel(commonest(same).speaker.entity);
      out.push({
        ...base,
        status: 'verified',
        severity: 'none',
        message: ATTRIBUTION_MSG.verified(expected),
        expected,
        sources: same.map((s) => ({ ...s.match })),
        fixes: [],
      });
      continue;
    }
    if (!confident(mine)) continue;
    const origins = found.filter((s) => !s.match.variant);
    const top = soleSpeaker(origins);
    if (!top) continue;
    if (agrees(mine.entity, top) !== 'different') continue;
    const other = origins.filter((s) => knows(s.analysis, mine.entity));
    if (!other.length) continue;
    // An origin in a source where no speaker of these words can be read, a source that names the
    // draft's speaker (a tweet quoted without marks, a statement credited in a way not read), may
    // well give them to that speaker: no contradiction then.
    const unread = f.sources.filter((m) => !m.variant && !m.closest && !found.some((s) => s.match.sourceId === m.sourceId));
    const namesDraftSpeaker = (m: SourceMatch) => {
      const src = byId.get(m.sourceId);
      return !!src && knows(sourceSpeakers(src), mine.entity);
    };
    if (unread.some(namesDraftSpeaker)) continue;
    const expected = entityLabel(top.speaker.entity);
    out.push({
      ...base,
      status: 'misattributed',
      severity: ctx.config.misattributedSeverity,
      message: ATTRIBUTION_MSG.misattributed(expected),
      expected,
      sources: other.map((s) => ({ ...s.match })),
      fixes: renameFix(ctx, mine, top.speaker.entity),
    });
  }
  return { findings: out, notes };
}

function create(index: CorpusIndex): Check {
  const st: State = { byId: new Map(index.sources.map((s) => [s.id, s])), blocks: new SpeakerBlocks() };
  return { name: 'attribution', run: (ctx, earlier) => run(st, ctx, earlier) };
}

const STATUSES = ['verified', 'misattributed'] as const;
const SETTINGS = {
  /** Severity of a quote given to the wrong speaker. */
  misattributedSeverity: severity('warning'),
  /** Check speakers at all. */
  checkAttribution: flag(true),
} as const;

/** Attribution: does the draft give each quotation it found to the speaker its sources give it to? */
export const attributionCheck: CheckModule<'attribution', (typeof STATUSES)[number], typeof SETTINGS> = defineCheck({
  kind: 'attribution',
  name: 'attribution',
  statuses: STATUSES,
  titles: {
    verified: 'Speaker agrees with the sources',
    misattributed: 'The sources give this quotation to someone else',
  },
  settings: SETTINGS,
  enabledBy: 'checkAttribution',
  tables: [QUOTATIONS_TABLE],
  eval: { quoted: true, claims: ['misattributed'], unfixed: ['misattributed'] },
  presentation: {
    heading: 'Attributions',
    icon: 'person',
    // A speaker the sources agree on is named in each source's block of the hover.
    quietSecond: 'verified',
    rules: {
      misattributed: {
        name: 'Misattribution',
        short: 'A quotation the sources give to another speaker',
        full: 'The sources that contain the quotation name, beyond doubt, another person or organisation as its speaker.',
        help: 'Check who said it in the sources shown as related locations.',
        severity: 'misattributedSeverity',
      },
    },
  },
  create,
});
