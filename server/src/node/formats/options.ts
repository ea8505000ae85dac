// The format options a corpus was listed with, for what reads a source again later (a persisted
// index reads a source's text when first needed): the JSON Lines field names of each archive.
import * as crypto from 'crypto';
import { fieldMapTag, type FieldMap } from './fields';
import { parseMemberId } from './jsonl';

export interface FormatOptions {
  /** JSON Lines: which field of a line holds each of Corroborate's (defaults: the same names). */
  fields?: FieldMap;
}

const byArchive = new Map<string, FormatOptions>();

/** Remembers the options the listed sources were read with (per archive; the latest listing wins). */
export function registerFormats(ids: readonly string[], formats: FormatOptions | undefined): void {
  let last = '';
  for (const id of ids) {
    const m = parseMemberId(id);
    if (!m || m.archive === last) continue;
    last = m.archive;
    byArchive.set(m.archive, formats ?? {});
  }
}

/** The options a source was listed with. */
export function registeredFormats(id: string): FormatOptions {
  const m = parseMemberId(id);
  return (m && byArchive.get(m.archive)) || {};
}

/** A part of the cache file's name that tells options apart ('' for the defaults). */
export function formatsTag(formats: FormatOptions | undefined): string {
  const tag = fieldMapTag(formats?.fields);
  return tag ? `-f${crypto.createHash('sha1').update(tag).digest('hex').slice(0, 8)}` : '';
}
