// `corroborate report`: writes each draft's review report (server/src/reviewReport.ts).
import * as fs from 'fs';
import * as path from 'path';
import type { Checker, Finding } from '../core/index';
import { countFindings, renderReport } from '../reviewReport';

export interface ReportDraft {
  path: string;
  text: string;
  findings: Finding[];
}

/** Where each draft's report goes: --out FILE (one draft; - for stdout), --out DIR (several), else beside the draft. */
function targets(drafts: readonly ReportDraft[], out: string | undefined, named: number): string[] {
  const beside = (d: ReportDraft) => d.path.replace(/\.(md|markdown|txt)$/i, '') + '.report.html';
  if (out === undefined) return drafts.map(beside);
  if (named === 1 && !(fs.existsSync(out) && fs.statSync(out).isDirectory()) && !out.endsWith(path.sep)) return [out];
  // Several drafts: a folder, one page per draft (names made unique).
  fs.mkdirSync(out, { recursive: true });
  const used = new Set<string>();
  return drafts.map((d) => {
    const base = path.basename(d.path).replace(/\.(md|markdown|txt)$/i, '');
    let name = `${base}.report.html`;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}.report.html`;
    used.add(name);
    return path.join(out, name);
  });
}

/**
 * Writes the reports; false when one could not be written (reason on stderr). `named`: how many
 * drafts the command line named (with several, --out is a folder even if only one could be read).
 */
export function writeReports(drafts: readonly ReportDraft[], out: string | undefined, checker: Checker, corpusPaths: readonly string[], named = drafts.length): boolean {
  let ok = true;
  let files: string[];
  try {
    files = targets(drafts, out, named);
  } catch (e) {
    process.stderr.write(`corroborate: cannot write reports to ${out}: ${(e as Error).message}\n`);
    return false;
  }
  const generated = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  drafts.forEach((d, i) => {
    const html = renderReport({ name: d.path, text: d.text, findings: d.findings, checker, corpusPaths, generated });
    const c = countFindings(d.findings);
    if (files[i] === '-') {
      process.stdout.write(html);
      return;
    }
    try {
      fs.writeFileSync(files[i], html);
      process.stdout.write(`${files[i]}: ${c.problems} problem${c.problems === 1 ? '' : 's'}, ${c.verified} verified\n`);
    } catch (e) {
      process.stderr.write(`corroborate: cannot write ${files[i]}: ${(e as Error).message}\n`);
      ok = false;
    }
  });
  return ok;
}
