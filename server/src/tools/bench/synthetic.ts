// A synthetic archive for scale benchmarks (issue 16): new articles made of paragraphs of a real
// corpus recombined (seeded, so every run makes the same archive), written as JSON Lines with the
// default field names. Real paragraphs keep real word frequencies and sentence lengths; the
// recombination makes each article's set of words new, as a larger archive's would be.
import * as fs from 'fs';
import * as path from 'path';
import { seeded } from './random';

export interface SyntheticArchive {
  files: string[];
  articles: number;
  bytes: number;
  paragraphs: number;
}

/** Every paragraph (blank-line separated, at least 8 words) of the .txt/.md files under `dir`. */
export function paragraphsOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(txt|md)$/.test(e.name)) {
        for (const para of fs.readFileSync(p, 'utf8').split(/\n\s*\n/)) {
          const t = para.trim();
          if (t.split(/\s+/).length >= 8) out.push(t);
        }
      }
    }
  };
  walk(dir);
  return out;
}

const OUTLETS = ['Harbour Gazette', 'Northern Courier', 'Daily Ledger', 'Valley Times', 'Coastal Wire', 'Evening Standard-Post', 'Metro Herald', 'Capital Dispatch'];

/** Writes `count` articles to `outDir` in files of `perFile` lines. */
export function writeSyntheticArchive(corpus: string, outDir: string, count: number, seed = 16, perFile = 10_000): SyntheticArchive {
  const paragraphs = paragraphsOf(corpus);
  if (paragraphs.length < 10) throw new Error(`${corpus}: too few paragraphs to recombine (${paragraphs.length})`);
  const rnd = seeded(seed);
  fs.mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  for (let first = 0; first < count; first += perFile) {
    const file = path.join(outDir, `synthetic-${String(files.length).padStart(4, '0')}.jsonl`);
    const lines: string[] = [];
    for (let i = first; i < Math.min(count, first + perFile); i++) {
      const paras = Array.from({ length: rnd.int(3, 8) }, () => rnd.pick(paragraphs));
      const headline = paras[0].split(/(?<=[.!?])\s/)[0].slice(0, 90);
      const day = new Date(Date.UTC(1987, 0, 1) + rnd.int(0, 39 * 365) * 86_400_000).toISOString().slice(0, 10);
      lines.push(JSON.stringify({ id: `syn-${i}`, title: headline, outlet: rnd.pick(OUTLETS), date: day, text: paras.join('\n\n') }));
    }
    const body = `${lines.join('\n')}\n`;
    fs.writeFileSync(file, body);
    bytes += Buffer.byteLength(body);
    files.push(file);
  }
  return { files, articles: count, bytes, paragraphs: paragraphs.length };
}
