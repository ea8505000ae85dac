// `corroborate/findInArchive`: the editor's "Find in the archive" (client/src/archiveFind.ts) asks
// where the archive database of a draft's settings has a phrase; the same lookup as
// `corroborate archive find` (node/archiveDb.ts: candidates by word keys in SQL, the core decides).
import { sourceLabel } from '../core/messages';
import { connect, findInArchive } from '../node/archiveDb';
import type { ArchiveFindResult } from '../shared/protocol';
import { databaseError } from './corpusManager';
import { sourceUri } from './sourceDocuments';

/** Places shown at most (a phrase in more sources is said to be incomplete). */
const LIMIT = 200;

export async function archiveFindResult(database: string, phrase: string): Promise<ArchiveFindResult> {
  if (!database) return { error: 'no archive database is set (corroborate.corpus.database)', hits: [], complete: true };
  if (typeof phrase !== 'string' || !phrase.trim()) return { error: 'no phrase to look for', hits: [], complete: true };
  let client;
  try {
    client = await connect(database);
  } catch (e) {
    return { error: databaseError((e as Error).message), hits: [], complete: true };
  }
  try {
    const found = await findInArchive(client, phrase.slice(0, 2000), { limit: LIMIT });
    return {
      complete: !found.capped,
      hits: found.hits.map((h) => ({ id: h.id, uri: sourceUri(h.id), label: sourceLabel(h.meta), title: h.meta.title, range: h.range, sentence: h.sentence })),
    };
  } catch (e) {
    return { error: `the database failed: ${(e as Error).message}`, hits: [], complete: true };
  } finally {
    await client.end().catch(() => undefined);
  }
}
