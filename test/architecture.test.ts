// The checking core stays pure: no editor, no protocol, no file system, no console, no clock.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const CORE = path.join(__dirname, '..', 'server', 'src', 'core');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const FORBIDDEN: [RegExp, string][] = [
  [/from ['"](?:node:)?(fs|path|os|child_process|worker_threads|url|http|https|net)['"]/, 'Node I/O module'],
  [/from ['"]vscode[^'"]*['"]/, 'vscode / LSP package'],
  [/\brequire\(/, 'require()'],
  [/\bconsole\./, 'console'],
  [/\bDate\.now\(|new Date\(\)|performance\.now\(|process\.hrtime/, 'the clock'],
  [/\bprocess\./, 'process'],
  [/\beval\(|new Function\(/, 'eval'],
];

describe('architecture', () => {
  it('server/src/core imports nothing of the editor, the protocol, the file system, the console or the clock', () => {
    const offences: string[] = [];
    for (const f of files(CORE)) {
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        for (const [re, what] of FORBIDDEN) if (re.test(line)) offences.push(`${path.relative(CORE, f)}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offences, []);
  });

  it('only server/src/positions.ts builds line/character positions', () => {
    const src = path.join(__dirname, '..', 'server', 'src');
    const offenders = files(src).filter((f) => !f.endsWith('positions.ts') && /\bcharacter:\s*\w+\s*-\s*/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(src, f)), []);
  });
});
