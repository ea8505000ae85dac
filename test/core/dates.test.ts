// The date check. Fixture drafts in test/fixtures/dates carry their expectations inline: every date
// is followed by <!--date STATUS--> (test/fixtureHarness.ts); the fixture corpus beside
// them is small and synthetic so that these tests depend on nothing else.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, type Finding, type SourceInput } from '../../server/src/core/index';
import { periodValue } from '../../server/src/core/dates/calendar';
import { findDateline, mayHoldDay } from '../../server/src/core/dates/anchor';
import { extractDates, mayHoldDate, readDates } from '../../server/src/core/dates/extract';
import { renderLike } from '../../server/src/core/dates/render';
import { resolveDate } from '../../server/src/core/dates/resolve';
import { tenseAround } from '../../server/src/core/dates/tense';
import { textsOfTheTests } from '../texts';
import { fixtureTests, folderSources } from '../fixtureHarness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dates');

/** The fixture corpus of a folder (test/fixtureHarness.ts). */
const corpus = folderSources;

const checker = createChecker(corpus(path.join(FIXTURES, 'corpus')));
const dateFindings = (c: ReturnType<typeof createChecker>, text: string, date?: string): Finding[] =>
  c.check({ text, languageId: 'markdown', date }).findings.filter((f) => f.kind === 'date');

/** `text` with «…» marking the date: the sentence, and the offsets of the marked date. */
function marked(s: string): { text: string; start: number; end: number } {
  const start = s.indexOf('«');
  const end = s.indexOf('»') - 1;
  return { text: s.replace('«', '').replace('»', ''), start, end };
}

const day = (iso: string) => Math.round(Date.parse(iso) / 86_400_000);

/** Resolves the marked date of a one-sentence text against `anchor` (ISO). */
function resolve(s: string, anchor: string): string[] {
  const m = marked(s);
  const exprs = extractDates(m.text);
  const e = exprs.find((x) => x.start === m.start && x.end === m.end);
  assert.ok(e, `no date at «${m.text.slice(m.start, m.end)}»; found ${exprs.map((x) => `“${m.text.slice(x.start, x.end)}”`).join(', ')}`);
  const tense = tenseAround(m.text, 0, m.text.length, e.coreStart, e.coreEnd, exprs);
  const r = resolveDate(e, day(anchor), tense);
  assert.ok(r, 'unresolved');
  return [periodValue(r.period), ...r.alternatives.map(periodValue)];
}

describe('dates: fixture drafts with inline expectations', () => {
  const cases: { file: string; corpus?: string; date?: string }[] = [
    { file: 'statuses.md' },
    { file: 'no-own-date.txt' },
    { file: 'dateline.txt' },
    { file: 'year-boundary.txt' },
    { file: 'floating-draft.txt', corpus: 'floating' },
    { file: 'paraphrase.md', corpus: 'paraphrase' },
    { file: 'forms.md', corpus: 'forms' },
    { file: 'spoken.md', corpus: 'spoken' },
  ];
  for (const c of cases) {
    fixtureTests(path.join(FIXTURES, c.file), { sources: corpus(path.join(FIXTURES, c.corpus ?? 'corpus')), kinds: ['date'], languageId: 'markdown', date: c.date });
  }
  // Sources dated only in their text (no metadata, no dateline): a draft's "last year" is read from
  // the newest date they state, which may verify it but never calls it wrong.
  fixtureTests(path.join(FIXTURES, 'text-dated.md'), { sources: [], kinds: ['date'], languageId: 'markdown' });
});

