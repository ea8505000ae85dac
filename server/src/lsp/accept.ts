// The "Accept: …" code action: a WorkspaceEdit that adds an entry for a finding to the
// accepted-findings file (creating the file when the client can create files). The entry's text
// comes from the draft, so it is written as JSON-quoted YAML scalars: never markup, never a key.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { isMap, isSeq, parseDocument, YAMLParseError } from 'yaml';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding } from '../core/index';
import { quoteKey } from '../core/suppressions';
import { LineIndex } from '../positions';

/** The reasons offered, by kind: what a reporter or editor says about a finding that is right. */
export const ACCEPT_REASONS: Readonly<Record<string, readonly string[]>> = {
  'quote-unsupported': ['own interview', 'from a press release not in the archive', 'translated'],
  'quote-altered': ['translated', 'checked against the recording'],
  'quote-unbalanced': ['intended'],
  date: ['checked elsewhere'],
  attribution: ['checked against the recording', 'checked elsewhere'],
};

export function reasonsFor(f: Finding): readonly string[] {
  return ACCEPT_REASONS[`${f.kind}-${f.status}`] ?? ACCEPT_REASONS[f.kind] ?? ['checked elsewhere'];
}

const HEADER = '# Findings checked and accepted as right (Corroborate). Each entry hides the findings it matches,\n# in the editor and in `corroborate check`. Commit this file with the story.\naccepted:\n';

/** One entry as YAML lines, each starting with `indent`. */
export function entryYaml(f: Finding, draftRel: string | undefined, reason: string, indent: string): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`- kind: ${f.kind}`, `  status: ${f.status}`];
  if (f.kind === 'date') lines.push(`  date: ${q(f.value ?? f.text)}`);
  else lines.push(`  quote: ${q(quoteKey(f.text) || f.text)}`);
  if (draftRel !== undefined) lines.push(`  draft: ${q(draftRel)}`);
  lines.push(`  reason: ${q(reason)}`);
  return lines.map((l) => indent + l).join('\n') + '\n';
}

/**
 * The edit that adds the entry. `createSupported`: the client can create files (a missing
 * accepted file is created); without it, and no file, there is no edit.
 */
export function acceptEdit(acceptedFile: string, draftFile: string, f: Finding, reason: string, createSupported: boolean): WorkspaceEdit | undefined {
  const uri = pathToFileURL(acceptedFile).toString();
  let rel = path.relative(path.dirname(acceptedFile), draftFile).split(path.sep).join('/');
  if (rel === '') rel = path.basename(draftFile);
  let text: string | undefined;
  try {
    text = fs.readFileSync(acceptedFile, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    if (!createSupported) return undefined;
    return {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: HEADER + entryYaml(f, rel, reason, '  ') }] },
      ],
    };
  }
  const lines = new LineIndex(text);
  const edit = (start: number, end: number, newText: string): WorkspaceEdit => ({
    documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range: lines.range(start, end), newText }] }],
  });
  if (text.trim() === '') return edit(0, text.length, HEADER + entryYaml(f, rel, reason, '  '));
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { logLevel: 'error' });
  } catch {
    // Nested too deeply for the parser (it overflows its stack): left alone, as any unreadable file.
    doc = parseDocument('', { logLevel: 'error' });
    doc.errors.push(new YAMLParseError([0, 0], 'BAD_INDENT', 'nested too deeply to read'));
  }
  const root = doc.contents;
  const seq = isMap(root) ? root.get('accepted', true) : undefined;
  if (doc.errors.length === 0 && isSeq(seq) && !seq.flow && seq.range && seq.items.length) {
    // Append after the last entry, at the list's indentation: the rest of the file is untouched.
    const at = seq.range[2];
    const lineStart = text.lastIndexOf('\n', seq.range[0] - 1) + 1;
    const indent = text.slice(lineStart, seq.range[0]);
    if (/^[ ]*$/.test(indent)) return edit(at, at, (text[at - 1] === '\n' ? '' : '\n') + entryYaml(f, rel, reason, indent));
  }
  if (doc.errors.length === 0 && isMap(root) && !root.has('accepted')) {
    return edit(text.length, text.length, (text.endsWith('\n') ? '' : '\n') + 'accepted:\n' + entryYaml(f, rel, reason, '  '));
  }
  if (doc.errors.length === 0 && isMap(root) && isSeq(seq)) {
    // An empty or flow-style list: rewrite the file through the YAML library (comments are kept).
    const js = JSON.parse(JSON.stringify(parseDocument(entryYaml(f, rel, reason, '')).toJS()))[0];
    seq.flow = false;
    seq.items.push(doc.createNode(js));
    return edit(0, text.length, doc.toString());
  }
  // A file that is not a valid accepted-findings file: no edit (its problems are shown on it).
  return undefined;
}
