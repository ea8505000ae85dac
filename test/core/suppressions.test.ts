// Suppression comments and accepted entries (core/suppressions.ts): pure, on hand-made findings.
import { strict as assert } from 'assert';
import { applySuppressions, entryMatches, parseDirectives, type AcceptedEntry } from '../../server/src/core/suppressions';
import type { Finding, FindingKind, Status } from '../../server/src/core/types';

/** A finding on the first occurrence of `text` in `draft`. */
function finding(draft: string, text: string, kind: FindingKind = 'quote', status: Status = 'unsupported', extra: Partial<Finding> = {}): Finding {
  const start = draft.indexOf(text);
  assert.ok(start >= 0, text);
  return { kind, status, severity: 'warning', start, end: start + text.length, text, message: 'm', sources: [], fixes: [], ...extra } as Finding;
}

function suppressedTexts(draft: string, findings: Finding[], languageId = 'markdown', accepted: AcceptedEntry[] = [], path?: string): string[] {
  const r = applySuppressions(draft, languageId, findings, accepted, path);
  return findings.filter((_, i) => r.suppressions[i]).map((f) => f.text);
}

const entry = (e: Partial<AcceptedEntry>): AcceptedEntry => ({ kind: 'quote', reason: 'own interview', file: '/p/.corroborate-accepted.yaml', line: 2, column: 5, offset: 12, ...e });

describe('suppressions', () => {
  it('disable-next-line hides the findings of the next line only, of the kinds named', () => {
    const draft = ['<!-- corroborate-disable-next-line quote -->', 'He said "one two three" on May 5.', 'She said "four five six".'].join('\n');
    const fs = [finding(draft, 'one two three'), finding(draft, 'May 5', 'date', 'mismatch'), finding(draft, 'four five six')];
    assert.deepEqual(suppressedTexts(draft, fs), ['one two three']);
  });

  it('disable … enable covers a stretch; enable of one kind re-enables only that kind', () => {
    const draft = ['<!-- corroborate-disable -->', '"a b c" on May 5.', '<!-- corroborate-enable date -->', '"d e f" on May 6.', '<!-- corroborate-enable -->', '"g h i".'].join('\n\n');
    const fs = [finding(draft, 'a b c'), finding(draft, 'May 5', 'date', 'unsupported'), finding(draft, 'd e f'), finding(draft, 'May 6', 'date', 'unsupported'), finding(draft, 'g h i')];
    assert.deepEqual(suppressedTexts(draft, fs), ['a b c', 'May 5', 'd e f']);
  });

  it('disable-line hides the findings of its own line; disable-file the whole draft; kind-status narrows', () => {
    const draft = 'He said "a b c". <!-- corroborate-disable-line -->\nShe said "d e f".\n';
    assert.deepEqual(suppressedTexts(draft, [finding(draft, 'a b c'), finding(draft, 'd e f')]), ['a b c']);
    const file = '"a b c" and "d e f".\n\n<!-- corroborate-disable-file quote-altered -->\n';
    assert.deepEqual(suppressedTexts(file, [finding(file, 'a b c', 'quote', 'altered'), finding(file, 'd e f')]), ['a b c']);
  });

  it('the reason after "--" is the justification; verified findings are never suppressed', () => {
    const draft = '<!-- corroborate-disable-next-line -- own interview, 12 May -->\n"a b c" and "d e f".';
    const fs = [finding(draft, 'a b c'), finding(draft, 'd e f', 'quote', 'verified')];
    const r = applySuppressions(draft, 'markdown', fs);
    assert.equal(r.suppressions[0]?.kind, 'inSource');
    assert.equal(r.suppressions[0]?.justification, 'own interview, 12 May');
    assert.equal(r.suppressions[1], undefined);
  });

  it('in Markdown, a directive shown in code is not a directive; in plain text the comment text counts anywhere', () => {
    const md = ['```', '<!-- corroborate-disable-file -->', '```', '', 'Use `<!-- corroborate-disable-file -->` to silence a draft.', '', '"a b c".'].join('\n');
    assert.deepEqual(parseDirectives(md, 'markdown').directives, []);
    assert.deepEqual(suppressedTexts(md, [finding(md, 'a b c')]), []);
    const txt = 'He said "a b c". <!-- corroborate-disable-line -->\n';
    assert.deepEqual(suppressedTexts(txt, [finding(txt, 'a b c')], 'plaintext'), ['a b c']);
  });

  it('an unknown directive or kind is a notice, and the directive is ignored', () => {
    const draft = '<!-- corroborate-disabled -->\n<!-- corroborate-disable-next-line quotes -->\n"a b c".';
    const r = applySuppressions(draft, 'markdown', [finding(draft, 'a b c')]);
    assert.equal(r.suppressions[0], undefined);
    assert.equal(r.notices.length, 2);
    assert.match(r.notices[0].message, /Unknown Corroborate directive 'corroborate-disabled'/);
    assert.match(r.notices[1].message, /Unknown finding kind 'quotes'/);
    assert.equal(draft.slice(r.notices[1].start, r.notices[1].end), '<!-- corroborate-disable-next-line quotes -->');
  });

  it('hostile drafts: unclosed comments cost linear time; beyond 1,000 directives the rest are ignored', () => {
    const unclosed = '<!-- corroborate-disable '.repeat(20000);
    const t0 = process.hrtime.bigint();
    for (const lang of ['markdown', 'plaintext']) assert.deepEqual(parseDirectives(unclosed, lang).directives, []);
    // Measured at under 2 ms; quadratic scanning of these 500,000 characters takes seconds.
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 500);
    const many = Array.from({ length: 1200 }, (_, i) => `"q${i}" <!-- corroborate-disable-line -->`).join('\n\n');
    const r = parseDirectives(many, 'plaintext');
    assert.equal(r.directives.length, 1000);
    assert.match(r.notices[0].message, /More than 1000 corroborate- comments/);
  });

  it('counts lines as everywhere else: \\r\\n and \\r end lines too', () => {
    const draft = '<!-- corroborate-disable-next-line -->\r"a b c"\r"d e f"';
    assert.deepEqual(suppressedTexts(draft, [finding(draft, 'a b c'), finding(draft, 'd e f')], 'plaintext'), ['a b c']);
  });
});

