// The numbers check. Fixture drafts in test/fixtures/numbers carry their expectations inline:
// every figure is followed by <!--number STATUS--> (test/fixtureHarness.ts); the fixture
// corpus beside them is small and synthetic so that these tests depend on nothing else.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, DEFAULT_CONFIG, type Finding, type SourceInput } from '../../server/src/core/index';
import { readFigures } from '../../server/src/core/numbers/read';
import { relate } from '../../server/src/core/numbers/compare';
import { fixtureTests, folderSources } from '../fixtureHarness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'numbers');

/** The fixture corpus of a folder (test/fixtureHarness.ts). */
const corpus = folderSources;

const checker = createChecker(corpus(path.join(FIXTURES, 'corpus')));
const numberFindings = (text: string, config = DEFAULT_CONFIG): Finding[] =>
  checker.check({ text, languageId: 'markdown' }, config).findings.filter((f) => f.kind === 'number');

describe('numbers: fixture drafts with inline expectations', () => {
  // Every number finding must be marked: none in quotations, dates, times, headings, list numbers.
  fixtureTests(path.join(FIXTURES, 'statuses.md'), { sources: corpus(path.join(FIXTURES, 'corpus')), kinds: ['number'], minMarkers: 10 });
});

describe('numbers: finding details', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'statuses.md'), 'utf8');
  const findings = numberFindings(text);
  const find = (t: string) => findings.find((f) => f.text === t)!;

  it('a mismatch names the source, its figure and its sentence, with a fix in the draft’s words', () => {
    const f = find('three');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Wire gives 2: “France sent two Rafale fighters/);
    assert.equal(f.expected, '2');
    assert.equal(f.value, '3');
    assert.deepEqual(f.fixes[0].edits, [{ start: f.start, end: f.end, newText: 'two' }]);
    assert.equal(f.sources[0].wording, 'two');
  });

  it('the fix keeps digits and the unit when the draft writes digits', () => {
    const f = find('45 percent');
    assert.equal(f.expected, '40%');
    const e = f.fixes[0].edits[0];
    assert.equal(text.slice(0, e.start) + e.newText + text.slice(e.end, f.end), text.slice(0, f.start) + '40 percent');
  });

  it('“$1,200 million” and “500 million dollars” are the sources’ “$1.2 billion” and “$500m”', () => {
    assert.equal(find('$1,200 million').sources[0].wording, '$1.2 billion');
    assert.equal(find('500 million dollars').sources[0].wording, '$500m');
  });

  it('an unsupported figure is information; a compatible hedge says what the sources give', () => {
    assert.equal(find('14').severity, 'information');
    assert.equal(find('14').message, 'No source gives a figure for this');
    assert.match(find('About 350,000').message, /the sources say “More than 300,000”/);
  });

  it('checkNumbers off: no number findings; severities come from the configuration', () => {
    assert.equal(numberFindings(text, { ...DEFAULT_CONFIG, checkNumbers: false }).length, 0);
    const f = numberFindings(text, { ...DEFAULT_CONFIG, numberMismatchSeverity: 'error' }).find((x) => x.text === 'three')!;
    assert.equal(f.severity, 'error');
  });

  it('an edit elsewhere keeps the findings (block reuse) and moves them', () => {
    const edited = 'Intro line.\n\n' + text;
    const again = numberFindings(edited);
    assert.deepEqual(
      again.map((f) => [f.start - 13, f.status]),
      findings.map((f) => [f.start, f.status]),
    );
  });
});

