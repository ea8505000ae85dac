// The fields of a JSON Lines archive's line that Corroborate reads, and how users rename them
// (the setting corroborate.corpus.jsonlFields, the CLI flag --jsonl-fields). Pure: no I/O.

/** The fields Corroborate reads from a line. */
export const ARCHIVE_FIELDS = ['id', 'title', 'outlet', 'authors', 'date', 'url', 'text'] as const;
export type ArchiveField = (typeof ARCHIVE_FIELDS)[number];
/** Which field of a line holds each of ours (a dotted path reaches into objects: `meta.headline`). */
export type FieldMap = Partial<Record<ArchiveField, string>>;

/**
 * Parses `title=headline,text=body.content` (the CLI flag) into a field map; throws with the
 * reason on a field Corroborate does not know or an empty name.
 */
export function parseFieldMap(spec: string): FieldMap {
  const out: FieldMap = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p)) {
    const eq = part.indexOf('=');
    const ours = (eq < 0 ? '' : part.slice(0, eq).trim()) as ArchiveField;
    const theirs = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!ARCHIVE_FIELDS.includes(ours)) throw new Error(`unknown field “${part}” (fields: ${ARCHIVE_FIELDS.join(', ')}; write field=name)`);
    if (!theirs) throw new Error(`no name given for the field “${ours}”`);
    out[ours] = theirs;
  }
  return out;
}

/** Only the known fields with a non-empty string name (settings come from users). */
export function cleanFieldMap(v: unknown): FieldMap {
  const out: FieldMap = {};
  if (!v || typeof v !== 'object') return out;
  for (const f of ARCHIVE_FIELDS) {
    const name = (v as Record<string, unknown>)[f];
    if (typeof name === 'string' && name.trim()) out[f] = name.trim();
  }
  return out;
}

/** A short stable tag of a field map (empty for the defaults), for cache names. */
export function fieldMapTag(map: FieldMap | undefined): string {
  const entries = ARCHIVE_FIELDS.filter((f) => map?.[f] && map[f] !== f).map((f) => `${f}=${map![f]}`);
  return entries.join(',');
}