describe('dates: finding details', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'statuses.md'), 'utf8');
  const findings = dateFindings(checker, text);
  const find = (t: string) => findings.find((f) => f.text === t)!;

  it('a mismatch names the source and its date, and fixes in the draft’s style', () => {
    const f = find('on Wednesday');
    assert.equal(f.status, 'mismatch');
    assert.equal(f.severity, 'warning');
    assert.equal(f.value, '2014-09-17');
    assert.equal(f.expected, '2014-09-18');
    assert.equal(f.message, 'Wire (15 Sep 2014) dates “negotiators will meet again in Vienna” to Thursday, 18 Sep 2014 (“on Thursday”)');
    assert.equal(f.fixes[0].edits[0].newText, 'on Thursday');
    const s = f.sources[0];
    assert.equal(s.wording, 'on Thursday');
    assert.equal(s.value, '2014-09-18');
    const src = checker.source(s.sourceId)!;
    assert.equal(src.text.slice(s.start, s.end), 'on Thursday');
    assert.match(src.text.slice(s.contextStart, s.contextEnd), /^The negotiators will meet again/);
  });

  it('a year corrected by a relative year keeps the draft’s form', () => {
    const f = find('in 2012');
    assert.equal(f.expected, '2013');
    assert.equal(f.fixes[0].edits[0].newText, 'in 2013');
    assert.equal(find('in 2013').sources[0].wording, 'last year');
  });

  it('an undated source counts from the newest source date', () => {
    const f = find('on Sunday');
    assert.equal(f.expected, '2014-09-15');
    assert.equal(f.fixes[0].edits[0].newText, 'on Monday');
  });

  it('a weekday off its date is an error, with both repairs offered', () => {
    const f = find('Monday, Sept. 14');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, '14 Sep 2014 is a Sunday, not a Monday');
    const fixes = f.fixes.map((x) => x.edits[0].newText);
    assert.ok(fixes.includes('Sunday, Sept. 14') && fixes.includes('Monday, Sept. 15'), fixes.join(', '));
  });

  it('an impossible day is an error', () => {
    assert.match(find('Sept. 31').message, /September has 30 days/);
  });

  it('verified dates carry hover notes: the reading and the anchor', () => {
    const f = find('on Monday');
    assert.equal(f.severity, 'none');
    assert.deepEqual(f.notes?.slice(0, 2), ['Read as Monday, 15 Sep 2014', 'Counted from the draft’s date, Monday, 15 Sep 2014']);
  });

  it('a draft without a date of its own reads relative dates from the dated source it is compared with', () => {
    const f = dateFindings(checker, 'Foreign ministers met in Geneva on Monday to discuss a ceasefire in the northern provinces.')[0];
    assert.equal(f.status, 'verified');
    assert.equal(f.value, '2014-09-15');
  });

  it('the unsupported severity is configurable', () => {
    const f = checker
      .check({ text: 'The zoo welcomed a baby giraffe in 2011.', languageId: 'plaintext' }, { ...checkerDefaults(), dateUnsupportedSeverity: 'hint' })
      .findings.find((x) => x.kind === 'date')!;
    assert.equal(f.severity, 'hint');
  });
});

function checkerDefaults() {
  // Imported lazily to keep the fixture helpers above free of configuration.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { ...(require('../../server/src/core/config') as typeof import('../../server/src/core/config')).DEFAULT_CONFIG };
}

describe('dates: decades, centuries, ranges and dates counted from the one before', () => {
  const forms = createChecker(corpus(path.join(FIXTURES, 'forms')));
  const check = (text: string) => dateFindings(forms, text, '2014-09-20');

  it('a decade the sources contradict is fixed in the draft’s words, and named as a decade', () => {
    const f = check('The Berg moth museum was founded in Lapland in the 1940s by the naturalist Carl Berg.')[0];
    assert.equal(f.status, 'mismatch');
    assert.equal(f.value, '194X');
    assert.equal(f.expected, '193X');
    assert.match(f.message, /to the 1930s$/);
    assert.equal(f.fixes[0].edits[0].newText, 'in the 1930s');
  });

  it('a century is read as writers count it (the 20th century: 1900–1999)', () => {
    assert.deepEqual(resolve('He died «in the 20th century».', '2014-09-15'), ['19XX']);
    assert.deepEqual(resolve('the «18th-century» Swedish naturalist', '2014-09-15'), ['17XX']);
    assert.deepEqual(resolve('music of «the ’90s»', '2014-09-15'), ['199X']);
  });

  it('a date counted from the one before says which it counted from, and is never called wrong', () => {
    const [, f] = check('Detectives arrested the caretaker Olav Lund in 2011, and a Tromsø court convicted Lund of the Halden murder the following year.');
    assert.equal(f.status, 'verified');
    assert.ok(f.notes?.includes('Counted from the date before it in the paragraph, 2011'), (f.notes ?? []).join(' | '));
    const [, g] = check('Detectives arrested the caretaker Olav Lund in 2011, and a Tromsø court convicted Lund of the Halden murder three years later.');
    assert.equal(g.status, 'unsupported');
  });

  it('a date counted from the one before needs one in its paragraph', () => {
    const found = check('Detectives arrested the caretaker Olav Lund in 2011.\n\nA Tromsø court convicted Lund of the Halden murder the following year.');
    assert.deepEqual(found.map((f) => f.text), ['in 2011']);
  });

  it('both ends of a range are checked, each on its own', () => {
    const found = check('The Nordic moth conference in Tromsø ran from September 15 to 18, 2014.');
    assert.deepEqual(found.map((f) => `${f.text}: ${f.status}`), ['September 15: verified', '18, 2014: mismatch']);
    assert.equal(found[1].fixes[0].edits[0].newText, '17, 2014');
    const years = check('The lottery grant for the museum covers the 2012-13 season.');
    assert.deepEqual(years.map((f) => `${f.text}: ${f.status}`), ['2012: verified', '13: verified']);
  });

  it('reads the forms, and not what only looks like them', () => {
    const read = (t: string) => extractDates(t).map((e) => `${t.slice(e.start, e.end)}=${e.form}:${e.year ?? ''}`);
    assert.deepEqual(read('the 2012-13 and 2013-14 seasons'), ['2012=year:2012', '13=year:2013', '2013=year:2013', '14=year:2014']);
    assert.deepEqual(read('Sales in 2010-11 fell.'), []); // November 2010, or a span of years: not said
    assert.deepEqual(read('the 2010-11 season'), ['2010=year:2010', '11=year:2011']);
    assert.deepEqual(read('in the 1930s and 1940s'), ['in the 1930s=decade:1930', '1940s=decade:1940']);
    assert.deepEqual(read('In December of that year'), ['In December of that year=month:']);
    assert.deepEqual(read('a week later'), ['a week later=relative:']);
    assert.deepEqual(read('He scored 1930 points.'), []);
  });
});

