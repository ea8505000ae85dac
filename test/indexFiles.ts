// Persisted-index fixtures shared by the lazy-read tests (test/lazyIndex.test.ts, test/lsp/lazyIndex.test.ts):
// a corpus large enough to be persisted and to span several blocks, and a cache file edited in place;
// and kept findings forged in a cache folder (test/resultCache.test.ts, test/archiveIndex.test.ts).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { resum, sectionSpans } from '../server/src/node/indexCache';
import type { CacheHeader } from '../server/src/node/indexCache/format';

const ROOT = path.join(__dirname, '..');

/** Made-up words, distinct per number, so the postings run to several blocks. */
export const word = (n: number) => {
  let w = '';
  for (let d = 0; d < 3; d++, n = Math.floor(n / 19)) w += 'bcdfghjklmnprstvwxz'[n % 19] + 'aeiou'[(n + d) % 5];
  return w;
};

/** The bundled corpus and 400 filler stories (about 30,000 tokens: some 120 KB of postings, eight blocks). */
export function writeCorpus(dir: string): void {
  fs.cpSync(path.join(ROOT, 'corpus'), dir, { recursive: true });
  for (let i = 0; i < 400; i++) {
    const words = Array.from({ length: 60 }, (_, k) => word(i * 61 + k)).join(' ');
    fs.writeFileSync(path.join(dir, `filler-${String(i).padStart(3, '0')}.txt`), `Filler ${i} on March 3, 2024.\n\nThe ${words} said “${word(i)} ${word(i + 1)} ${word(i + 2)}” on Monday.\n`);
  }
}

export function headerOf(file: string): CacheHeader {
  const bytes = fs.readFileSync(file);
  return JSON.parse(bytes.toString('utf8', bytes.readDoubleLE(bytes.length - 24), bytes.length - 24)) as CacheHeader;
}

/** A cache file's bytes (changed in place) with every checksum made to match again: only the structure can then be wrong. */
export function resealed(bytes: Buffer): Buffer {
  const headerAt = bytes.readDoubleLE(bytes.length - 24);
  const header = JSON.parse(bytes.toString('utf8', headerAt, bytes.length - 24)) as CacheHeader;
  const body = bytes.subarray(8, headerAt);
  resum(header, body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const trailer = Buffer.alloc(24);
  trailer.writeDoubleLE(headerAt, 0);
  trailer.writeUInt32LE(headerBytes.length, 8);
  trailer.writeUInt32LE(crypto.createHash('sha1').update(headerBytes).digest().readUInt32LE(0), 12);
  bytes.copy(trailer, 16, bytes.length - 8);
  return Buffer.concat([bytes.subarray(0, headerAt), headerBytes, trailer]);
}

/** A cache file written back with one byte of section `k` changed (and, with `fix`, every checksum made to match). */
export function edit(file: string, k: number, at: number, change: (b: number) => number, fix = false): void {
  const bytes = fs.readFileSync(file);
  const spans = sectionSpans(headerOf(file));
  bytes[8 + spans[k][0] + at] = change(bytes[8 + spans[k][0] + at]);
  fs.writeFileSync(file, fix ? resealed(bytes) : bytes);
}

/** A process's open descriptors of index files, removed ones too (Linux: /proc). */
export function openIndexFiles(pid: number | 'self'): string[] {
  const dir = `/proc/${pid}/fd`;
  return fs
    .readdirSync(dir)
    .map((fd) => {
      try {
        return fs.readlinkSync(path.join(dir, fd));
      } catch {
        return '';
      }
    })
    .filter((f) => /\.idx( \(deleted\))?$/.test(f))
    .map((f) => f.replace(/ \(deleted\)$/, ''))
    .sort();
}

/** The kept findings in a cache folder (node/resultCache.ts). */
export function keptFiles(cacheDir: string): string[] {
  const dir = path.join(cacheDir, 'results');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
}

/** Rewrites every kept result with `change` applied to its findings, its checksum made to match (so a later run that uses them prints them). */
export function forgeKept(cacheDir: string, change: (findings: { message: string; end: number }[]) => void): void {
  for (const file of keptFiles(cacheDir)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(stored.findings);
    stored.sum = crypto.createHash('sha256').update(JSON.stringify(stored.findings)).digest('hex');
    fs.writeFileSync(file, JSON.stringify(stored));
  }
}
