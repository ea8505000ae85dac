// One harness for the fixtures of every check. A fixture is a draft whose expectations are inline,
// in one marker syntax whatever the check: after the span of each finding, an HTML comment (the
// checker ignores comments)
//
//     <!--KIND STATUS-->                        e.g. <!--date mismatch-->, <!--quote verified-->
//     <!--KIND STATUS; DETAIL; DETAIL-->        e.g. <!--attribution misattributed; expected Hans Berg; fix Hans Berg-->
//
// KIND is a finding kind of the registry and STATUS one of that check's statuses (the harness
// refuses others). DETAILs: `expected TEXT` (the finding's `expected`, its first item when a list),
// `value TEXT` (its `value`), `fix TEXT` (its first fix's text, which must appear in the draft once
// applied), `no fix`. A marker belongs to the last finding of its kind that ends before it.
//
// Every finding of a kind the fixture marks, or that the test names in `kinds`, must carry a
// marker: a finding without one, or a marker without a finding, fails. Sources come from the
// test (`sources`) and/or from the fixture itself: `<!-- source: NAME -->` starts a source that
// runs to the next section mark, `<!-- draft -->` starts a draft (several drafts in one file are
// checked one by one against the same sources; a file without a draft mark is one draft). A test
// may have the drafts checked without their markers (`stripMarkers`).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CHECKS, checkOfKind, createChecker, DEFAULT_CONFIG, type CheckConfig, type Finding, type SourceInput } from '../server/src/core/index';

export interface Marker {
  kind: string;
  status: string;
  details: string[];
  /** Offset of the marker in the draft. */
  at: number;
}

export interface FixtureDraft {
  text: string;
  markers: Marker[];
}

export interface Fixture {
  sources: SourceInput[];
  drafts: FixtureDraft[];
}

const MARKER = new RegExp(`<!--\\s*(${CHECKS.map((m) => m.kind).join('|')})\\s+([a-z-]+)((?:;[^;>]*)*)\\s*-->`, 'g');
const SECTION = /<!--\s*(source:[^>]*?|draft)\s*-->/;

/** The markers of a draft, each checked against the registry. */
export function markersOf(text: string): Marker[] {
  const out: Marker[] = [];
  for (const m of text.matchAll(MARKER)) {
    const statuses = checkOfKind(m[1])!.statuses as readonly string[];
    assert.ok(statuses.includes(m[2]), `marker <!--${m[1]} ${m[2]}-->: ${m[2]} is not a status of ${m[1]} (${statuses.join(', ')})`);
    const details = m[3].split(';').map((d) => d.trim()).filter(Boolean);
    out.push({ kind: m[1], status: m[2], details, at: m.index! });
  }
  return out;
}

/** Reads a fixture file: its own sources and its drafts with their markers. */
export function readFixture(file: string): Fixture {
  const text = fs.readFileSync(file, 'utf8');
  const parts = text.split(SECTION);
  if (parts.length === 1) return { sources: [], drafts: [{ text, markers: markersOf(text) }] };
  const sources: SourceInput[] = [];
  const drafts: FixtureDraft[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const body = parts[i + 1].trim();
    if (parts[i].startsWith('source:')) {
      const name = parts[i].slice('source:'.length).trim();
      sources.push({ id: name, fallbackTitle: name, text: body + '\n' });
    } else drafts.push({ text: body, markers: markersOf(body) });
  }
  return { sources, drafts };
}

