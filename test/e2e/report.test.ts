// The review report in a real browser (Debian's Chromium, driven by playwright-core): a report
// built from hostile drafts and sources runs no script and makes no request beyond the page
// itself; its own style applies under its Content-Security-Policy. Screenshots go to
// test-results/ (report-example.png, report-hostile.png, report-print.png).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, ROOT, RunDir, ensureResultsDir, requireFiles } from './support';

const BIN = path.join(ROOT, 'bin', 'corroborate.js');

function report(run: RunDir, out: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, 'report', '--no-cache', ...args, '--out', out], { cwd: ROOT, encoding: 'utf8', env: run.env() });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

describe('e2e: the review report in Chromium', function () {
  this.timeout(120_000);
  let run: RunDir;
  let browser: Browser;
  let results: string;

  before(async () => {
    requireFiles([
      { file: path.join(ROOT, 'dist', 'cli.js'), fix: 'npm run build' },
      { file: CHROMIUM, fix: 'npm run setup' },
    ]);
    results = ensureResultsDir();
    run = new RunDir('report');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, env: run.env(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    run?.remove();
  });

  /** Opens a report; returns every request made and every script-side effect seen. */
  async function open(file: string, shot: string, media: 'screen' | 'print' = 'screen') {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    const violations: string[] = [];
    // Every request, whatever its scheme: only the page itself may be fetched.
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url() === pathToFileURL(file).toString() ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused/i.test(m.text())) violations.push(m.text());
    });
    await page.emulateMedia({ media });
    await page.goto(pathToFileURL(file).toString(), { waitUntil: 'load' });
    // Give any timer or handler a chance: wait for the next two animation frames.
    await page.evaluate(() => new Promise<void>((r) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => r()))));
    const pwned = await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned);
    const markBackground = await page.locator('mark.ok').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    const scripts = await page.locator('script, iframe, img, object, embed, link').count();
    const text = await page.locator('body').innerText();
    await page.screenshot({ path: path.join(results, shot), fullPage: media === 'print' });
    await context.close();
    return { requests, dialogs, violations, pwned, markBackground, scripts, text };
  }

  it('the example draft’s report: summary table, highlighted findings, sources beside them (screenshot)', async () => {
    const file = report(run, run.path('example.html'), 'examples/iran-coalition-draft.md');
    const r = await open(file, 'report-example.png');
    assert.deepEqual(r.requests, [pathToFileURL(file).toString()]);
    assert.notEqual(r.markBackground, 'rgba(0, 0, 0, 0)', 'the page’s own style applies under its policy');
    assert.match(r.text, /Quotations\t7\t1/);
    assert.match(r.text, /Quotation differs from its source/);
    assert.deepEqual(r.violations, []);
  });

  it('hostile drafts and sources: no script runs, no request is made, their markup shows as text (screenshot)', async () => {
    const file = report(run, run.path('hostile.html'), '--corpus', path.join(ROOT, 'test/fixtures/report/hostile-corpus'), 'test/fixtures/report/hostile-draft.md');
    const r = await open(file, 'report-hostile.png');
    assert.equal(r.pwned, undefined, 'a script from the text ran');
    assert.deepEqual(r.dialogs, []);
    assert.deepEqual(r.requests, [pathToFileURL(file).toString()], 'a request beyond the page');
    assert.equal(r.scripts, 0, 'an element from the text');
    assert.match(r.text, /<script>window\.__pwned = 1<\/script>/, 'the markup is shown as text');
    assert.match(r.text, /<img src=https:\/\/tracker\.invalid\/pixel\.gif/);
  });

  it('prints: the page renders under print media, nothing fetched (full-page screenshot of the print media)', async () => {
    const file = report(run, run.path('print.html'), 'examples/iran-coalition-draft.md');
    const r = await open(file, 'report-print.png', 'print');
    assert.deepEqual(r.requests, [pathToFileURL(file).toString()]);
  });
});
