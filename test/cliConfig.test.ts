// The CLI with a project: .corroborate.yaml, --config / --no-config, suppressions, the accepted
// file, SARIF (validated against the SARIF 2.1.0 schema), folders, globs, stdin, --max-warnings
// and --quiet.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AjvDraft04 from 'ajv-draft-04';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'iran-coalition-draft.md'), 'utf8');
const UNSUPPORTED = 'A diplomat added: "We will never negotiate with anyone about anything, anywhere."\n';
const VERIFIED = 'Psaki said "we are not and will not coordinate militarily" with Iran.\n';

function run(cwd: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'check', '--no-cache', ...args], { cwd, encoding: 'utf8', input, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
function project(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-clicfg-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function sarifValidator() {
  // The SARIF 2.1.0 JSON Schema (draft-04), as shipped by Microsoft's @microsoft/jest-sarif package.
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

describe('CLI with a configuration file', function () {
  this.timeout(30000);
  afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('the nearest .corroborate.yaml governs; --no-config and --config FILE choose otherwise; flags override the file', () => {
    const d = project({ '.corroborate.yaml': 'check:\n  unsupportedQuoteSeverity: error\n', 'desk/draft.txt': UNSUPPORTED, 'other.yaml': 'check:\n  unsupportedQuoteSeverity: hint\n' });
    let r = run(d, ['desk/draft.txt']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^desk\/draft\.txt:1:20: error: No source contains this quotation/m);
    r = run(d, ['--no-config', 'desk/draft.txt']);
    assert.match(r.stdout, /^desk\/draft\.txt:1:20: warning: /m);
    r = run(d, ['--config', 'other.yaml', 'desk/draft.txt']);
    assert.match(r.stdout, /^desk\/draft\.txt:1:20: hint: /m);
    // The file's corpus is replaced by --corpus (relative to the working folder).
    fs.writeFileSync(path.join(d, '.corroborate.yaml'), 'corpus:\n  paths: [nowhere]\n');
    r = run(d, ['desk/draft.txt']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`corpus folder not found: ${path.join(d, 'nowhere').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    r = run(d, ['--corpus', path.join(ROOT, 'corpus'), 'desk/draft.txt']);
    assert.equal(r.code, 1, r.stderr);
  });

  it('an invalid file: every problem with file, line and column on stderr, exit 2, its drafts not checked', () => {
    const d = project({ '.corroborate.yaml': 'check:\n  checkDates: perhaps\n  severity: high\n', 'draft.txt': UNSUPPORTED });
    const r = run(d, ['draft.txt', path.join(ROOT, 'test/fixtures/cli/verbatim.md')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^corroborate: \.corroborate\.yaml:2:15: error: check\.checkDates must be a boolean, not the text "perhaps"$/m);
    assert.match(r.stderr, /^corroborate: \.corroborate\.yaml:3:3: error: unknown key 'severity' in check/m);
    assert.match(r.stderr, /draft\.txt not checked: its configuration file .*\.corroborate\.yaml is invalid/);
    // The other draft (outside this project) is still checked.
    assert.match(r.stdout, /verbatim\.md:\d+:\d+: warning: No source contains this quotation/);
    assert.doesNotMatch(r.stdout, /^draft\.txt:/m);
  });

  it('an invalid accepted-findings file: exit 2 with line and column, and the drafts are checked without it', () => {
    const d = project({ '.corroborate.json': '{ "accepted": "ok.yaml" }', 'ok.yaml': 'accepted:\n  - kind: quote\n    quote: we will never negotiate with anyone about anything anywhere\n', 'draft.txt': UNSUPPORTED });
    const r = run(d, ['draft.txt']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^corroborate: ok\.yaml:2:5: error: accepted\[0\] needs 'reason'$/m);
    assert.match(r.stdout, /^draft\.txt:1:20: warning: No source contains this quotation/m);
    fs.writeFileSync(path.join(d, 'ok.yaml'), 'accepted:\n  - kind: quote\n    quote: we will never negotiate with anyone about anything anywhere\n    reason: own interview\n');
    const ok = run(d, ['draft.txt']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^0 problems, 0 verified, 1 suppressed \(5 sources\)$/m);
  });

  it('comments and accepted entries hide findings (JSON keeps them, marked); an unused entry is information', () => {
    const draft = '<!-- corroborate-disable-next-line -- own interview -->\n' + UNSUPPORTED + '\nShe said: "Nobody in this room believes a word of it, not one."\n';
    const accepted = 'accepted:\n  - kind: quote\n    quote: nobody in this room believes a word of it not one\n    reason: translated\n  - kind: quote\n    quote: words that are gone\n    reason: own interview\n';
    const d = project({ 'draft.md': draft, '.corroborate-accepted.yaml': accepted });
    let r = run(d, ['draft.md']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      '.corroborate-accepted.yaml:5:5: information: Accepted quote “words that are gone” (own interview) no longer matches any finding: remove the entry',
      '0 problems, 0 verified, 2 suppressed (5 sources)',
    ]);
    r = run(d, ['--format', 'json', 'draft.md']);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    const f = out.drafts[0].findings;
    assert.deepEqual(f.map((x: { suppressions: { kind: string; justification: string }[] }) => x.suppressions.map((s) => [s.kind, s.justification])), [[['inSource', 'own interview']], [['external', 'translated']]]);
    assert.deepEqual(out.unusedAccepted.map((u: { line: number; quote: string }) => [u.line, u.quote]), [[5, 'words that are gone']]);
    // --no-config reads no file: the accepted entry no longer applies (the comment in the draft does).
    r = run(d, ['--no-config', 'draft.md']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^1 problem, 0 verified, 1 suppressed \(5 sources\)$/m);
  });

  it('SARIF: valid against the SARIF 2.1.0 schema, rules, related source passages, suppressions, fingerprints independent of line numbers', () => {
    const accepted = 'accepted:\n  - kind: quote\n    quote: this is the beginning of a long campaign not a single battle\n    reason: own interview\n';
    const d = project({ 'story/draft.md': EXAMPLE.replace('speaking on condition of anonymity.', 'speaking on condition of anonymity. <!-- corroborate-disable-line quote -- press release -->'), '.corroborate-accepted.yaml': accepted });
    const r = run(d, ['--format', 'sarif', 'story/draft.md']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string } }[] } }; results: unknown[] }[] };
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // A broken log is refused by the same validator (the check can fail).
    assert.ok(!validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {} }] }] }));
    const run0 = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run0.tool.driver.name, 'Corroborate');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.deepEqual(ruleIds, ['quote-altered', 'quote-unsupported', 'quote-unbalanced', 'date-mismatch', 'date-unsupported', 'date-inconsistent', 'number-mismatch', 'number-unsupported', 'attribution-misattributed', 'accepted-unused', 'directive-invalid']);
    for (const rule of run0.tool.driver.rules) assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
    const results = run0.results as { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; snippet: { text: string } } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } }[]; suppressions?: { kind: string; justification: string }[]; partialFingerprints: Record<string, string> }[];
    for (const res of results) assert.equal(ruleIds[res.ruleIndex], res.ruleId);
    const altered = results.find((x) => x.ruleId === 'quote-altered')!;
    assert.equal(altered.level, 'warning');
    assert.deepEqual(altered.locations[0].physicalLocation.artifactLocation, { uri: 'story/draft.md', uriBaseId: '%SRCROOT%' });
    assert.equal(altered.locations[0].physicalLocation.region.startLine, 18);
    assert.match(altered.locations[0].physicalLocation.region.snippet.text, /^Having a channel of communication/);
    assert.match(altered.relatedLocations![0].physicalLocation.artifactLocation.uri, /^file:\/\/.*\/corpus\/.*\.md$/);
    assert.match(altered.relatedLocations![0].message.text, /^Source: .*biggest issues/);
    const suppressed = results.filter((x) => x.suppressions);
    assert.deepEqual(suppressed.map((x) => [x.ruleId, x.suppressions![0].kind, x.suppressions![0].justification]), [
      ['quote-unsupported', 'inSource', 'press release'],
      ['quote-unsupported', 'external', 'own interview'],
    ]);
    assert.ok(results.some((x) => x.ruleId === 'date-unsupported' && x.level === 'note'));
    // Paragraphs added in the middle move the findings below them; the fingerprints stay.
    const text = fs.readFileSync(path.join(d, 'story/draft.md'), 'utf8');
    fs.writeFileSync(path.join(d, 'story/draft.md'), text.replace('Kerry said contacts', 'A new paragraph.\n\nAnd another one.\n\nKerry said contacts'));
    const moved = JSON.parse(run(d, ['--format', 'sarif', 'story/draft.md']).stdout).runs[0].results as typeof results;
    assert.deepEqual(moved.map((x) => x.partialFingerprints), results.map((x) => x.partialFingerprints));
    const lineOf = (x: (typeof results)[number]) => x.locations[0].physicalLocation.region.startLine;
    assert.deepEqual(moved.map(lineOf), results.map((x) => lineOf(x) + (lineOf(x) >= 18 ? 4 : 0)));
    assert.equal(new Set(results.map((x) => x.partialFingerprints['corroborate/v1'])).size, results.length);
  });

  it('folders and globs (recursively, the editor\'s extensions), and standard input with --stdin-name', () => {
    const d = project({ 'a/one.md': UNSUPPORTED, 'a/b/two.txt': VERIFIED, 'a/b/notes.json': '{}', 'a/.hidden/three.md': UNSUPPORTED, 'a/b/.corroborate.yaml': 'check:\n  unsupportedQuoteSeverity: error\n' });
    let r = run(d, ['a']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['a/one.md:1:20: warning: No source contains this quotation [quote: “We will never negotiate with anyone about anything, anywh...”]', '1 problem, 2 verified (5 sources)']);
    r = run(d, ['a/**/*.txt']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // Standard input: the name gives the path shown, the language and the configuration (a/b's).
    r = run(d, ['-', '--stdin-name', 'a/b/new.md'], UNSUPPORTED);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^a\/b\/new\.md:1:20: error: No source contains this quotation/m);
    r = run(d, ['-'], UNSUPPORTED);
    assert.match(r.stdout, /^<stdin>:1:20: warning: /m);
  });

  it('--max-warnings N fails on errors or more than N warnings; --quiet reports and counts errors only', () => {
    const d = project({ 'w.txt': UNSUPPORTED, 'e.txt': EXAMPLE.replace(/^[\s\S]*?(?=Kerry said contacts)/, '').replace(/on Monday/g, 'on Monday, 15 September 2015') });
    let r = run(d, ['--max-warnings', '1', 'w.txt']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /warning: No source contains/);
    r = run(d, ['--max-warnings', '0', 'w.txt']);
    assert.equal(r.code, 1);
    r = run(d, ['--quiet', 'w.txt']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0 problems, 0 verified (5 sources)\n');
    fs.writeFileSync(path.join(d, '.corroborate.yaml'), 'check:\n  unsupportedQuoteSeverity: error\n');
    r = run(d, ['--quiet', '--max-warnings', '100', 'w.txt']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^w\.txt:1:20: error: /m);
  });
});