/** Source articles of a folder (.md and .txt), as the core takes them. */
export function folderSources(dir: string): SourceInput[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(md|txt)$/.test(f))
    .sort()
    .map((f) => ({ id: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8'), fallbackTitle: f.replace(/\.(md|txt)$/, '') }));
}

/** One expectation of a draft: the marker and the finding it belongs to (if any). */
export interface Expectation {
  marker: Marker;
  finding?: Finding;
  /** What the test is called: the marker and the words before it. */
  title: string;
}

/**
 * Pairs every marker of a draft with its finding and lists the problems of the draft as a whole
 * (findings of a checked kind without a marker).
 */
export function expectations(draft: FixtureDraft, findings: readonly Finding[], kinds: readonly string[] = []): { expected: Expectation[]; unmarked: Finding[] } {
  const checked = new Set([...kinds, ...draft.markers.map((m) => m.kind)]);
  const expected: Expectation[] = [];
  const claimed = new Set<Finding>();
  for (const marker of draft.markers) {
    const finding = findings.filter((f) => f.kind === marker.kind && f.end <= marker.at).pop();
    if (finding) claimed.add(finding);
    const before = draft.text.slice(Math.max(0, marker.at - 60), marker.at).replace(/<!--[\s\S]*?-->/g, '').replace(/\s+/g, ' ').trim();
    expected.push({ marker, finding, title: `${marker.kind} ${[marker.status, ...marker.details].join('; ')}: “${finding?.text.slice(0, 60) ?? before}”` });
  }
  const unmarked = findings.filter((f) => checked.has(f.kind) && !claimed.has(f));
  return { expected, unmarked };
}

/** Asserts a finding against its marker. */
export function assertExpectation(draft: FixtureDraft, e: Expectation): void {
  const f = e.finding;
  assert.ok(f, `no ${e.marker.kind} finding before the marker`);
  assert.equal(f.status, e.marker.status, `${f.message}${f.notes?.length ? ` | ${f.notes.join(' | ')}` : ''}`);
  for (const d of e.marker.details) {
    if (d === 'no fix') assert.deepEqual(f.fixes, [], 'no fix');
    else if (d.startsWith('fix ')) {
      const want = d.slice(4);
      assert.equal(f.fixes.length, 1, 'one fix');
      const edit: { start: number; end: number; newText: string } = f.fixes[0].edits[0];
      assert.equal(edit.newText, want);
      const fixed = draft.text.slice(0, edit.start) + edit.newText + draft.text.slice(edit.end);
      assert.ok(fixed.includes(want), fixed);
    } else if (d.startsWith('expected ')) assert.equal(f.expected?.split(',')[0], d.slice(9));
    else if (d.startsWith('value ')) assert.equal(f.value, d.slice(6));
    else assert.fail(`unknown detail “${d}” in a marker`);
  }
}

export interface FixtureOptions {
  /** Sources besides the fixture's own. */
  sources?: readonly SourceInput[];
  /** Kinds whose every finding must be marked even in a draft that marks none (a "no finding" case). */
  kinds?: readonly string[];
  config?: CheckConfig;
  languageId?: string;
  /** The draft's own date. */
  date?: string;
  /** At least this many markers in the file (a fixture that lost its markers must not pass). */
  minMarkers?: number;
  /** Check each draft without its markers (and the white space before each), as if never written. */
  stripMarkers?: boolean;
}

/** A draft without its markers, each marker now at the place it was taken from. */
export function withoutMarkers(draft: FixtureDraft): FixtureDraft {
  let text = '';
  let from = 0;
  const markers: Marker[] = [];
  const re = new RegExp(`\\s*${MARKER.source}`, 'g');
  for (const m of draft.text.matchAll(re)) {
    text += draft.text.slice(from, m.index!);
    from = m.index! + m[0].length;
    const marker = draft.markers.find((x) => x.at >= m.index! && x.at < from)!;
    markers.push({ ...marker, at: text.length });
  }
  text += draft.text.slice(from);
  return { text, markers };
}

/** Declares the tests of one fixture file (inside a mocha `describe`). */
export function fixtureTests(file: string, opts: FixtureOptions = {}): void {
  const fixture = readFixture(file);
  const checker = createChecker([...(opts.sources ?? []), ...fixture.sources]);
  const languageId = opts.languageId ?? (/\.md$/.test(file) ? 'markdown' : 'plaintext');
  const name = path.basename(file);
  const markers = fixture.drafts.reduce((n, d) => n + d.markers.length, 0);
  it(`${name}: has its markers (${markers})`, () => assert.ok(markers >= (opts.minMarkers ?? 1), `${markers} markers`));
  fixture.drafts.forEach((written, k) => {
    const draft = opts.stripMarkers ? withoutMarkers(written) : written;
    const findings = checker.check({ text: draft.text, languageId, date: opts.date }, opts.config ?? DEFAULT_CONFIG).findings;
    const { expected, unmarked } = expectations(draft, findings, opts.kinds);
    const which = fixture.drafts.length > 1 ? ` draft ${k + 1} (${draft.text.replace(/<!--[\s\S]*?-->/g, '').replace(/\s+/g, ' ').trim().slice(0, 50)})` : '';
    it(`${name}${which}: every finding of a checked kind has its marker`, () => {
      assert.deepEqual(unmarked.map((f) => `${f.kind} ${f.status}: “${f.text.slice(0, 60)}”`), []);
    });
    for (const e of expected) it(`${name}${which}: ${e.title}`, () => assertExpectation(draft, e));
  });
}
