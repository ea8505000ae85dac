// Writing the persisted index: sections streamed to a temporary file, the header last, then
// renamed over the old file.
import * as crypto from 'crypto';
import { writeWhole } from '../folders';
import { CORPUS_TABLES, CorpusIndex, SOURCE_TABLES, type CorpusData } from '../../core/corpus/index';
import { stemTable } from '../../core/text/stems';
import { vocabularyTable } from '../../core/corpus/vocabulary';
import type { SourceHead } from '../../core/corpus/source';
import { BLOCK_SUM, blockSumsOf, bytesOf, FORMAT, headerSum, MAGIC, sectionNumbers, sectionSpans, SOURCE_NUMBERS, sourceCounts, Sum, TRAILER, type CachedSource, type CacheHeader, type Sections } from './format';

/** The entry of a file in the next cache: how it is on disk now. */
export type Entry = Pick<CachedSource, 'file' | 'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'hash' | 'chars'>;

/**
 * What a persisted index loaded unchanged (or just written) holds: its sources' ids and content
 * hashes, in its order (node/resultCache.ts keeps findings under it, with the code's
 * fingerprint). The index's arrays are made from these alone, so an index written again with
 * new stamps only (a fresh checkout, a restored CI cache, a file touched) is the same index.
 */
export function indexIdentity(files: Uint8Array, hashes: Uint8Array): string {
  // The records' sections as written (ids joined by NUL; hashes likewise): hashed as bytes, no
  // string made (joining the ids and hashes of the archive's sources made ~4 MB of strings).
  return crypto.createHash('sha256').update('corroborate-index-content-1\u0001').update(files).update('\u0001').update(hashes).digest('hex');
}

/** The header's fields a writer gives (the sums are worked out from the sections written). */
type HeaderFields = Omit<CacheHeader, 'checksum' | 'blockSum' | 'blockSums'>;

/**
 * Writes a persisted index whole or not at all (folders.ts, writeWhole). `fill` writes the
 * sections in order with `section` and gives the header; the sums (the body's and each block's),
 * the header and the trailer follow. Returns the file's size.
 */
function writeIndexFile(file: string, fill: (section: (bytes: Uint8Array) => void) => HeaderFields): number {
  return writeWhole(file, (write, at) => {
    const pad = new Uint8Array(8);
    const align = () => {
      if (at() % 8) write(pad.subarray(0, 8 - (at() % 8)));
    };
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
    const fields = fill(section);
    const header: CacheHeader = { ...fields, checksum: sum.digest(), blockSum: BLOCK_SUM, blockSums: blockSumsOf(blocks) };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const headerAt = at();
    write(headerBytes);
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeDoubleLE(headerAt, 0);
    trailer.writeUInt32LE(headerBytes.length, 8);
    trailer.writeUInt32LE(headerSum(headerBytes), 12);
    trailer.write(MAGIC, 16, 'latin1');
    write(trailer);
  });
}

/** Writes the cache (to a temporary file, then renamed over the old one); returns its size and the identity of the index written. */
export function writeCache(file: string, fingerprint: string, data: CorpusData, entries: Entry[]): { bytes: number; identity: string } {
  let identity = '';
  const bytes = writeIndexFile(file, (section) => {
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
    identity = indexIdentity(fileBytes, hashBytes);
    // The vocabulary's hash table, so that a load looks words up in place (core/corpus/vocabulary.ts).
    section(bytesOf(vocabularyTable(vocab, data.vocab.length)));
    // The checks' corpus tables (corpus/tables.ts), worked out from the index now.
    const corpusTables = CORPUS_TABLES.map((t) => {
      const arrays = t.build(index());
      for (const a of arrays) section(bytesOf(a));
      return { name: t.name, lengths: arrays.map((a) => a.length) };
    });
    return {
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
    };
  });
  return { bytes, identity };
}

/**
 * Writes a persisted index again with only its sources' stamps changed: the same sources in the
 * same order with the same content (a fresh checkout, a cache folder restored in CI, files
 * touched). Every other section is copied as it is, read whole and checked block by block, not
 * decoded; the stamps are the entries'; the sums are worked out again. Writing the index anew
 * instead read and checked every array, rebuilt the vocabulary and the corpus tables (~460 ms of
 * the main thread for the archive). The old file is closed before it is replaced.
 */
export function restampCache(file: string, from: { header: CacheHeader; sections: Sections }, entries: readonly Entry[]): { bytes: number; identity: string } {
  const old = from.header;
  if (entries.length !== old.sources) throw new Error('restamping another number of sources');
  const n = sectionNumbers(old.tables.length);
  const numbers = new Float64Array(SOURCE_NUMBERS * old.sources);
  entries.forEach((e, i) => numbers.set([e.size, e.mtimeMs, e.ctimeMs, e.ino], SOURCE_NUMBERS * i));
  // Read (and checked) before anything is written: a block that fails throws IndexCacheCorrupt.
  const sections = sectionSpans(old).map((_, k) => (k === n.sourceNumbers ? bytesOf(numbers) : from.sections.sectionBytes(k)));
  from.sections.close();
  const { checksum: _sum, blockSum: _kind, blockSums: _blocks, ...fields } = old;
  const bytes = writeIndexFile(file, (section) => {
    for (const b of sections) section(b);
    return { ...fields, written: Date.now() };
  });
  return { bytes, identity: indexIdentity(sections[n.files], sections[n.hashes]) };
}
