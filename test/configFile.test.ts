// The configuration file: errors with line and column, discovery (nearest first, up to the
// repository root), and the agreement of the schema, the settings type and package.json.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { DEFAULT_CONFIG } from '../server/src/core/index';
import { findAccepted, findConfig, formatProblem, parseAccepted, parseConfig } from '../server/src/node/configFile';
import { CHECK_SETTING_KEYS, DEFAULT_SETTINGS } from '../server/src/shared/settings';

const ROOT = path.join(__dirname, '..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'corroborate.schema.json'), 'utf8'));
const acceptedSchema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'corroborate-accepted.schema.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const props: Record<string, { type: string; default?: unknown; enum?: string[]; minimum?: number }> = pkg.contributes.configuration.properties;

const problems = (text: string, file = '/p/.corroborate.yaml') => parseConfig(text, file).problems.map(formatProblem);

describe('configuration file', () => {
  it('reads corpus paths relative to the file, checks and the accepted file', () => {
    const r = parseConfig('corpus:\n  paths: [sources, /abs/archive]\n  includeBundled: false\ncheck:\n  alteredQuoteSeverity: error\n  checkDates: false\n  draftDate: 2014-09-15\naccepted: notes/ok.yaml\n', '/p/q/.corroborate.yaml');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.config!.corpus, { paths: ['/p/q/sources', '/abs/archive'], includeBundled: false });
    assert.deepEqual(r.config!.check, { alteredQuoteSeverity: 'error', checkDates: false, draftDate: '2014-09-15' });
    assert.equal(r.config!.accepted, '/p/q/notes/ok.yaml');
    assert.equal(parseConfig('', '/p/.corroborate.yaml').config!.accepted, '/p/.corroborate-accepted.yaml');
  });

  it('says what is wrong, where (line and column), for every problem at once', () => {
    assert.deepEqual(problems('corpus:\n  includeBundled: nope\ncheck:\n  alteredQuoteSeverity: loud\n  chekDates: false\n  draftDate: 15/09/2014\n'), [
      '/p/.corroborate.yaml:2:19: corpus.includeBundled must be a boolean, not the text "nope"',
      '/p/.corroborate.yaml:4:25: check.alteredQuoteSeverity must be one of error, warning, information, hint, none, not "loud"',
      `/p/.corroborate.yaml:5:3: unknown key 'chekDates' in check (expected ${CHECK_SETTING_KEYS.join(', ')})`,
      '/p/.corroborate.yaml:6:14: check.draftDate must be a date YYYY-MM-DD, not "15/09/2014"',
    ]);
    assert.deepEqual(problems('check: [1, 2'), ['/p/.corroborate.yaml:1:13: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    assert.deepEqual(problems('check: {}\ncheck: {}\n'), ['/p/.corroborate.yaml:2:1: invalid YAML: Map keys must be unique']);
    assert.deepEqual(problems('- a\n- b\n'), ['/p/.corroborate.yaml:1:1: the file must be a mapping, not a list']);
    assert.deepEqual(problems('{"check": {"shortQuoteWords": "3"}}', '/p/.corroborate.json'), ['/p/.corroborate.json:1:31: check.shortQuoteWords must be a number, not the text "3"']);
    assert.deepEqual(problems('{\n  "check": {},\n}', '/p/.corroborate.json').length, 1);
    assert.match(problems('{\n  "check": {},\n}', '/p/.corroborate.json')[0], /^\/p\/\.corroborate\.json:3:1: invalid JSON/);
  });

  it('accepted entries: kind, quote or date, reason; positions kept for reporting', () => {
    const r = parseAccepted('accepted:\n  - kind: quote\n    quote: "a b c"\n    draft: stories/x.md\n    reason: own interview\n  - kind: date\n    date: 2014-09-15\n    reason: checked elsewhere\n', '/p/.corroborate-accepted.yaml');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.entries.map((e) => [e.kind, e.quote ?? e.date, e.draft, e.line, e.column]), [
      ['quote', 'a b c', '/p/stories/x.md', 2, 5],
      ['date', '2014-09-15', undefined, 6, 5],
    ]);
    const bad = parseAccepted('accepted:\n  - kind: quote\n    quote: x\n    date: y\n    reason: r\n  - kind: quote\n    quote: y\n', '/p/a.yaml').problems.map(formatProblem);
    assert.deepEqual(bad, [
      "/p/a.yaml:2:5: accepted[0]: an entry needs either 'quote' (quote and attribution findings) or 'date' (date findings), not both",
      "/p/a.yaml:6:5: accepted[1] needs 'reason'",
    ]);
  });

  it('is found from the draft folder upwards, nearest first, and not above the repository root', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-find-'));
    try {
      const repo = path.join(dir, 'repo');
      fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
      fs.mkdirSync(path.join(repo, 'desk', 'story'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.corroborate.yaml'), ''); // outside the repository: never used
      assert.deepEqual(findConfig(path.join(repo, 'desk', 'story')), { ignored: [] });
      fs.writeFileSync(path.join(repo, '.corroborate.json'), '{}');
      assert.equal(findConfig(path.join(repo, 'desk', 'story')).file, path.join(repo, '.corroborate.json'));
      fs.writeFileSync(path.join(repo, 'desk', '.corroborate.yaml'), '');
      fs.writeFileSync(path.join(repo, 'desk', '.corroborate.json'), '{}');
      assert.deepEqual(findConfig(path.join(repo, 'desk', 'story')), { file: path.join(repo, 'desk', '.corroborate.yaml'), ignored: [path.join(repo, 'desk', '.corroborate.json')] });
      // A workspace folder stops the search too.
      assert.deepEqual(findConfig(path.join(repo, 'desk', 'story'), [path.join(repo, 'desk', 'story')]), { ignored: [] });
      fs.writeFileSync(path.join(repo, '.corroborate-accepted.yaml'), 'accepted: []\n');
      assert.equal(findAccepted(path.join(repo, 'desk', 'story')), path.join(repo, '.corroborate-accepted.yaml'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema, settings type and package.json agree', () => {
  it('the schema lists exactly the check settings, with the same types, values and defaults as package.json', () => {
    const checks = schema.properties.check.properties as Record<string, { type: string; enum?: string[]; default?: unknown; minimum?: number }>;
    assert.deepEqual(Object.keys(checks).sort(), [...CHECK_SETTING_KEYS].sort());
    for (const key of CHECK_SETTING_KEYS) {
      const p = props[`corroborate.check.${key}`];
      assert.ok(p, key);
      assert.equal(checks[key].type, p.type, key);
      assert.deepEqual(checks[key].enum, p.enum, key);
      assert.equal(checks[key].minimum, p.minimum, key);
      const def = (DEFAULT_CONFIG as Record<string, unknown>)[key];
      assert.deepEqual(checks[key].default, def, key); // absent where the default is absent (draftDate)
    }
  });

  it('the corpus keys mirror the corpus settings (watch is the editor\'s own)', () => {
    const corpus = schema.properties.corpus.properties as Record<string, { default: unknown; minimum?: number }>;
    assert.deepEqual(Object.keys(corpus).sort(), ['includeBundled', 'maxFiles', 'maxMegabytes', 'paths']);
    for (const k of Object.keys(corpus)) {
      assert.deepEqual(corpus[k].default, props[`corroborate.corpus.${k}`].default, k);
      assert.deepEqual(corpus[k].default, (DEFAULT_SETTINGS.corpus as Record<string, unknown>)[k], k);
    }
  });

  it('package.json registers both schemas for VS Code (JSON) and the YAML extension, and they are valid JSON Schemas', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.corroborate.json', url: './schemas/corroborate.schema.json' }]);
    const yaml = pkg.contributes.yamlValidation as { fileMatch: string | string[]; url: string }[];
    assert.deepEqual(yaml.map((y) => [y.fileMatch, y.url]), [
      [['.corroborate.yaml', '.corroborate.yml'], './schemas/corroborate.schema.json'],
      ['.corroborate-accepted.yaml', './schemas/corroborate-accepted.schema.json'],
    ]);
    const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false });
    ajv.addKeyword('markdownDescription');
    ajv.compile(schema);
    ajv.compile(acceptedSchema);
  });
});
