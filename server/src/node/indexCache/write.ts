// Writing the persisted index: sections streamed to a temporary file, the header last, then
// renamed over the old file.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { makeFolders } from '../folders';
import { CorpusIndex, SOURCE_TABLES, type CorpusData } from '../../core/corpus/index';
import { stemTable } from '../../core/text/stems';
import { bytesOf, FORMAT, headerSum, MAGIC, Sum, TRAILER, type CachedSource, type CacheHeader } from './format';

/** The entry of a file in the next cache: how it is on disk now. */
export type Entry = Pick<CachedSource, 'file' | 'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'hash' | 'chars'>;

/** Writes the cache (to a temporary file, then renamed over the old one); returns its size. */
export function writeCache(file: string, fingerprint: string, data: CorpusData, entries: Entry[]): number {
  makeFolders(path.dirname(file));
  // Only a regular file is replaced: not a folder, a pipe or a device someone put there.
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new Error('the path is not a regular file');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let length = 0;
  const pad = new Uint8Array(4);
  const write = (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, length + done);
    length += bytes.length;
  };
  const align = () => {
    if (length % 4) write(pad.subarray(0, 4 - (length % 4)));
  };
  try {
    const sum = new Sum();
    const section = (bytes: Uint8Array) => {
      write(bytes);
      sum.update(bytes);
      align();
    };
    write(Buffer.from(MAGIC, 'latin1'));
    align();
    const vocab = Buffer.from(data.vocab.join('\n'), 'utf8');
    section(vocab);
    const sources: CachedSource[] = [];
    const tables = SOURCE_TABLES.map((t) => ({ spec: t, data: data.tables[t.name] }));
    data.heads.forEach((h, i) => {
      sources.push({
        ...entries[i],
        meta: h.meta,
        bodyStart: h.bodyStart,
        tokens: data.sourceStart[i + 1] - data.sourceStart[i],
        sentences: data.sentenceStart[i + 1] - data.sentenceStart[i],
        tables: tables.map((t) => t.data.start[i + 1] - t.data.start[i]),
      });
    });
    const postings = data.postings ?? new CorpusIndex(data).data().postings!;
    const stems = data.stems ?? stemTable(data.vocab);
    for (const a of [data.ids, data.starts, data.lengths, data.long, data.sentences, ...tables.map((t) => t.data.rows), postings.start, postings.positions, stems.ofWord]) section(bytesOf(a));
    // Stems never hold a line break (words are tokens).
    const stemBytes = Buffer.from(stems.strings.join('\n'), 'utf8');
    section(stemBytes);
    const header: CacheHeader = {
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
      checksum: sum.digest(),
      sources,
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
  return length;
}
