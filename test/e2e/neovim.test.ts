// A second real LSP client: Neovim's built-in one (Debian's nvim, installed by `npm run setup`),
// headless, running `node dist/server.js --stdio` on the fixture draft.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BUILD_NEEDS, EXPECT, Group, NVIM, RunDir, SERVER_JS, ensureResultsDir, requireFiles, waitFor } from './support';

// Runs on VimEnter: starts the server, waits for the expected diagnostic, hovers each
// requested phrase, writes everything as JSON to $CORROBORATE_RESULT and quits
// (exit code 1 when something did not arrive).
const INIT_LUA = String.raw`
local server = os.getenv('CORROBORATE_SERVER')
local out = os.getenv('CORROBORATE_RESULT')
local want = os.getenv('CORROBORATE_WANT')
local phrases = vim.fn.json_decode(os.getenv('CORROBORATE_HOVER'))

local result = { diagnostics = {}, hovers = {}, errors = {} }
local function finish(code)
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  if code == 0 then vim.cmd('qall!') else vim.cmd('cquit! ' .. code) end
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'corroborate',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    on_exit = function(code, signal) result.server_exit = { code = code, signal = signal } end,
  })
  if not id then
    table.insert(result.errors, 'vim.lsp.start_client failed')
    return finish(1)
  end
  vim.lsp.buf_attach_client(bufnr, id)
  local arrived = vim.wait(60000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message:find(want, 1, true) then return true end
    end
    return result.server_exit ~= nil
  end, 50)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
    })
  end
  if not arrived or result.server_exit ~= nil then
    table.insert(result.errors, 'no diagnostic containing "' .. want .. '" arrived')
    return finish(1)
  end
  for _, phrase in ipairs(phrases) do
    vim.api.nvim_win_set_cursor(0, { 1, 0 })
    local pos = vim.fn.searchpos('\\V' .. vim.fn.escape(phrase, '\\'), 'cW')
    if pos[1] == 0 then
      table.insert(result.errors, 'phrase not in the buffer: ' .. phrase)
      return finish(1)
    end
    vim.api.nvim_win_set_cursor(0, { pos[1], pos[2] - 1 })
    local params = vim.lsp.util.make_position_params()
    local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
    local entry = { phrase = phrase, line = params.position.line, character = params.position.character }
    if err then entry.error = tostring(err) end
    for _, r in pairs(responses or {}) do
      if r.err then entry.error = vim.inspect(r.err) end
      if r.result and r.result.contents then
        local c = r.result.contents
        entry.value = type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c)
      end
    end
    table.insert(result.hovers, entry)
  end
  finish(0)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      table.insert(result.errors, tostring(err))
      finish(1)
    end
  end,
})
`;

interface NvimResult {
  diagnostics: Array<{ lnum: number; col: number; severity: number; message: string; source?: string }>;
  hovers: Array<{ phrase: string; line: number; character: number; value?: string; error?: string }>;
  errors: string[];
  server_exit?: { code: number; signal: number };
}

/** What a reader sees of hover Markdown: backslash escapes removed, white space collapsed. */
function plain(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1').replace(/\s+/g, ' ');
}

describe('e2e: Neovim (built-in LSP client, headless)', function () {
  this.timeout(120_000);

  let run: RunDir | undefined;
  let nvim: Group | undefined;
  let result: NvimResult;

  before(async function () {
    requireFiles([...BUILD_NEEDS, { file: NVIM, fix: 'npm run setup' }]);
    run = new RunDir('nvim');
    const workspace = run.copyWorkspace();
    const init = run.path('init.lua');
    fs.writeFileSync(init, INIT_LUA);
    const out = run.path('result.json');
    nvim = new Group(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', init, 'draft.md'], {
      cwd: workspace,
      env: run.env({
        CORROBORATE_SERVER: SERVER_JS,
        CORROBORATE_RESULT: out,
        CORROBORATE_WANT: EXPECT.unsupportedMessage,
        CORROBORATE_HOVER: JSON.stringify([EXPECT.verifiedQuote, EXPECT.secondVerifiedQuote]),
      }),
      logFile: run.path('nvim.log'),
    });
    const log = () => `nvim output:\n${nvim!.logTail()}`;
    await waitFor('Neovim to finish', () => nvim!.exit !== undefined, 90_000, log);
    if (!fs.existsSync(out)) throw new Error(`Neovim wrote no result (exit ${JSON.stringify(nvim.exit)})\n${log()}`);
    result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
    fs.writeFileSync(path.join(ensureResultsDir(), 'neovim-result.json'), JSON.stringify(result, null, 2));
    assert.deepEqual(result.errors, [], `Neovim reported errors (exit ${JSON.stringify(nvim.exit)}):\n${JSON.stringify(result, null, 2)}`);
    assert.equal(nvim.exit?.code, 0, log());
  });

  after(async function () {
    await nvim?.stop();
    run?.remove();
  });

  it('receives a warning for the unsupported quotation', function () {
    const draft = fs.readFileSync(path.join(run!.path('workspace'), 'draft.md'), 'utf8').split('\n');
    const line = draft.findIndex((l) => l.includes(EXPECT.unsupportedQuote));
    const d = result.diagnostics.find((x) => x.message.includes(EXPECT.unsupportedMessage));
    assert.ok(d, `no "${EXPECT.unsupportedMessage}" diagnostic in ${JSON.stringify(result.diagnostics)}`);
    assert.equal(d.lnum, line, 'the diagnostic is on the line of the invented quote');
    assert.equal(d.severity, 2, 'severity is Warning (vim.diagnostic.severity.WARN = 2)');
    const others = result.diagnostics.filter((x) => x !== d && x.severity <= 2);
    assert.deepEqual(others, [], 'the verified quotations raise no warning or error');
  });

  it('hovers a verified quotation with its citation (outlet and title)', function () {
    const h = result.hovers.find((x) => x.phrase === EXPECT.verifiedQuote);
    assert.ok(h?.value, `no hover for the Reuters quote: ${JSON.stringify(h)}`);
    const text = plain(h.value);
    assert.ok(text.includes(EXPECT.outlet), `hover lacks "${EXPECT.outlet}":\n${h.value}`);
    assert.ok(text.includes(EXPECT.title), `hover lacks the title:\n${h.value}`);
    assert.ok(text.includes(EXPECT.verifiedQuote), `hover lacks the source sentence:\n${h.value}`);
  });

  it('hovers the Paris wire quotation with its date and source sentence', function () {
    const h = result.hovers.find((x) => x.phrase === EXPECT.secondVerifiedQuote);
    assert.ok(h?.value, `no hover for the Paris wire quote: ${JSON.stringify(h)}`);
    const text = plain(h.value);
    assert.ok(text.includes(EXPECT.secondSourceDate), `hover lacks "${EXPECT.secondSourceDate}":\n${h.value}`);
    assert.ok(text.includes(EXPECT.secondVerifiedQuote), `hover lacks the source sentence:\n${h.value}`);
  });
});
