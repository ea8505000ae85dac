// Real VS Code: code-server 4.100.3 (from .cache/code-server, installed by `npm run setup`)
// with the built extension, driven in Debian's Chromium by playwright-core.
// Screenshots go to test-results/.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  BUILD_NEEDS,
  CHROMIUM,
  CODE_SERVER_BIN,
  EXPECT,
  Group,
  ROOT,
  RunDir,
  ensureResultsDir,
  requireFiles,
  waitFor,
} from './support';

const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'editor.hover.delay': 100,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** Copies the built extension (bundles, manifest, corpus) into <extensions-dir>/<publisher>.<name>-<version>. */
function installExtension(extensionsDir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    publisher: string;
    version: string;
  };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(path.join(target, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(target, 'package.json'));
  for (const f of ['client.js', 'server.js']) fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(target, 'dist', f));
  fs.cpSync(path.join(ROOT, 'corpus'), path.join(target, 'corpus'), { recursive: true });
  for (const f of ['README.md', 'LICENSE']) {
    if (fs.existsSync(path.join(ROOT, f))) fs.copyFileSync(path.join(ROOT, f), path.join(target, f));
  }
  return target;
}

// The few DOM types the in-page functions use (the project's tsconfig has no DOM lib).
interface PageRect {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface PageWindow {
  document: {
    querySelector(selector: string): object | null;
    createTreeWalker(root: object, whatToShow: number): { nextNode(): { textContent: string | null } | null };
    createRange(): { setStart(node: object, offset: number): void; setEnd(node: object, offset: number): void; getBoundingClientRect(): PageRect };
  };
}
interface Animated {
  getAnimations(options: { subtree: boolean }): Array<{ finished: Promise<unknown> }>;
}

/** Screen coordinates of the middle of `word` in the active editor's rendered lines. */
async function wordCentre(page: Page, word: string): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate((w) => {
    const doc = (globalThis as unknown as PageWindow).document;
    const lines = doc.querySelector('.part.editor .monaco-editor .view-lines');
    if (!lines) return undefined;
    const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
    const walker = doc.createTreeWalker(lines, SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.textContent ?? '').indexOf(w);
      if (i < 0) continue;
      const r = doc.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + w.length);
      const b = r.getBoundingClientRect();
      if (b.width > 0) return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return undefined;
  }, word);
}