describe('dates: anchoring', () => {
  const MONDAY = '2014-09-15';
  const table: [string, string, string][] = [
    // weekday, past tense: the last such day on or before the anchor
    ['He left hospital «on Sunday» after a week.', MONDAY, '2014-09-14'],
    ['Ministers met in Geneva «on Monday».', MONDAY, '2014-09-15'],
    ['The United States «on Monday» ruled out coordination.', MONDAY, '2014-09-15'],
    ['Police arrested him «on Friday», officials said.', MONDAY, '2014-09-12'],
    // weekday, future: the first such day on or after it
    ['The leaders will meet «on Tuesday».', MONDAY, '2014-09-16'],
    ['Obama will meet «on Monday» with the general.', MONDAY, '2014-09-15'],
    ['The House is set to vote «on Wednesday».', MONDAY, '2014-09-17'],
    // present tense of a scheduled event: the nearest, the other reading kept
    ['Nuclear talks resume in New York «on Thursday».', MONDAY, '2014-09-18'],
    ['Kerry said talks, which resume in New York «on Thursday», could help.', MONDAY, '2014-09-18'],
    // shifted weekdays
    ['The ministers met «last Tuesday».', MONDAY, '2014-09-09'],
    ['The ministers meet «next Monday».', MONDAY, '2014-09-22'],
    // relative periods
    ['Rouhani was elected «last year».', MONDAY, '2013'],
    ['Kerry said «last week» it would be inappropriate.', MONDAY, '2014-W37'],
    ['He spoke «yesterday».', MONDAY, '2014-09-14'],
    ['The law passed «two years ago».', MONDAY, '2012'],
    ['Sales fell «this month».', MONDAY, '2014-09'],
    // stated dates
    ['Airstrikes began «August 8».', MONDAY, '2014-08-08'],
    ['He was elected «in 2013».', MONDAY, '2013'],
    ['It happened on «15 September 2014».', MONDAY, '2014-09-15'],
    // year-less dates near a year boundary
    ['The festival closed on «Dec. 30»', '2015-01-02', '2014-12-30'],
    ['The museum will reopen on «Jan. 12».', '2015-01-02', '2015-01-12'],
    ['The museum reopened on «Jan. 12».', '2015-01-02', '2014-01-12'],
    ['The new rules take effect «Jan. 1».', '2014-12-30', '2015-01-01'],
    ['Deposits rose 2.6 pct in January against 9.4 pct «in December».', '1987-02-26', '1986-12'],
    ['Deposits rose 2.6 pct «in January», the bank said.', '1987-02-26', '1987-01'],
  ];
  for (const [sentence, anchor, expected] of table) {
    it(`${sentence} (anchor ${anchor}) → ${expected}`, () => {
      assert.equal(resolve(sentence, anchor)[0], expected);
    });
  }

  it('a guessed tense keeps the other reading open', () => {
    assert.deepEqual(resolve('Nuclear talks resume in New York «on Thursday».', MONDAY), ['2014-09-18', '2014-09-11']);
    assert.deepEqual(resolve('He left hospital «on Sunday» after a week.', MONDAY), ['2014-09-14']);
  });
});

