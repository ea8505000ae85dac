// Which way a date without a year or a week points: news copy reports the past ("left hospital on
// Sunday") and announces the future ("will meet on Tuesday", "talks resume on Thursday"). The
// tense is read from the verbs nearest the date: first within its clause (strong), else anywhere
// in the sentence (weak). A weak or missing tense leaves the other reading open.
import { tokenize, type Token } from '../text/tokens';
import { matchesIn } from './patterns';

export type Direction = 'past' | 'future' | 'unknown';

export interface Tense {
  direction: Direction;
  /** Read from the date's own clause (true) or only from the wider sentence (false). */
  strong: boolean;
  /** The word that decided, for hovers, and where it is in the text. */
  cue?: string;
  cueStart?: number;
}

const IRREGULAR_PAST = new Set(
  (
    'said told met left began spoke was were had did took made went came gave won held ran fell rose saw sent wrote ' +
    'became brought bought built caught chose drew drove ate fought found flew forgot froze got grew hid kept knew laid ' +
    'led lost meant paid rode rang sang sank sat shook shot slept sold spent stood stole struck swore swept taught ' +
    'thought threw understood woke wore withdrew arose sought bore bent bled bound bred clung dealt dug fed felt fled ' +
    'flung forgave hung heard lent lit overcame overtook undertook upheld withheld spun stuck stung swam swung tore ' +
    'wept broke oversaw mistook foresaw rebuilt ago earlier yesterday previously'
  ).split(' '),
);
const FUTURE = new Set(
  'will shall would tomorrow next upcoming expected scheduled slated plans plan planning intends aims set going'.split(' '),
);
/** "-ed" words that are adjectives far more often than verbs. */
const ADJECTIVAL = new Set(
  'armed alleged based related limited detailed advanced concerned interested supposed unprecedented unexpected unidentified unnamed aged skilled biased hundred sacred naked wicked rugged ragged beloved kindred'.split(
    ' ',
  ),
);
const PRESENT_AUX = new Set(['is', 'are', 'am', "isn't", "aren't"]);
const PAST_AUX = new Set(['was', 'were', 'has', 'have', 'had', "wasn't", "weren't", "hasn't", "haven't", "hadn't"]);
const FUTURE_AUX = new Set(['will', 'would', 'shall', "won't", "wouldn't"]);
const SPEECH = new Set(['said', 'told', 'added', 'stated', 'announced', 'reported', 'wrote']);
const MODAL = new Set(['may', 'might', 'could', 'should', 'can', 'must']);
const RELATIVE_PRONOUN = new Set(['which', 'that', 'who']);
/** Words after a relative pronoun that are not its verb. */
const NOT_A_VERB = new Set(
  'the a an he she it they we you i his her its their our this these those there some many most all also still not no now then already just only said says is are was were be been has have had will would could can may might must should'.split(
    ' ',
  ),
);
/** "set to", "due to", "going to", "plan to": future only when followed by "to". */
const FUTURE_WITH_TO = new Set(['set', 'going', 'plan', 'plans', 'planning', 'expected', 'scheduled', 'slated', 'aims', 'intends']);

/** 'progressive' ("is meeting") points ahead, but yields to any other verb in the clause. */
type Mark = 'past' | 'future' | 'present' | 'progressive' | undefined;