describe('numbers: reading figures', () => {
  const read = (s: string) => readFigures(s).map((f) => `${s.slice(f.hedgeStart, f.end)}=${f.kind}:${+f.value.toPrecision(6)}:${f.hedge}`);
  it('digits, words, scales and currencies', () => {
    assert.deepEqual(read('It cost $1.2bn, or 1.2 billion dollars, or $1,200 million.'), [
      '$1.2bn=money:1200000000:exact',
      '1.2 billion dollars=money:1200000000:exact',
      '$1,200 million=money:1200000000:exact',
    ]);
    assert.deepEqual(read('Twenty-four nations sent two hundred and fifty troops and a dozen jets.'), [
      'Twenty-four=count:24:exact',
      'two hundred and fifty=count:250:exact',
      'a dozen=count:12:exact',
    ]);
    assert.deepEqual(read('Profit fell 12.5 pct to 3.4 mln dlrs, or £45.6 million.'), ['12.5 pct=share:0.125:exact', '3.4 mln dlrs=money:3400000:exact', '£45.6 million=money:45600000:exact']);
  });
  it('fractions, percentages, ordinals and hedges', () => {
    assert.deepEqual(read('More than 300,000 fled; two-thirds were children, nearly 40% women, a quarter of them elderly.'), [
      'More than 300,000=count:300000:more',
      'two-thirds=share:0.666667:exact',
      'nearly 40%=share:0.4:below-about',
      'a quarter=share:0.25:exact',
    ]);
    assert.deepEqual(read('Dozens of people were hurt in the third attack; tens of thousands of people marched, about 1,500 or so.'), [
      'Dozens=count:13:vague',
      'third=rank:3:exact',
      'tens of thousands=count:20000:vague',
      '1,500=count:1500:about',
    ]);
  });
  it('dates, years, times, list numbers, scores, names and pronouns are not figures', () => {
    assert.deepEqual(read('On Sept. 14, 2014, at 10:30 a.m. and 5 p.m., in the 1990s, on 15 September.'), []);
    assert.deepEqual(read('He left two years ago and came back 10 days later, after three days.'), ['three=count:3:exact']);
    assert.deepEqual(read('1. The F-16 and the G20, a 3-2 win, No. 10 Downing Street, one of the men, call (818) 374-1925.'), []);
  });
  it('a hedge never conflicts with a value it allows; rounding by the draft is tolerated', () => {
    const fig = (s: string) => readFigures(s)[0];
    assert.equal(relate(fig('about 300 people'), fig('312 people')), 'supports');
    assert.equal(relate(fig('more than 300 people'), fig('450 people')), 'supports');
    assert.equal(relate(fig('dozens of people'), fig('40 people')), 'supports');
    assert.equal(relate(fig('about 350 people'), fig('more than 300 people')), 'compatible');
    assert.equal(relate(fig('1.2 billion'), fig('1,234 million')), 'supports');
    assert.equal(relate(fig('62 percent'), fig('61.7 percent')), 'supports');
    assert.equal(relate(fig('45 percent'), fig('40 percent')), 'conflicts');
    assert.equal(relate(fig('fewer than 100 people'), fig('150 people')), 'conflicts');
  });
});

describe('numbers: a definite small count', () => {
  it('“the two countries” states no figure of its own: no finding unless a source gives the count', () => {
    assert.deepEqual(numberFindings('The two countries will not coordinate their navies, officials said.\n'), []);
    assert.deepEqual(numberFindings('Two countries will not coordinate their navies, officials said.\n').map((f) => f.status), ['unsupported']);
    const told = (t: string) => numberFindings(t).map((f) => `${f.text}: ${f.status}`);
    assert.deepEqual(told('The two Rafale fighters and a refueling aircraft flew to the Gulf on a reconnaissance mission.\n'), ['two: verified']);
    assert.deepEqual(told('The three Rafale fighters and a refueling aircraft flew to the Gulf on a reconnaissance mission.\n'), ['three: mismatch']);
  });
});