describe('dates: finding date expressions', () => {
  const spans = (s: string) => extractDates(s).map((e) => s.slice(e.start, e.end));
  it('reads a year before a name, not "today" meaning nowadays', () => {
    assert.deepEqual(spans('She played the band’s famous 1994 “Harbour Lights” show.'), ['1994']);
    assert.deepEqual(spans('Schools must prepare the pupils of today for jobs of tomorrow.'), []);
    assert.deepEqual(spans('The council met today.'), ['today']);
  });
  it('reads numeric dates with one separator, not a rate in sixteenths', () => {
    assert.deepEqual(spans('It bought bills at 10-5/16 pct and at 10-13/16 pct.'), []);
    assert.deepEqual(spans('Signed on 10/5/2016, 2016-10-05, 10.5.2016 and 5-10-2016.'), ['10/5/2016', '2016-10-05', '10.5.2016', '5-10-2016']);
  });
  it('covers the preposition of a bare weekday, month or year, not of a full date', () => {
    assert.deepEqual(spans('Khamenei spoke on Monday, Sept. 14, and on Tuesday.'), ['Monday, Sept. 14', 'on Tuesday']);
    assert.deepEqual(spans('Elected in 2013, since June, memories of the 2003 invasion, the revolution of 1979.'), [
      'in 2013',
      'since June',
      '2003',
      '1979',
    ]);
    assert.deepEqual(spans('Between 1979 and 1980, and from 2010 to 2013.'), ['1979', '1980', 'from 2010', '2013']);
  });
  it('reads relative dates', () => {
    assert.deepEqual(spans('He said last week, yesterday and two years ago that later this week was fine.'), [
      'last week',
      'yesterday',
      'two years ago',
      'this week',
    ]);
  });
  it('reads "last night", weekends and a month named before a noun, not their look-alikes', () => {
    assert.deepEqual(spans('Fire crews fought the blaze last night and over the weekend; the vote is next weekend.'), ['last night', 'over the weekend', 'next weekend']);
    assert.deepEqual(spans('He died this past weekend, nine months before his December death.'), ['this past weekend', 'December']);
    assert.deepEqual(spans('It was the last night of the tour, the last weekend of the season, weekend traffic and the weekend’s games.'), []);
    assert.deepEqual(spans('The May government fell; the March Madness began; the June report came out.'), ['June']);
    assert.deepEqual(extractDates('Shops closed over the weekend.').map((e) => e.form), ['weekend']);
    assert.deepEqual(extractDates('He left last night.').map((e) => e.relative), [{ unit: 'day', offset: -1 }]);
  });
  it('leaves alone what only looks like a date', () => {
    assert.deepEqual(
      spans('There may be a march. 2,000 troops and 2014 people? The 9/11 attacks. USA Today reported a Saturday-matinee show. He sat on a bench.'),
      [],
    );
  });
  it('finds impossible dates that a parser would reject', () => {
    const e = extractDates('It was set for Sept. 31 and Feb. 29, 2013, not Feb. 29, 2012.');
    assert.deepEqual(
      e.map((x) => x.impossible ?? false),
      [true, true, false],
    );
  });
});

describe('dates: datelines', () => {
  const dl = (s: string) => {
    const d = findDateline(s, 0);
    return d && s.slice(d.start, d.end);
  };
  it('reads a dateline, a date line and a wire header', () => {
    assert.equal(dl('Washington, Sept. 15, 2014 -- The United States on Monday'), 'Sept. 15, 2014');
    assert.equal(dl('Standard Oil To Form Unit\n26-FEB-1987 15:02:20.00\n\nStandard Oil said'), '26-FEB-1987');
    assert.equal(dl(' date 2014-09-15 PARIS, Sept 15 The United States'), '2014-09-15');
    assert.equal(dl('LYON, Jan. 2, 2015 — The festival closed'), 'Jan. 2, 2015');
  });
  it('does not take a date in the first sentence for a dateline', () => {
    assert.equal(dl('On Sept. 14, 2014, troops crossed the border.'), undefined);
    assert.equal(dl('Troops crossed the border Sept. 14, 2014, officials said.'), undefined);
  });
});

describe('dates: fixes in the draft’s style', () => {
  const fix = (s: string, target: string, anchor = '2014-09-15') => {
    const m = marked(s);
    const e = extractDates(m.text).find((x) => x.start === m.start)!;
    const t = day(target.length === 4 ? `${target}-01-01` : target);
    const precision = target.length === 4 ? 'year' : 'day';
    const end = precision === 'year' ? day(`${Number(target) + 1}-01-01`) : t + 1;
    return renderLike(m.text.slice(e.start, e.end), e, { precision, start: t, end }, day(anchor), 2014);
  };
  const table: [string, string, string][] = [
    ['He left «on Sunday».', '2014-09-15', 'on Monday'],
    ['It began «Aug. 8».', '2014-08-18', 'Aug. 18'],
    ['It began «Sept. 14».', '2014-09-15', 'Sept. 15'],
    ['It began «September 14th».', '2014-09-21', 'September 21st'],
    ['It began «14 September 2014».', '2013-09-15', '15 September 2013'],
    ['Khamenei spoke «Monday, Sept. 14».', '2014-09-15', 'Monday, Sept. 15'],
    ['It began «Aug. 8».', '2013-08-08', 'Aug. 8, 2013'],
    ['It was signed «in 2012».', '2013', 'in 2013'],
    ['It was signed «last year».', '2012', 'in 2012'],
    ['It was signed «last year».', '2013', 'last year'],
    ['He spoke «yesterday».', '2014-09-15', 'today'],
    ['He spoke «yesterday».', '2014-09-12', 'on Friday'],
    ['He spoke «on Monday».', '2014-08-25', 'on August 25'],
    ['It opened «2014-09-15».', '2014-09-16', '2014-09-16'],
  ];
  for (const [s, target, expected] of table) {
    it(`${s} → ${target}: “${expected}”`, () => assert.equal(fix(s, target), expected));
  }
});

