// The attribution check: does the draft give each quotation to the speaker its sources give it to?
//   verified       the draft's speaker is a speaker the sources give for the matched passage;
//   misattributed  the sources give the passage to somebody else.
// No finding when the draft names no speaker or no source does. Builds on the quote check: only
// quotations it found (verified or altered) are judged, against the passages it matched.
import { ATTRIBUTION_MSG } from '../messages';
import type { PreparedSource } from '../corpus/source';
import {
  analyseSpeakers, entityLabel, entityName, sameSpeaker, sourceSpeakers, speakerOfSpan,
  type Entity, type QuoteSpeaker, type SpeakerAnalysis,
} from '../speakers/index';
import type { Finding, Fix, SourceMatch } from '../types';
import type { Check, DraftContext } from './context';

interface SourceSpeaker {
  match: SourceMatch;
  speaker: QuoteSpeaker;
  analysis: SpeakerAnalysis;
}

/** The speaker of a matched passage, according to its source. */
function speakerIn(src: PreparedSource, match: SourceMatch): { speaker: QuoteSpeaker; analysis: SpeakerAnalysis } | undefined {
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

/** The most frequent label among the sources' speakers (first seen on ties). */
function commonest(speakers: SourceSpeaker[]): SourceSpeaker {
  const count = new Map<string, number>();
  for (const s of speakers) count.set(entityLabel(s.speaker.entity), (count.get(entityLabel(s.speaker.entity)) ?? 0) + 1);
  return [...speakers].sort((a, b) => count.get(entityLabel(b.speaker.entity))! - count.get(entityLabel(a.speaker.entity))!)[0];
}

/** Quick fix: the draft's words for the speaker replaced by the source's name (keeping a sentence capital). */
function renameFix(ctx: DraftContext, draft: QuoteSpeaker, to: Entity): Fix[] {
  const m = draft.mention;
  let name = entityName(to).replace(/^another\b/i, 'a');
  if (!name) return [];
  // A title in the draft goes with the name it belongs to ("Secretary of State John Kerry").
  const [start, end] = m.kind === 'name' && m.role ? [m.start, m.end] : m.kind === 'name' ? [m.nameStart, m.nameEnd] : [m.start, m.end];
  const old = ctx.text.slice(start, end);
  const sentenceStart = /(?:^|[.!?]["”’']?|\n\s*\n)\s*$/.test(ctx.text.slice(Math.max(0, start - 200), start));
  if (sentenceStart) name = name[0].toUpperCase() + name.slice(1);
  if (old === name) return [];
  return [{ title: ATTRIBUTION_MSG.attributeTo(name), edits: [{ start, end, newText: name }] }];
}

export const attributionCheck: Check = {
  name: 'attribution',
  run(ctx: DraftContext, earlier: readonly Finding[]): Finding[] {
    const quoteFindings = earlier.filter((f) => f.kind === 'quote' && f.sources.length > 0);
    if (!quoteFindings.length) return [];
    const byId = new Map(ctx.index.sources.map((s) => [s.id, s]));
    const draft = analyseSpeakers(ctx.text, ctx.view.masked, ctx.view.blocks, ctx.quotes);
    const out: Finding[] = [];
    for (const f of quoteFindings) {
      const found: SourceSpeaker[] = [];
      for (const match of f.sources) {
        const src = byId.get(match.sourceId);
        const got = src && speakerIn(src, match);
        if (!got) continue;
        // The quote finding's source matches are annotated in place, so the quote's hover can show
        // who speaks in each source: this check runs after the quote check and owns that field.
        match.speaker = entityLabel(got.speaker.entity);
        found.push({ match, ...got });
      }
      if (f.status !== 'verified' && f.status !== 'altered') continue;
      const qi = ctx.quotes.findIndex((q, i) => draft.outer[i] && q.start === f.start && q.end === f.end);
      const mine = qi >= 0 ? draft.byQuote[qi] : undefined;
      if (!mine || !found.length) continue;
      const verdicts = found.map((s) => ({ s, v: agrees(mine.entity, s) }));
      const same = verdicts.filter((x) => x.v === 'same').map((x) => x.s);
      const other = verdicts.filter((x) => x.v === 'different').map((x) => x.s);
      if (!same.length && !other.length) continue;
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
      const top = commonest(other);
      const labels = [...new Set(other.map((s) => entityLabel(s.speaker.entity)))];
      out.push({
        ...base,
        status: 'misattributed',
        severity: ctx.config.misattributedSeverity,
        message: ATTRIBUTION_MSG.misattributed(labels.join('; ')),
        expected: entityLabel(top.speaker.entity),
        sources: other.map((s) => ({ ...s.match })),
        fixes: renameFix(ctx, mine, top.speaker.entity),
      });
    }
    return out;
  },
};