describe('e2e: VS Code (code-server + Chromium)', function () {
  this.timeout(180_000);

  let run: RunDir | undefined;
  let server: Group | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let results: string;
  let workspaceDir: string;
  const killOnExit = () => {
    const pid = server?.child.pid;
    if (pid !== undefined && !server?.exit) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };

  const shot = async (name: string) => page.screenshot({ path: path.join(results, `vscode-${name}.png`) });
  const serverLog = () => (server ? `code-server log (tail):\n${server.logTail()}` : '');

  before(async function () {
    requireFiles([
      ...BUILD_NEEDS,
      { file: CODE_SERVER_BIN, fix: 'npm run setup' },
      { file: CHROMIUM, fix: 'npm run setup' },
    ]);
    results = ensureResultsDir();
    run = new RunDir('vscode');
    const exts = run.mkdir('extensions');
    const data = run.mkdir('user-data');
    fs.mkdirSync(path.join(data, 'User'), { recursive: true });
    fs.writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
    installExtension(exts);
    const workspace = run.copyWorkspace();
    workspaceDir = workspace;

    process.once('exit', killOnExit);
    server = new Group(
      CODE_SERVER_BIN,
      [
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--extensions-dir', exts,
        '--user-data-dir', data,
        // Port 0: the system picks a free port; code-server logs the one it got.
        '--bind-addr', '127.0.0.1:0',
        workspace,
      ],
      { cwd: run.dir, env: run.env(), logFile: run.path('code-server.log') },
    );
    const port = await waitFor(
      'code-server to listen',
      () => {
        if (server!.exit) throw new Error(`code-server exited (${JSON.stringify(server!.exit)})\n${serverLog()}`);
        return /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server!.log())?.[1];
      },
      60_000,
      serverLog,
    );
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      '/healthz',
      async () => {
        if (server!.exit) throw new Error(`code-server exited (${JSON.stringify(server!.exit)})\n${serverLog()}`);
        try {
          return (await fetch(`${base}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      30_000,
      serverLog,
    );

    // Playwright wants the profile folder as the first argument, not as --user-data-dir.
    context = await chromium.launchPersistentContext(run.mkdir('chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      env: run.env(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/?folder=${encodeURI(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="draft.md"]').click({ timeout: 60_000 });
    await page.locator('.part.editor .monaco-editor .view-lines').waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async function () {
    try {
      if (context) await context.close().catch(() => undefined);
    } finally {
      if (server) {
        await server.stop();
        fs.writeFileSync(path.join(ensureResultsDir(), 'vscode-code-server.log'), server.log());
      }
      process.removeListener('exit', killOnExit);
      run?.remove();
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && context) {
      const name = (this.currentTest.title || 'failure').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await shot(`failed-${name}`).catch(() => undefined);
    }
  });

  it('underlines the unsupported quotation with a warning squiggle', async function () {
    await page
      .locator('.part.editor .monaco-editor .squiggly-warning')
      .first()
      .waitFor({ state: 'attached', timeout: 120_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\n${serverLog()}`);
      });
    await shot('squiggle');
  });

  it('lists the finding in the Problems panel', async function () {
    await page.locator('.part.editor .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.filter({ hasText: EXPECT.unsupportedMessage }).waitFor({ state: 'visible', timeout: 30_000 });
    const text = await panel.innerText();
    assert.match(text, /No source contains this quotation/);
    await shot('problems');
  });

  it('shows the citation when hovering a verified quotation', async function () {
    const at = await waitFor(`"${EXPECT.verifiedHoverWord}" on screen`, () => wordCentre(page, EXPECT.verifiedHoverWord), 30_000);
    // Two small moves: the first enters the word, the second triggers the hover there.
    await page.mouse.move(at.x - 3, at.y);
    await page.mouse.move(at.x, at.y);
    const hover = page.locator('.monaco-hover').filter({ hasText: EXPECT.outlet }).filter({ hasText: EXPECT.title });
    await hover.first().waitFor({ state: 'visible', timeout: 30_000 });
    // The hover fades in: wait for its animations to finish so the screenshot is legible.
    await hover
      .first()
      .evaluate((el) => Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished)));
    const text = await hover.first().innerText();
    assert.ok(text.includes(EXPECT.outlet), `hover lacks the outlet:\n${text}`);
    assert.ok(text.includes(EXPECT.title), `hover lacks the title:\n${text}`);
    await shot('hover');
  });

  it('"Accept: own interview" on the unsupported quotation writes the accepted file, and the finding goes away', async function () {
    const accepted = path.join(workspaceDir, '.corroborate-accepted.yaml');
    assert.ok(!fs.existsSync(accepted));
    await page.keyboard.press('Escape');
    const at = await waitFor('"negotiate" on screen', () => wordCentre(page, 'negotiate'), 30_000);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: 'Accept: own interview' });
    await item.first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot('accept-menu');
    // The menu is driven from the keyboard (its overlay takes the pointer events): down to the item, then Enter.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && (await focused.getAttribute('aria-label')) !== 'Accept: own interview'; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await focused.getAttribute('aria-label'), 'Accept: own interview');
    await page.keyboard.press('Enter');
    // VS Code applies the WorkspaceEdit: it creates the file and saves what the refactoring changed.
    const written = await waitFor('the accepted file written', () => (fs.existsSync(accepted) && /own interview/.test(fs.readFileSync(accepted, 'utf8')) ? fs.readFileSync(accepted, 'utf8') : undefined), 30_000);
    assert.match(written, /- kind: quote\n\s+status: unsupported\n\s+quote: "we will never negotiate with anyone about anything at all"\n\s+draft: "draft.md"\n\s+reason: "own interview"/);
    // The server hears of the saved file (watched files) and checks the draft again: no finding left.
    const panel = page.locator('.markers-panel');
    await waitFor('the finding gone from the Problems panel', async () => !(await panel.innerText()).includes(EXPECT.unsupportedMessage), 60_000, serverLog);
    await shot('accepted');
  });

  it('go to definition opens a web page source as its extracted text, as plain text, read-only', async function () {
    const activeText = () => page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().innerText();
    const isExtractedPage = async () => {
      const text = (await activeText()).replace(/\u00a0/g, ' ');
      return text.includes('By Ines Varga and Tomas Brel') && text.includes('I will not let this contract') && !text.includes('<p>');
    };
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="harbour.md"]').click({ timeout: 30_000 });
    const at = await waitFor('"contract" on screen', () => wordCentre(page, 'contract'), 30_000);
    // The hover appears once the draft is checked: then definitions are known too.
    await page.mouse.move(at.x - 3, at.y);
    await page.mouse.move(at.x, at.y);
    await page.locator('.monaco-hover').filter({ hasText: 'Harbour Gazette' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Escape');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active[aria-label*="harbour-minister.html"]').waitFor({ state: 'visible', timeout: 30_000 });
    await waitFor('the extracted text in the editor', isExtractedPage, 30_000);
    await page.locator('.statusbar-item', { hasText: 'Plain Text' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot('virtual-source-definition');
    // Read-only: typing changes nothing.
    await page.keyboard.type('zzz');
    assert.ok(!(await activeText()).includes('zzz'), 'the virtual document took an edit');
  });
});