describe('dates: incremental and fast paths give the same findings', () => {
  const drafts = fs
    .readdirSync(FIXTURES)
    .filter((f) => /\.(md|txt)$/.test(f))
    .map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));

  it('a checker warmed up ahead of need (as the language server does when idle) finds what a cold one finds', () => {
    for (const folder of ['corpus', 'paraphrase', 'forms', 'spoken', 'floating']) {
      const sources = corpus(path.join(FIXTURES, folder));
      const warmed = createChecker(sources);
      const steps = [...warmed.warmUp()];
      assert.ok(steps.includes('dates'), `${folder}: the date check prepares its source dates`);
      for (const text of drafts) assert.deepEqual(dateFindings(warmed, text, '2014-09-17'), dateFindings(createChecker(sources), text, '2014-09-17'), folder);
    }
  });

  it('checking block by block, and again after edits, finds what a whole check finds', () => {
    for (const text of drafts) {
      const c = createChecker(corpus(path.join(FIXTURES, 'corpus')));
      const whole = (t: string) => {
        const fresh = createChecker(corpus(path.join(FIXTURES, 'corpus')));
        return dateFindings(fresh, t);
      };
      assert.deepEqual(dateFindings(c, text), whole(text));
      // Edits: a paragraph added at the top, one removed, a word changed in the middle.
      const paras = text.split('\n\n');
      const mid = Math.floor(paras.length / 2);
      const edits = [
        text.replace(/\n\n/, '\n\nA new paragraph on Monday, with nothing else.\n\n'),
        paras.filter((_, i) => i !== mid).join('\n\n'),
        paras.map((p, i) => (i === mid ? p.replace(/ (\w+) /, ' $1 very ') : p)).join('\n\n'),
        text,
      ];
      for (const t of edits) assert.deepEqual(dateFindings(c, t), whole(t));
    }
  });

  it('a checker that has paired a draft’s dates pairs them afresh for another draft date, and again for the first', () => {
    // Pairings are kept by their inputs (the event words, the anchor, the evidence needed):
    // the same sentences under other anchors must not reuse them.
    const c = createChecker(corpus(path.join(FIXTURES, 'corpus')));
    const fresh = (t: string, date?: string) => dateFindings(createChecker(corpus(path.join(FIXTURES, 'corpus'))), t, date);
    let compared = 0;
    for (const text of drafts) {
      for (const date of [undefined, '2014-09-15', '2015-03-02', '2014-09-15', undefined]) {
        const got = dateFindings(c, text, date);
        assert.deepEqual(got, fresh(text, date), `draft date ${date}`);
        compared += got.length;
      }
    }
    assert.ok(compared > 20, `${compared} findings compared`);
  });

  it('an undated source’s dates count from each draft’s own date, in one checker', () => {
    const source: SourceInput = { id: 'undated.txt', fallbackTitle: 'undated', text: 'Harbour talks resumed in Geneva on Monday, officials of the port authority said.\n' };
    const c = createChecker([source]);
    const text = 'Harbour talks resumed in Geneva on Monday, the port authority said.\n';
    for (const date of ['2014-09-17', '2015-03-04', '2014-09-17']) {
      const got = dateFindings(c, text, date);
      assert.deepEqual(got, dateFindings(createChecker([source]), text, date), date);
      assert.deepEqual(got.map((f) => f.status), ['verified'], date);
    }
  });

  it('a sentence running on into the next block is checked with all its words', () => {
    const text = '# Talks resumed\nin Geneva on Monday, officials said\n\n- the summit ended on\n- Tuesday after talks\n';
    const c = createChecker(corpus(path.join(FIXTURES, 'corpus')));
    const first = dateFindings(c, text, '2014-09-17');
    const edited = text.replace('Geneva', 'Vienna');
    assert.deepEqual(dateFindings(c, edited, '2014-09-17'), dateFindings(createChecker(corpus(path.join(FIXTURES, 'corpus'))), edited, '2014-09-17'));
    assert.ok(first.length >= 1);
  });

  it('extraction gated by each extractor\'s pre-condition finds what ungated extraction finds', () => {
    // Every sentence of every text the tests have, plus generated phrases around each date word in
    // every letter case, so that a pre-condition that is not necessary fails here.
    const texts = textsOfTheTests(/\.(md|txt)$/);
    const sentences = texts.flatMap((t) => t.split(/(?<=[.!?])\s+|\n\s*\n/));
    const words = [
      'September', 'Sept.', 'sept', 'SEPT', 'March', 'march', 'MAR', 'May', 'may', 'June', 'Jun.', 'Monday', 'monday', 'MONDAY',
      'Tues.', 'Tuesday', 'Thurs', 'Wednesday', 'Sat', 'Saturday', 'yesterday', 'Today', 'tonight', 'this week', 'last year',
      'next month', 'coming week', 'this past week', 'two weeks ago', 'a year ago', '2013', '1999', '2099', '1800', '9/15/2014',
      '9/11', '2014-09-15', '2014-02-30', '15.09.2014', '26-FEB-1987', 'Feb. 29', 'Sept. 31', '31 September 2014', 'the 15th',
      '3 p.m.', 'noon', 'Sunday morning', 'mid-June', "Iran's 2003", '$2014', '2000 troops', '26-feb-1987', '1987 feb 26',
      '2014 september', '2014 09 15', '3-4-87', '15th-sept', '2.5 pct', '1.2 mln', '15:00 monday', '9.15', '9-15',
      '15:00 on sept. 15', '10 a.m. on sept 15', '15-16 september', '1987 of march', '300 BC, march',
    ];
    const frames = ['on {}', 'in {}', 'It happened {} in Geneva.', '{}, officials said', 'The {} talks', 'by {} or later', 'since {}'];
    for (const w of words) for (const f of frames) sentences.push(f.replace('{}', w));
    for (let i = 0; i < words.length; i++) sentences.push(`Talks began ${words[i]} and ended ${words[(i * 7 + 3) % words.length]}.`);
    let withDates = 0;
    for (const s of sentences) {
      const ungated = readDates(s);
      assert.deepEqual(extractDates(s), ungated, s);
      if (!mayHoldDate(s)) assert.deepEqual(ungated, [], s);
      if (ungated.length) withDates++;
    }
    assert.ok(sentences.length > 500 && withDates > 200, `${withDates} of ${sentences.length} sentences with dates`);
    for (const s of ['WASHINGTON, Sept. 15 (Reuters) -', 'PARIS, 15 September 2014', '2014-09-15', '9/15/2014', 'Published March first']) {
      assert.ok(mayHoldDay(s), s);
    }
    assert.ok(!mayHoldDay('Talks resumed on Monday in Geneva'));
    for (const s of ['on Monday', 'in 2013', 'Sept. 31', 'yesterday', 'two weeks ago', '9/15/2014', '2014-09-15', 'last week', 'this morning']) {
      assert.ok(mayHoldDate(s), s);
    }
  });
});

