// The .vsix holds the bundles (client, server and the server's index worker), package.json, the
// marketplace README, LICENSE, CHANGELOG, the corpus, the JSON Schemas of the configuration files,
// the example draft, the icon, the walkthrough's media, the explanation pages of the findings and
// the README's screenshots: nothing else (no node_modules, no sources, no maps, not the developers' README).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const MARKETPLACE_README = 'README.marketplace.md';

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('packaging', function () {
  this.timeout(60000);
  it('the extension package is exactly the allow-list, with the marketplace README', () => {
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies', '--readme-path', MARKETPLACE_README], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const listed = r.stdout.trim().split('\n').sort();
    const dir = (d: string) => fs.readdirSync(path.join(ROOT, d)).map((f) => `${d}/${f}`);
    const expected = [
      'package.json',
      MARKETPLACE_README,
      'LICENSE',
      'CHANGELOG.md',
      'dist/server.js',
      'dist/serverLaunch.js',
      'dist/indexWorker.js',
      'dist/client.js',
      'examples/iran-coalition-draft.md',
      'media/icon.png',
      ...dir('corpus'),
      ...dir('media/walkthrough'),
      ...dir('media/screenshots'),
      ...dir('docs/findings'),
      ...dir('schemas'),
    ].sort();
    assert.deepEqual(listed, expected);
    // `npm run package` hands vsce the same README (it becomes the extension page).
    assert.match(pkg.scripts.package, /--readme-path README\.marketplace\.md/);
  });

  it('the marketplace README is for users: what it does, settings, privacy; no developer material', () => {
    const md = fs.readFileSync(path.join(ROOT, MARKETPLACE_README), 'utf8');
    for (const heading of ['## What it does', '## Getting started', '## Settings', '## Privacy']) assert.ok(md.includes(heading), heading);
    assert.match(md, /no network requests/i);
    for (const dev of ['npm test', 'npm ci', 'npm run bench', 'Fuse.js', 'mocha']) assert.ok(!md.includes(dev), `developer material in the marketplace README: ${dev}`);
    // Every setting of package.json is in its table.
    for (const key of Object.keys(pkg.contributes.configuration.properties)) {
      const short = key.split('.').pop()!;
      assert.ok(md.includes(key) || md.includes(short), `setting ${key} not in the marketplace README`);
    }
    // Screenshots it shows exist and ship (relative to the package root, where vsce puts the README).
    const images = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 3, 'screenshots');
    for (const img of images) {
      assert.ok(!/^\w+:/.test(img), `image ${img} is not a relative path`);
      assert.ok(fs.existsSync(path.join(ROOT, img)), `image ${img} missing`);
    }
  });

  it('an icon, categories and keywords for the marketplace', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    const { width, height } = pngSize(path.join(ROOT, pkg.icon));
    assert.ok(width >= 128 && height >= 128 && width === height, `icon ${width}×${height}`);
    assert.ok(pkg.categories.includes('Linters'));
    assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length >= 5 && pkg.keywords.length <= 30);
    assert.ok(pkg.displayName && pkg.description && pkg.publisher && pkg.license && pkg.repository);
  });

  it('every contributed command has a handler, every walkthrough step has its media, every finding kind an explanation page', () => {
    const client = ['client/src/editorFeatures.ts', 'client/src/extension.ts'].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
    const protocol = fs.readFileSync(path.join(ROOT, 'server/src/shared/protocol.ts'), 'utf8');
    for (const c of pkg.contributes.commands as Array<{ command: string; title: string; category?: string }>) {
      assert.equal(c.category, 'Corroborate', c.command);
      if (c.command === 'corroborate.reindex') continue; // the server's (executeCommandProvider)
      const constant = new RegExp(`(\\w+): '${c.command.replace(/\./g, '\\.')}'`).exec(protocol)?.[1];
      assert.ok(constant, `${c.command} not in protocol.ts COMMANDS`);
      assert.ok(client.includes(`COMMANDS.${constant}`), `${c.command} has no handler in the client`);
    }
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.equal(walkthrough.id, 'corroborate.gettingStarted');
    assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id), ['chooseCorpus', 'openExample', 'hoverQuotation', 'reviewReport']);
    for (const s of walkthrough.steps) assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
    for (const code of ['quote-altered', 'quote-unsupported', 'quote-unbalanced', 'date-mismatch', 'date-unsupported', 'date-inconsistent', 'attribution-misattributed']) {
      assert.ok(fs.existsSync(path.join(ROOT, 'docs/findings', `${code}.md`)), code);
    }
    assert.equal(pkg.contributes.views.explorer[0].id, 'corroborate.sources');
    const titleBar = pkg.contributes.menus['view/title'].map((m: { command: string }) => m.command).sort();
    assert.deepEqual(titleBar, ['corroborate.addCorpusFolder', 'corroborate.reindex']);
  });
});
