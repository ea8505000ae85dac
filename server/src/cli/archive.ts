// `corroborate archive import --database URL PATH...` and `corroborate archive status --database URL`:
// a shared archive of sources in PostgreSQL (node/archiveDb.ts). The URL names no password: it
// comes from PGPASSWORD or ~/.pgpass (the pg client reads both).
import { archiveStatus, connect, importArchive } from '../node/archiveDb';
import { parseFieldMap } from '../node/formats/fields';
import type { FormatOptions } from '../node/corpusFiles';

export { indexWithDatabase } from '../node/archiveDb';

export const ARCHIVE_USAGE = `       corroborate archive import --database URL [--jsonl-fields MAP] PATH...
       corroborate archive status --database URL`;

function fail(message: string): number {
  process.stderr.write(`corroborate: ${message}\n`);
  return 2;
}

/** Runs `archive …` (its arguments after the word `archive`); the exit status. */
export async function runArchive(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import' && sub !== 'status') return fail(`'archive' needs a subcommand: import or status\n\nUsage: ${ARCHIVE_USAGE.trim()}`);
  let database: string | undefined;
  let formats: FormatOptions | undefined;
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
    } else if (a.startsWith('-')) return fail(`unknown option '${a}'`);
    else paths.push(a);
  }
  if (!database) return fail('--database URL is needed');
  if (sub === 'import' && paths.length === 0) return fail('archive import: no folder or file given');
  if (sub === 'status' && paths.length) return fail(`archive status takes no paths ('${paths[0]}')`);
  let client;
  try {
    client = await connect(database);
  } catch (e) {
    return fail((e as Error).message);
  }
  try {
    if (sub === 'status') {
      const s = await archiveStatus(client);
      process.stdout.write(`${s.sources.toLocaleString('en')} sources, ${(s.bytes / (1 << 20)).toFixed(1)} MiB in the database\n`);
      if (s.lastImport) {
        const l = s.lastImport;
        process.stdout.write(`last import: started ${l.started}, ${l.finished ? `finished ${l.finished}` : 'not finished'}; ${l.listed} listed, ${l.written} written, ${l.unchanged} unchanged, ${l.skipped} skipped\n`);
      }
      return 0;
    }
    const tty = process.stderr.isTTY;
    let t0 = Date.now();
    const r = await importArchive(client, paths, {
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
    process.stdout.write(`${r.listed} sources: ${r.written} written, ${r.unchanged} unchanged, ${r.skipped} skipped in ${(r.ms / 1000).toFixed(1)} s (${Math.round(rate)} sources/s)\n`);
    return r.missing.length || r.refused.length ? 2 : 0;
  } catch (e) {
    return fail(`the database failed: ${(e as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