describe('dates: pairing is evidence, not coincidence', function () {
  this.timeout(60_000);
  // An archive of unrelated stories (generated, seeded): each of its dated sentences shares a few
  // common words with the fixture drafts and carries one of their dates, right or wrong, next to
  // names of its own. Enough sources that chance matters (more than e^3). Its stories are older
  // than the fixtures' (1987), so that the newest source date, the anchor of undated sources, stays.
  const DATES = ['on Saturday', 'on Wednesday', 'on Tuesday', 'in 2009', 'in 1990', 'in 1998', 'in 2004', 'in March', 'on April 2', 'on April 20', 'in 2012', 'in 2013', 'on Sunday', 'on Monday'];
  const COMMON = ['opened', 'plant', 'company', 'families', 'fire', 'streets', 'safety', 'repairs', 'approved', 'resigned', 'hospital', 'talks', 'negotiators', 'meet', 'completed', 'dam', 'ministers', 'housing', 'city', 'river'];
  function archive(n: number, seed: number): SourceInput[] {
    let x = seed;
    const rnd = (k: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % k;
    };
    const name = () => Array.from({ length: 2 + rnd(3) }, () => 'bcdfghklmnprstvz'[rnd(16)] + 'aeiou'[rnd(5)]).join('');
    const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
    const out: SourceInput[] = [];
    for (let i = 0; i < n; i++) {
      const lines: string[] = [];
      for (let j = 0; j < 4; j++) {
        const words = [cap(name()), cap(name()), COMMON[rnd(COMMON.length)], name(), COMMON[rnd(COMMON.length)], name(), name()];
        lines.push(`${words.join(' ')} ${DATES[rnd(DATES.length)]} near ${cap(name())}.`);
      }
      const day = 10 + rnd(8);
      out.push({ id: `archive/${i}.md`, fallbackTitle: `story-${i}`, text: `---\ntitle: Story ${i}\ndate: 1987-03-${day}\n---\n${lines.join('\n\n')}\n` });
    }
    return out;
  }
  const distractors = archive(400, 7);
  const cases: { file: string; corpus: string }[] = [
    { file: 'paraphrase.md', corpus: 'paraphrase' },
    { file: 'statuses.md', corpus: 'corpus' },
  ];
  for (const c of cases) {
    const text = fs.readFileSync(path.join(FIXTURES, c.file), 'utf8');
    const own = corpus(path.join(FIXTURES, c.corpus));
    const statuses = (inputs: SourceInput[]) => dateFindings(createChecker(inputs), text).map((f) => `${f.text}: ${f.status}`);
    it(`${c.file}: an archive of unrelated stories with the same dates changes no finding`, () => {
      assert.deepEqual(statuses([...own, ...distractors]), statuses(own));
    });
    it(`${c.file}: against the unrelated archive alone, no date is verified and none called wrong`, () => {
      const wrong = statuses(distractors).filter((s) => /: (verified|mismatch)$/.test(s));
      assert.deepEqual(wrong, []);
    });
  }

  it('a source dates an event in the words of the draft, for an undated draft read from a guessed anchor', () => {
    // "last year" read from the newest source date cannot contradict a year a source states.
    const f = dateFindings(checker, 'The conductor of the orchestra resigned last year after a dispute over pay.')[0];
    assert.equal(f.status, 'unsupported');
  });

  const datedSource = (id: string, title: string, date: string, body: string): SourceInput => ({ id, fallbackTitle: id, text: `---\ntitle: ${title}\ndate: ${date}\n---\n${body}` });
  // Undated stories that make the next tests' sentence words common in the archive (and the
  // archive over 500 sources, where corpus/relevance counts words in at most 0.2% of them as rare).
  const common = Array.from({ length: 120 }, (_, i): SourceInput => ({
    id: `archive/common-${i}.md`,
    fallbackTitle: `common ${i}`,
    text: `The company opened a store by the river after repairs the city approved, and a dam ${i} was planned.\n`,
  }));

  // The story of the next two tests: the draft names it in a paragraph of its own, its source in
  // one beside the sentence compared.
  const namesTheStory = 'Engineers from Kvalsund and the Tollefsen family of Marenvik fought the Vossen Fjord scheme for a decade.\n';
  const storySource = (sentence: string) =>
    datedSource('story/vossen.md', 'Vossen Fjord dam', '1987-03-25', `${sentence}\n\nKvalsund engineers and the Tollefsen family of Marenvik had fought the scheme for a decade.\n`);
  /** The draft's date findings against the archive (the distractors and the common stories) and `more`. */
  const inArchive = (draft: string, date?: string) => (more: SourceInput[]) =>
    dateFindings(createChecker([...distractors, ...common, ...more]), draft, date).map((f) => `${f.text}: ${f.status}`);

  it('in an archive, only a source about the draft’s story calls its date wrong, not one sharing a sentence’s words', () => {
    // The sentence's words are the archive's common ones (an unrelated story written in the
    // archive's words shares them, and its own year); the rest of the draft names its story.
    const status = inArchive(`# Repairs at Vossen Fjord\n\nThe company opened the dam on the river in 2004 after repairs approved by the city.\n\n${namesTheStory}`, '1987-04-01');
    const unrelated = datedSource('archive/other-dam.md', 'Another dam', '1987-03-20', 'Kopo Zuvi company opened dam Baru river in 1998 near Tiza, repairs approved city.\n');
    const story = storySource('The company opened the Vossen Fjord dam on the river in 2005 after repairs approved by the city.');
    assert.deepEqual(status([unrelated]), ['in 2004: unsupported']);
    assert.deepEqual(status([unrelated, story]), ['in 2004: mismatch']);
  });

  it('in an archive, a relative date of an undated draft agrees only with a source of its story, not with the same word anywhere', () => {
    // Read as if written on each source's day, "today" agrees with every source's "today".
    const status = inArchive(`# Vossen Fjord\n\nThe company said today that repairs of the dam on the river were approved by the city.\n\n${namesTheStory}`);
    const unrelated = datedSource('archive/other-dam.md', 'Another dam', '1987-03-20', 'Kopo Zuvi company said today repairs dam Baru river approved city near Tiza.\n');
    const story = storySource('The company said today that repairs of the Vossen Fjord dam on the river were approved by the city.');
    assert.deepEqual(status([unrelated]), ['today: unsupported']);
    assert.deepEqual(status([unrelated, story]), ['today: verified']);
  });

  it('an undated source’s year-less date counts from a guess: it neither verifies nor contradicts a year the draft states', () => {
    const source = (when: string): SourceInput => ({
      id: 'undated.txt',
      fallbackTitle: 'undated',
      text: `Maren Tollefsen was elected harbour master ${when} by the port council of Drestan.\n`,
    });
    const status = (when: string, draft: string) =>
      dateFindings(createChecker([source(when)]), `Tollefsen was elected harbour master ${draft} by the Drestan port council.\n`, '2014-09-15').map((f) => f.status);
    // Read as written on the draft's day, "in December" would be December 2013: a guess.
    assert.deepEqual(status('in December', 'in 2013'), ['unsupported']);
    assert.deepEqual(status('in December', 'in 2011'), ['unsupported']);
    assert.deepEqual(status('last year', 'in 2013'), ['unsupported']);
    // The same source stating the year verifies it, and contradicts another.
    assert.deepEqual(status('in December 2013', 'in 2013'), ['verified']);
    assert.deepEqual(status('in December 2013', 'in 2011'), ['mismatch']);
  });
});