describe('accepted findings', () => {
  it('a quotation matches by its words, as the checker normalises them (case, marks, accents, dashes)', () => {
    const draft = 'He said “We’ll RESUME talks — in Genève”.';
    const f = finding(draft, 'We’ll RESUME talks — in Genève');
    assert.ok(entryMatches(entry({ quote: "we'll resume talks in geneve" }), f, undefined));
    assert.ok(!entryMatches(entry({ quote: 'we will resume talks in geneve' }), f, undefined));
    assert.ok(!entryMatches(entry({ quote: "we'll resume talks in geneve", status: 'altered' }), f, undefined));
    assert.ok(!entryMatches(entry({ kind: 'attribution', quote: "we'll resume talks in geneve" }), f, undefined));
  });

  it('a date matches by its value or by its words; an entry for one draft matches only there', () => {
    const draft = 'The talks began on Monday.';
    const f = finding(draft, 'on Monday', 'date', 'unsupported', { value: '2014-09-15' });
    assert.ok(entryMatches(entry({ kind: 'date', date: '2014-09-15' }), f, undefined));
    assert.ok(entryMatches(entry({ kind: 'date', date: 'On monday' }), f, undefined));
    assert.ok(!entryMatches(entry({ kind: 'date', date: '2014-09-16' }), f, undefined));
    assert.ok(entryMatches(entry({ kind: 'date', date: '2014-09-15', draft: '/p/a.md' }), f, '/p/a.md'));
    assert.ok(!entryMatches(entry({ kind: 'date', date: '2014-09-15', draft: '/p/a.md' }), f, '/p/b.md'));
  });

  it('an entry hides what it matches and is reported used; a directive wins over an entry', () => {
    const draft = '<!-- corroborate-disable-next-line -- said on air -->\n"a b c" and "d e f" and "x y z".';
    const used = entry({ quote: 'd e f' });
    const both = entry({ quote: 'a b c' });
    const stale = entry({ quote: 'nothing of this' });
    const fs = [finding(draft, 'a b c'), finding(draft, 'd e f'), finding(draft, 'x y z')];
    const r = applySuppressions(draft, 'markdown', fs, [used, both, stale]);
    assert.deepEqual(r.suppressions.map((s) => s?.kind), ['inSource', 'inSource', 'inSource']);
    const r2 = applySuppressions('"a b c" and "d e f".', 'markdown', [finding('"a b c" and "d e f".', 'a b c'), finding('"a b c" and "d e f".', 'd e f')], [used, both, stale]);
    assert.deepEqual(r2.suppressions.map((s) => [s?.kind, s?.justification]), [['external', 'own interview'], ['external', 'own interview']]);
    assert.deepEqual([...r2.used].map((e) => e.quote).sort(), ['a b c', 'd e f']);
    assert.ok(r.used.has(both) && !r.used.has(stale));
  });
});
