// Which drafts a CLI argument names: a file, a folder (searched recursively), or a glob
// (`"stories/**/*.md"`, quoted so that the shell leaves it alone; matched with picomatch).
// Folders and globs yield the files the editor checks: .md, .markdown, .txt. Hidden folders and
// node_modules are not searched; symbolic links to folders are not followed (no loops).
import * as fs from 'fs';
import * as path from 'path';
import type picomatchType from 'picomatch';

// Loaded for the first argument that is not a file (most runs name files).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const picomatch = (): typeof picomatchType => require('picomatch') as typeof picomatchType;

export const DRAFT_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;
const MAX_DEPTH = 40;

export function isDraftFile(name: string): boolean {
  return (DRAFT_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

function walk(dir: string, depth: number, out: string[], accept: (file: string) => boolean): void {
  if (depth > MAX_DEPTH) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      walk(p, depth + 1, out, accept);
    } else if ((e.isFile() || e.isSymbolicLink()) && accept(p)) {
      try {
        if (fs.statSync(p).isFile()) out.push(p);
      } catch {
        // dangling link: not a draft
      }
    }
  }
}

export type DraftArg = { files: string[] } | { error: string };

/** The draft files an argument stands for, in a stable order (paths as the user would see them). */
export function expandDraftArg(arg: string): DraftArg {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(arg);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) {
    const files: string[] = [];
    walk(arg, 0, files, isDraftFile);
    return files.length ? { files } : { error: `no drafts (${DRAFT_EXTENSIONS.join(', ')}) in folder ${arg}` };
  }
  if (st || !picomatch().scan(arg).isGlob) return { files: [arg] };
  const scan = picomatch().scan(arg);
  const base = scan.base || '.';
  const isMatch = picomatch()(scan.glob, { dot: false });
  const files: string[] = [];
  walk(base, 0, files, (f) => isDraftFile(f) && isMatch(path.relative(base, f).split(path.sep).join('/')));
  return files.length ? { files } : { error: `no drafts match ${arg}` };
}