describe('dates: weekends and last night, counted from the anchor', () => {
  // 2014-09-15 is a Monday, 2014-09-13 a Saturday (ISO week 37).
  it('reads "over the weekend" as the one just past in the past tense, the coming one in the future', () => {
    assert.deepEqual(resolve('The ferry ran aground «over the weekend».', '2014-09-15'), ['2014-W37']);
    assert.deepEqual(resolve('The ferry will sail «over the weekend».', '2014-09-15'), ['2014-W38']);
  });
  it('reads "last weekend" as the one over before the anchor, even when written on a weekend', () => {
    assert.deepEqual(resolve('The ferry sailed «last weekend».', '2014-09-15'), ['2014-W37']);
    assert.deepEqual(resolve('The ferry sailed «last weekend».', '2014-09-14'), ['2014-W36']);
    assert.deepEqual(resolve('The ferry sails «next weekend».', '2014-09-13'), ['2014-W38']);
  });
  it('reads "last night" as the day before', () => {
    assert.deepEqual(resolve('Crews fought a blaze «last night».', '2014-09-15'), ['2014-09-14']);
  });
  it('keeps a weekend’s Saturday and Sunday only: a source’s Saturday agrees, its Monday does not', () => {
    const text = 'The ferry ran aground over the weekend.';
    const e = extractDates(text)[0];
    const r = resolveDate(e, day('2014-09-15'), tenseAround(text, 0, text.length, e.coreStart, e.coreEnd, [e]))!;
    assert.equal(r.period.end - r.period.start, 2);
    assert.equal(r.period.start, day('2014-09-13'));
  });
});


