// Writing the persisted index: sections streamed to a temporary file, the header last, then
// renamed over the old file.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { makeFolders } from '../folders';
import { CORPUS_TABLES, CorpusIndex, SOURCE_TABLES, type CorpusData } from '../../core/corpus/index';
import { stemTable } from '../../core/text/stems';
import { vocabularyTable } from '../../core/corpus/vocabulary';
import type { SourceHead } from '../../core/corpus/source';
import { BLOCK_SUM, blockSumsOf, bytesOf, FORMAT, headerSum, MAGIC, SOURCE_NUMBERS, sourceCounts, Sum, TRAILER, type CachedSource, type CacheHeader } from './format';

/** The entry of a file in the next cache: how it is on disk now. */
export type Entry = Pick<CachedSource, 'file' | 'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'hash' | 'chars'>;

/**
 * What a persisted index loaded unchanged (or just written) holds: its sources' ids and content
 * hashes, in its order (node/resultCache.ts keeps findings under it, with the code's
 * fingerprint). The index's arrays are made from these alone, so an index written again with
 * new stamps only (a fresh checkout, a restored CI cache, a file touched) is the same index.
 */
export function indexIdentity(sources: Iterable<{ readonly file: string; readonly hash: string }>): string {
  const h = crypto.createHash('sha256').update('corroborate-index-content-1');
  for (const s of sources) h.update(`\u0000${s.file}\u0000${s.hash}`);
  return h.digest('hex');
}

/** Writes the cache (to a temporary file, then renamed over the old one); returns its size and the identity of the index written. */
export function writeCache(file: string, fingerprint: string, data: CorpusData, entries: Entry[]): { bytes: number; identity: string } {
  makeFolders(path.dirname(file));
  // Only a regular file is replaced: not a folder, a pipe or a device someone put there.
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new Error('the path is not a regular file');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let header: CacheHeader | undefined;
  let length = 0;
  const pad = new Uint8Array(8);
  const write = (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, length + done);
    length += bytes.length;
  };
  const align = () => {
    if (length % 8) write(pad.subarray(0, 8 - (length % 8)));
  };
  try {
    const sum = new Sum();
    const blocks: Uint8Array[] = [];
    const section = (bytes: Uint8Array) => {
      write(bytes);
      sum.update(bytes);
      blocks.push(bytes);
      align();
    };
    write(Buffer.from(MAGIC, 'latin1'));
    align();
    const vocab = Buffer.from(data.vocab.join('\n'), 'utf8');
    section(vocab);
    const tables = SOURCE_TABLES.map((t) => ({ spec: t, data: data.tables[t.name] }));
    const S = data.heads.length;
    const T = tables.length;
    const C = sourceCounts(T);
    const numbers = new Float64Array(SOURCE_NUMBERS * S);
    const counts = new Int32Array(C * S);
    const metas: SourceHead['meta'][] = [];
    data.heads.forEach((h, i) => {
      const e = entries[i];
      numbers.set([e.size, e.mtimeMs, e.ctimeMs, e.ino], SOURCE_NUMBERS * i);
      counts.set([e.chars, h.bodyStart, data.sourceStart[i + 1] - data.sourceStart[i], data.sentenceStart[i + 1] - data.sentenceStart[i], ...tables.map((t) => t.data.start[i + 1] - t.data.start[i])], C * i);
      metas.push(h.meta);
    });
    let whole: CorpusIndex | undefined;
    const index = () => (whole ??= new CorpusIndex(data));
    const postings = data.postings ?? index().data().postings!;
    const stems = data.stems ?? stemTable(data.vocab);
    for (const a of [data.ids, data.starts, data.lengths, data.long, data.sentences, ...tables.map((t) => t.data.rows), postings.start, postings.positions, stems.ofWord]) section(bytesOf(a));
    // Stems never hold a line break (words are tokens); names and hashes never a NUL (paths cannot).
    const stemBytes = Buffer.from(stems.strings.join('\n'), 'utf8');
    section(stemBytes);
    section(bytesOf(numbers));
    section(bytesOf(counts));
    const fileBytes = Buffer.from(entries.slice(0, S).map((e) => e.file).join('\0'), 'utf8');
    const hashBytes = Buffer.from(entries.slice(0, S).map((e) => e.hash).join('\0'), 'utf8');
    const metaBytes = Buffer.from(JSON.stringify(metas), 'utf8');
    section(fileBytes);
    section(hashBytes);
    section(metaBytes);
    // The vocabulary's hash table, so that a load looks words up in place (core/corpus/vocabulary.ts).
    section(bytesOf(vocabularyTable(vocab, data.vocab.length)));
    // The checks' corpus tables (corpus/tables.ts), worked out from the index now.
    const corpusTables = CORPUS_TABLES.map((t) => {
      const arrays = t.build(index());
      for (const a of arrays) section(bytesOf(a));
      return { name: t.name, lengths: arrays.map((a) => a.length) };
    });
    header = {
      format: FORMAT,
      fingerprint,
      written: Date.now(),
      vocabBytes: vocab.length,
      words: data.vocab.length,
      stems: stems.strings.length,
      stemBytes: stemBytes.length,
      tokens: data.ids.length,
      long: data.long.length / 2,
      sentences: data.sentences.length / 2,
      tables: tables.map((t) => ({ name: t.spec.name, fields: t.spec.fields, rows: t.data.rows.length / t.spec.fields })),
      sources: S,
      fileBytes: fileBytes.length,
      hashBytes: hashBytes.length,
      metaBytes: metaBytes.length,
      corpusTables,
      checksum: sum.digest(),
      blockSum: BLOCK_SUM,
      blockSums: blockSumsOf(blocks),
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const headerAt = length;
    write(headerBytes);
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeDoubleLE(headerAt, 0);
    trailer.writeUInt32LE(headerBytes.length, 8);
    trailer.writeUInt32LE(headerSum(headerBytes), 12);
    trailer.write(MAGIC, 16, 'latin1');
    write(trailer);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { bytes: length, identity: indexIdentity(entries) };
}
