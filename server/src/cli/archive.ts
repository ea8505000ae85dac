// `corroborate archive import --database URL PATH...` and `corroborate archive status --database URL`:
// a shared archive of sources in PostgreSQL (node/archiveDb.ts). The URL names no password: it
// comes from PGPASSWORD or ~/.pgpass (the pg client reads both).
import * as fs from 'fs';
import { sourceLabel } from '../core';
import { archiveStatus, connect, findInArchive, FIND_LIMIT, importArchive, type ArchiveFound } from '../node/archiveDb';
import { parseFieldMap } from '../node/formats/fields';
import { decodeText, type FormatOptions } from '../node/corpusFiles';

export { indexWithDatabase } from '../node/archiveDb';

export const ARCHIVE_USAGE = `       corroborate archive import --database URL [--jsonl-fields MAP] PATH...
       corroborate archive status --database URL
       corroborate archive find --database URL [--limit N] [--format text|json] [--from FILE|-] PHRASE...`;

function fail(message: string): number {
  process.stderr.write(`corroborate: ${message}\n`);
  return 2;
}

/** Runs `archive …` (its arguments after the word `archive`); the exit status. */
export async function runArchive(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import' && sub !== 'status' && sub !== 'find') return fail(`'archive' needs a subcommand: import, status or find\n\nUsage: ${ARCHIVE_USAGE.trim()}`);
  let database: string | undefined;
  let formats: FormatOptions | undefined;
  let limit = FIND_LIMIT;
  let format = 'text';
  let from: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : rest[++i]);
    if (name === '--database') database = value();
    else if (name === '--jsonl-fields' && sub === 'import') {
      try {
        formats = { fields: parseFieldMap(value() ?? '') };
      } catch (e) {
        return fail(`--jsonl-fields: ${(e as Error).message}`);
      }
    } else if (name === '--limit' && sub === 'find') {
      const v = value() ?? '';
      if (!/^[1-9][0-9]{0,6}$/.test(v)) return fail(`--limit: a number of sources from 1 to 9,999,999 ('${v}')`);
      limit = Number(v);
    } else if (name === '--from' && sub === 'find') {
      from = value();
      if (!from) return fail('--from: a file of phrases, one per line, or - for standard input');
    } else if (name === '--format' && sub === 'find') {
      format = value() ?? '';
      if (format !== 'text' && format !== 'json') return fail(`--format: text or json ('${format}')`);
    } else if (a.startsWith('-')) return fail(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (!database) return fail('--database URL is needed');
  if (sub === 'import' && paths.length === 0) return fail('archive import: no folder or file given');
  if (sub === 'status' && paths.length) return fail(`archive status takes no paths ('${paths[0]}')`);
  if (sub === 'find' && from !== undefined) {
    const read = phrasesFrom(from);
    if (typeof read === 'string') return fail(read);
    for (const p of read) paths.push(p);
  }
  if (sub === 'find' && paths.length === 0) return fail(from !== undefined ? `archive find: no phrase in ${from === '-' ? 'standard input' : from}` : 'archive find: no phrase given');
  let client;
  let reader: Awaited<ReturnType<typeof connect>> | undefined;
  try {
    client = await connect(database);
  } catch (e) {
    return fail((e as Error).message);
  }
  try {
    if (sub === 'find') {
      const found: { phrase: string; found: ArchiveFound }[] = [];
      for (const phrase of paths) found.push({ phrase, found: await findInArchive(client, phrase, { limit }) });
      process.stdout.write(format === 'json' ? `${JSON.stringify(found.map(findJson), null, 2)}\n` : found.map(findText).join('\n'));
      return found.every((f) => f.found.hits.length > 0) ? 0 : 1;
    }
    if (sub === 'status') {
      const s = await archiveStatus(client);
      process.stdout.write(`${s.sources.toLocaleString('en')} sources, ${(s.bytes / (1 << 20)).toFixed(1)} MiB in the database\n`);
      if (s.sources && s.unkeyed < s.sources && !s.keyIndex) process.stdout.write('the word-key index is missing (an import that was making it anew was stopped): `archive find` reads every row until `corroborate archive import` makes it\n');
      if (s.unkeyed) process.stdout.write(`${s.unkeyed.toLocaleString('en')} sources without word keys (each read by every \`archive find\`): run \`corroborate archive import\` to key them\n`);
      if (s.lastImport) {
        const l = s.lastImport;
        process.stdout.write(`last import: started ${l.started}, ${l.finished ? `finished ${l.finished}` : 'not finished'}; ${l.listed} listed, ${l.written} written, ${l.unchanged} unchanged, ${l.skipped} skipped\n`);
      }
      return 0;
    }
    const tty = process.stderr.isTTY;
    let t0 = Date.now();
    // A second connection reads the next batch's stored hashes while the first writes.
    reader = await connect(database);
    const r = await importArchive(client, paths, {
      reader,
      formats,
      onProgress: tty
        ? (p) => {
            const s = (Date.now() - t0) / 1000;
            process.stderr.write(`\rcorroborate: importing ${p.done}/${p.total} (${Math.round(p.done / Math.max(s, 0.001))}/s, ${p.written} written)\x1b[K`);
          }
        : undefined,
    });
    t0 = 0;
    if (tty) process.stderr.write('\r\x1b[K');
    for (const w of r.warnings) process.stderr.write(`corroborate: warning: ${w}\n`);
    for (const m of r.missing) process.stderr.write(`corroborate: not found: ${m}\n`);
    for (const x of r.refused) process.stderr.write(`corroborate: corpus folder refused: ${x.path}: ${x.reason}\n`);
    const rate = r.listed / Math.max(r.ms / 1000, 0.001);
    process.stdout.write(`${r.listed} sources: ${r.written} written, ${r.keyed ? `${r.keyed} given word keys, ` : ''}${r.unchanged} unchanged, ${r.skipped} skipped in ${(r.ms / 1000).toFixed(1)} s (${Math.round(rate)} sources/s${r.indexMs !== undefined ? `; the word-key index made anew in ${(r.indexMs / 1000).toFixed(1)} s` : ''})\n`);
    return r.missing.length || r.refused.length ? 2 : 0;
  } catch (e) {
    return fail(`the database failed: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
    await reader?.end().catch(() => undefined);
  }
}

/** One phrase's result as text: each source and the sentence, or that no source has it and how far that was looked. */
function findText({ phrase, found }: { phrase: string; found: ArchiveFound }): string {
  const lines: string[] = [];
  const head = JSON.stringify(phrase);
  if (found.words.length === 0) return `${head}: no words to look for\n`;
  if (found.hits.length === 0) lines.push(`${head}: in no source of the archive`);
  else lines.push(`${head}: ${found.hits.length} ${found.hits.length === 1 ? 'place' : 'places'}`);
  for (const h of found.hits) {
    lines.push(`  ${h.id} (line ${h.line}, column ${h.column}): ${sourceLabel(h.meta)}`);
    lines.push(`    ${h.sentence}`);
  }
  if (found.capped) lines.push(`  only ${found.candidates.toLocaleString('en')} of the sources holding all its words were searched (its words are common): name a rarer part of it, or raise --limit`);
  return `${lines.join('\n')}\n`;
}

function findJson({ phrase, found }: { phrase: string; found: ArchiveFound }) {
  return {
    phrase,
    words: found.words,
    candidates: found.candidates,
    complete: !found.capped,
    hits: found.hits.map((h) => ({ id: h.id, title: h.meta.title, outlet: h.meta.outlet, date: h.meta.date, url: h.meta.url, line: h.line, column: h.column, start: h.start, end: h.end, sentence: h.sentence })),
  };
}

/** Phrases given in bulk: at most this many bytes and lines. */
const FROM_MAX_BYTES = 5 << 20;
const FROM_MAX_LINES = 10_000;

/** The phrases of `--from FILE` (`-`: standard input), one per line, blank lines skipped; or why not. */
function phrasesFrom(file: string): string[] | string {
  const name = file === '-' ? 'standard input' : file;
  let bytes: Buffer;
  try {
    if (file !== '-' && fs.statSync(file).size > FROM_MAX_BYTES) return `--from: ${file} is over ${FROM_MAX_BYTES >> 20} MB`;
    bytes = fs.readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    return `--from: cannot read ${name} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (bytes.length > FROM_MAX_BYTES) return `--from: more than ${FROM_MAX_BYTES >> 20} MB of phrases`;
  const decoded = decodeText(bytes);
  if ('reason' in decoded) return `--from: ${name} is not text: ${decoded.reason}`;
  const lines = decoded.text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length > FROM_MAX_LINES) return `--from: more than ${FROM_MAX_LINES.toLocaleString('en')} phrases (${lines.length.toLocaleString('en')})`;
  return lines;
}