describe('numbers: a beat of recurring reports', () => {
  // A desk's folder of one beat: each week's report worded alike, each with its own figure.
  const report = (week: number, amount: number): SourceInput => ({
    id: `beat/week-${week}.md`,
    fallbackTitle: `week-${week}`,
    text: `---\ntitle: Money market report, week ${week}\noutlet: Wire\ndate: 1987-03-${String(2 + 7 * week).padStart(2, '0')}\n---\nThe Bank of England said it provided ${amount} mln stg of help to the money market in the morning session.\n`,
  });
  // The fixture corpus beside them: a background for how rare the reports' words are.
  const background = corpus(path.join(FIXTURES, 'corpus'));
  const figure = (sources: SourceInput[], text: string, at: string) =>
    createChecker([...background, ...sources])
      .check({ text, languageId: 'markdown' }, DEFAULT_CONFIG)
      .findings.find((f) => f.kind === 'number' && f.text === at)!;
  const draft = 'The Bank of England said it provided 168 mln stg of help to the money market in the morning session.\n';

  it('one source of the formula calls another figure wrong; several giving different figures call nothing wrong, and say what they give', () => {
    assert.equal(figure([report(0, 24)], draft, '168 mln stg').status, 'mismatch');
    const f = figure([report(0, 24), report(1, 437), report(2, 206)], draft, '168 mln stg');
    assert.equal(f.status, 'unsupported');
    assert.equal(f.fixes.length, 0);
    assert.match(f.message, /^The sources give different figures for this, so none can call it wrong: Wire: £\d+ million; Wire: £\d+ million; Wire: £\d+ million$/);
    assert.equal(f.sources.length, 3);
  });

  it('sources repeating one figure still call another wrong', () => {
    assert.equal(figure([report(0, 24), report(1, 24), report(2, 24)], draft, '168 mln stg').status, 'mismatch');
  });

  it('a source that does not name the sentence’s subject calls its figure nothing, however alike it is worded', () => {
    const bond = (company: string, amount: number): SourceInput => ({
      id: `beat/${company}.md`,
      fallbackTitle: company,
      text: `---\ntitle: ${company} bond\noutlet: Wire\n---\n${company} Plc is issuing a ${amount} mln stg convertible eurobond due 2002, lead manager Credit Suisse First Boston Ltd said.\n`,
    });
    const draft = 'Marlowe Holdings Plc is issuing a 30 mln stg convertible eurobond due 2002, lead manager Credit Suisse First Boston Ltd said.\n';
    assert.equal(figure([bond('Tesco', 100)], draft, '30 mln stg').status, 'unsupported');
    assert.equal(figure([bond('Marlowe Holdings', 100)], draft, '30 mln stg').status, 'mismatch');
  });

  it('a sentence whose stated dates all differ from the draft sentence’s tells another occasion', () => {
    const monthly: SourceInput = {
      id: 'beat/simmons.md',
      fallbackTitle: 'simmons',
      text: '---\ntitle: Simmons load factor\noutlet: Wire\n---\nSimmons Airlines said its load factor in February declined to 41.8 pct from a year earlier.\n',
    };
    assert.equal(figure([monthly], 'Simmons Airlines said its load factor in March declined to 44.5 pct from a year earlier.\n', '44.5 pct').status, 'unsupported');
    assert.equal(figure([monthly], 'Simmons Airlines said its load factor in February declined to 44.5 pct from a year earlier.\n', '44.5 pct').status, 'mismatch');
    assert.equal(figure([monthly], 'Simmons Airlines said its load factor in February 1987 declined to 44.5 pct from a year earlier.\n', '44.5 pct').status, 'mismatch');
  });

  it('a sentence whose other figures all differ tells another occasion; one whose other figure agrees, the same', () => {
    const sales: SourceInput = {
      id: 'beat/sales.md',
      fallbackTitle: 'sales',
      text: '---\ntitle: Car sales\noutlet: Wire\n---\nGM said sales of domestic-built cars in the period declined to 97,487 from 104,952 a year ago.\n',
    };
    const other = 'GM said sales of domestic-built cars in the period declined to 35,081 from 38,112 a year ago.\n';
    assert.equal(figure([sales], other, '35,081').status, 'unsupported');
    assert.equal(figure([sales], other, '38,112').status, 'unsupported');
    const slip = 'GM said sales of domestic-built cars in the period declined to 35,081 from 104,952 a year ago.\n';
    assert.equal(figure([sales], slip, '35,081').status, 'mismatch');
    assert.equal(figure([sales], slip, '104,952').status, 'verified');
  });
});