describe('dates: a beat of recurring events', () => {
  // A desk's folder of one beat: each meeting's report worded alike, each dated its own day, with
  // the fixture corpus beside them as a background for how rare their words are.
  const background = corpus(path.join(FIXTURES, 'corpus'));
  const meeting = (date: string, weekday: string, votes: string): SourceInput => ({
    id: `beat/council-${date}.md`,
    fallbackTitle: `council ${date}`,
    text: `---\ntitle: Council meeting\noutlet: Harbour Gazette\ndate: ${date}\n---\nThe town council of Marenvik voted on ${weekday}, by ${votes}, to approve the harbour budget.\n`,
  });
  const thursday = (votes: string) => meeting('1987-03-13', 'Thursday', votes);
  const monday = (votes: string) => meeting('1987-03-17', 'Monday', votes);
  const dateOf = (sources: SourceInput[], text: string) => dateFindings(createChecker([...background, ...sources]), text, '1987-03-18')[0];
  const draft = 'The town council of Marenvik voted on Tuesday, by 12 votes to 3, to approve the harbour budget.\n';

  it('one report of the meeting calls another day wrong; reports dating it to several days call nothing wrong, and say what they give', () => {
    assert.equal(dateOf([thursday('12 votes to 3')], draft).status, 'mismatch');
    assert.equal(dateOf([monday('12 votes to 3')], draft).status, 'mismatch');
    const f = dateOf([thursday('12 votes to 3'), monday('12 votes to 3')], draft);
    assert.equal(f.status, 'unsupported');
    assert.equal(f.fixes.length, 0);
    assert.equal(
      f.message,
      'The sources date this differently, so none can call it wrong: Harbour Gazette (13 Mar 1987): Thursday, 12 Mar 1987 (“on Thursday”); Harbour Gazette (17 Mar 1987): Monday, 16 Mar 1987 (“on Monday”)',
    );
    assert.equal(f.sources.length, 2);
  });

  it('a sentence whose figures differ from the draft sentence’s tells another occasion: it calls the date nothing', () => {
    assert.equal(dateOf([thursday('9 votes to 6')], draft).status, 'unsupported');
  });

  it('a report that does not name the sentence’s subject dates nothing of it', () => {
    const other: SourceInput = {
      id: 'beat/kvalsund.md',
      fallbackTitle: 'kvalsund',
      text: '---\ntitle: Council meeting\noutlet: Harbour Gazette\ndate: 1987-03-13\n---\nThe town council of Kvalsund voted on Thursday, by 12 votes to 3, to approve the harbour budget.\n',
    };
    assert.equal(dateOf([other], 'Marenvik town council voted on Tuesday, by 12 votes to 3, to approve the harbour budget.\n').status, 'unsupported');
    assert.equal(dateOf([thursday('12 votes to 3')], 'Marenvik town council voted on Tuesday, by 12 votes to 3, to approve the harbour budget.\n').status, 'mismatch');
  });

  it('a report the draft sentence’s figures show to be of its occasion outweighs those they do not', () => {
    const f = dateOf([monday('9 votes to 6'), thursday('12 votes to 3')], draft);
    assert.equal(f.status, 'mismatch');
    assert.match(f.message, /12 Mar 1987/);
  });
});