function markOf(tokens: Token[], i: number, text: string): Mark {
  const w = tokens[i].norm;
  const next = tokens[i + 1]?.norm;
  if (w === 'due') {
    // "due back", "due to meet": ahead; "due to the strike": because of.
    const after = tokens[i + 2]?.norm;
    return next !== 'to' || (after !== undefined && !/^(?:the|a|an|its|his|her|their|this|that|\d.*)$/.test(after)) ? 'future' : undefined;
  }
  if (FUTURE_WITH_TO.has(w)) return next === 'to' ? 'future' : undefined;
  // The present progressive of a plan: "is meeting on Tuesday", "are increasing margins Thursday".
  if (/^[a-z]{3,}ing$/.test(w) && i > 0 && PRESENT_AUX.has(tokens[i - 1].norm)) return 'progressive';
  if (w.endsWith("'ll")) return 'future';
  if (FUTURE.has(w)) return 'future';
  const raw = text.slice(tokens[i].start, tokens[i].end);
  const afterHyphen = text[tokens[i].start - 1] === '-';
  const participle = IRREGULAR_PAST.has(w) || (/^[a-z]{3,}ed$/.test(w) && !/eed$/.test(w) && !ADJECTIVAL.has(w));
  if (!participle || afterHyphen) return undefined;
  if (/^\p{Lu}/u.test(raw) && i > 0 && !IRREGULAR_PAST.has(w)) return undefined; // "United", "Allied"
  // The auxiliary decides for participles: "is expected", "will be continued", "has met".
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const a = tokens[k].norm;
    if (FUTURE_AUX.has(a)) return 'future';
    if (MODAL.has(a)) return tokens[k + 1]?.norm === 'have' ? 'past' : 'future'; // "may be completed", "could have met"
    if (PRESENT_AUX.has(a)) return 'present';
    if (PAST_AUX.has(a)) return 'past';
  }
  return 'past';
}

const CLAUSE_BREAK = /[;:()\u2014\u2013,]|\s-\s/g;

/**
 * The tense around the date at [start, end) in `text`, within the sentence [sentStart, sentEnd).
 * Words inside other date expressions (`skip`) are not read.
 */
export function tenseAround(
  text: string,
  sentStart: number,
  sentEnd: number,
  start: number,
  end: number,
  skip: readonly { start: number; end: number }[] = [],
  sentenceTokens: readonly Token[] = tokenize(text, sentStart, sentEnd),
): Tense {
  const tokens = sentenceTokens.filter(
    (t) => !(t.start >= start && t.end <= end) && !skip.some((s) => t.start >= s.start && t.end <= s.end),
  );
  // The clause: from the last break before the date to the first break after it.
  let clauseStart = sentStart;
  let clauseEnd = sentEnd;
  for (const m of matchesIn(CLAUSE_BREAK, text, sentStart, sentEnd)) {
    if (m.index < start) clauseStart = m.index + m[0].length;
    else if (m.index >= end) {
      clauseEnd = m.index;
      break;
    }
  }
  // Outside the date's clause, a verb of saying tells when something was said, not when it
  // happens ("… starting Wednesday, the exchange said"): it decides only when nothing else does.
  let best: { mark: Mark; dist: number; cue: string; cueStart: number; inClause: boolean; speech: boolean } | undefined;
  const rank = (b: { mark: Mark; inClause: boolean; speech: boolean }) =>
    (b.inClause ? 2 : b.speech ? 0 : 1) - (b.mark === 'progressive' ? 0.5 : 0);
  tokens.forEach((t, i) => {
    const mark = markOf(tokens, i, text);
    if (!mark || mark === 'present') return;
    const dist = t.end <= start ? start - t.end : t.start - end;
    const inClause = t.start >= clauseStart && t.end <= clauseEnd;
    const cand = { mark, dist, cue: text.slice(t.start, t.end), cueStart: t.start, inClause, speech: SPEECH.has(t.norm) };
    const better = !best || rank(cand) > rank(best) || (rank(cand) === rank(best) && dist < best.dist);
    if (better) best = cand;
  });
  const direction = (m: Mark): Direction => (m === 'past' ? 'past' : 'future');
  if (best?.inClause) return { direction: direction(best.mark), strong: best.mark !== 'progressive', cue: best.cue, cueStart: best.cueStart };
  // A relative clause in the present announces a scheduled event: "talks, which resume on Thursday".
  const clause = tokens.filter((t) => t.start >= clauseStart && t.end <= clauseEnd);
  for (let i = 0; i + 1 < clause.length; i++) {
    if (!RELATIVE_PRONOUN.has(clause[i].norm)) continue;
    const verb = clause[i + 1];
    const raw = text.slice(verb.start, verb.end);
    if (verb.end > start || NOT_A_VERB.has(verb.norm) || /^\p{Lu}/u.test(raw) || /ed$/.test(verb.norm)) continue;
    return { direction: 'future', strong: false, cue: raw, cueStart: verb.start };
  }
  if (best) return { direction: direction(best.mark), strong: false, cue: best.cue, cueStart: best.cueStart };
  return { direction: 'unknown', strong: false };
}
