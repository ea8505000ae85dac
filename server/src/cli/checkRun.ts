// `corroborate check` once the arguments are read: which drafts, under which configuration file,
// against which corpus; then suppressions, output (text, JSON, SARIF) and the exit status.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createCheckerFromIndex, resolveConfig, sourceLanguage, type CheckConfig, type Checker, type Finding } from '../core/index';
import { applySuppressions, type AcceptedEntry, type DirectiveNotice, type Suppression } from '../core/suppressions';
import { decodeText, DEFAULT_CORPUS_LIMITS, SOURCE_EXTENSIONS, type CorpusLimits, type FormatOptions } from '../node/corpusFiles';
import { indexWithDatabase } from './archive';
import { writeReports, type ReportDraft } from './reportCommand';
import { findAccepted, findConfig, loadAccepted, loadConfig, type FileProblem, type ProjectConfig } from '../node/configFile';
import { expandDraftArg } from '../node/draftFiles';
import { IndexCacheCorrupt, loadIndex, racyMsOf } from '../node/indexCache';
import { ResultCache } from '../node/resultCache';
import { LineIndex } from '../positions';
import { findingToJson, isProblem, JSON_VERSION, SourceLines, textLine, type JsonFinding } from '../report';
import { toSarif, unusedMessage } from '../sarif';

export interface CheckOptions {
  corpus: string[];
  withBundled: boolean;
  cacheDir?: string;
  cacheMaxBytes?: number;
  /** Check every draft again, even one checked before unchanged against the same index (--recheck). */
  recheck?: boolean;
  /** Only the limits given on the command line. */
  limits: Partial<CorpusLimits>;
  format: 'text' | 'json' | 'sarif';
  date?: string;
  drafts: string[];
  /** undefined: discover; null: --no-config; a path: --config FILE. */
  config?: string | null;
  stdinName?: string;
  maxWarnings?: number;
  quiet: boolean;
  /** JSON Lines field names (--jsonl-fields). */
  formats?: FormatOptions;
  /** A PostgreSQL archive checked beside the corpus folders (--database). */
  database?: string;
  /** `report`: write review reports (to `out`, see USAGE) instead of printing findings. */
  report?: { out?: string };
}

interface Draft {
  /** As shown (the argument, a file found under it, or --stdin-name). */
  shown: string;
  /** Absolute path used to find the configuration and to match accepted entries. */
  abs: string;
  stdin: boolean;
}

interface Group {
  key: string;
  corpusPaths: string[];
  limits: CorpusLimits;
  drafts: { draft: Draft; config: CheckConfig; accepted?: string; configFile?: string }[];
}

const err = (s: string) => process.stderr.write(`corroborate: ${s}\n`);

function readDraft(d: Draft, stdinText: () => string): string {
  if (d.stdin) return stdinText();
  const st = fs.statSync(d.shown);
  if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
  const decoded = decodeText(fs.readFileSync(d.shown));
  if ('reason' in decoded) throw new Error(decoded.reason);
  return decoded.text;
}

export async function runCheck(opts: CheckOptions, bundled: string, version: string): Promise<number> {
  let ioError = false;
  const errors: string[] = [];
  const warnings: string[] = [];
  const fail = (s: string) => {
    err(s);
    errors.push(s);
    ioError = true;
  };
  const warn = (s: string) => {
    err(`warning: ${s}`);
    warnings.push(s);
  };

  // 1. The drafts.
  const drafts: Draft[] = [];
  let stdinUsed = false;
  for (const arg of opts.drafts) {
    if (arg === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      const shown = opts.stdinName ?? '<stdin>';
      drafts.push({ shown, abs: path.resolve(opts.stdinName ?? 'stdin'), stdin: true });
      continue;
    }
    const r = expandDraftArg(arg);
    if ('error' in r) fail(r.error);
    else for (const f of r.files) drafts.push({ shown: f, abs: path.resolve(f), stdin: false });
  }
  let stdinCache: string | undefined;
  const stdinText = () => {
    if (stdinCache === undefined) {
      const decoded = decodeText(fs.readFileSync(0));
      if ('reason' in decoded) throw new Error(decoded.reason);
      stdinCache = decoded.text;
    }
    return stdinCache;
  };

  // 2. The configuration of each draft (the nearest file governs; flags override it).
  const configs = new Map<string, ProjectConfig | undefined>();
  const badConfigs = new Set<string>();
  const loadConfigOnce = (file: string): ProjectConfig | undefined => {
    if (configs.has(file) || badConfigs.has(file)) return configs.get(file);
    const r = loadConfig(path.resolve(file));
    if (!r.config) {
      badConfigs.add(file);
      for (const p of r.problems) fail(problemLine(p));
      return undefined;
    }
    configs.set(file, r.config);
    return r.config;
  };
  const foundIn = new Map<string, { file?: string; ignored: string[] }>();
  const warnedIgnored = new Set<string>();
  const groups = new Map<string, Group>();
  const bundledPaths = (config: ProjectConfig | undefined): string[] => {
    // A database given on the command line stands in for --corpus: the bundled corpus only with --with-bundled.
    if (opts.corpus.length || opts.database) return [...opts.corpus, ...(opts.withBundled ? [bundled] : [])];
    const paths = config?.corpus.paths ?? [];
    // As in the editor: no corpus folder means the bundled corpus.
    if (!config || paths.length === 0) return [bundled];
    return config.corpus.includeBundled === false && !opts.withBundled ? paths : [bundled, ...paths];
  };
  for (const draft of drafts) {
    let configFile: string | undefined;
    if (opts.config === null) configFile = undefined;
    else if (typeof opts.config === 'string') configFile = opts.config;
    else {
      const dir = path.dirname(draft.abs);
      let f = foundIn.get(dir);
      if (!f) foundIn.set(dir, (f = findConfig(dir)));
      configFile = f.file;
      for (const i of f.ignored) {
        if (warnedIgnored.has(i)) continue;
        warnedIgnored.add(i);
        warn(`${i} is ignored: ${f.file} in the same folder takes precedence`);
      }
    }
    const config = configFile !== undefined ? loadConfigOnce(configFile) : undefined;
    if (configFile !== undefined && !config) {
      fail(`${draft.shown} not checked: its configuration file ${configFile} is invalid`);
      continue;
    }
    const corpusPaths = bundledPaths(config);
    const limits: CorpusLimits = {
      maxFiles: opts.limits.maxFiles ?? config?.corpus.maxFiles ?? DEFAULT_CORPUS_LIMITS.maxFiles,
      maxBytes: opts.limits.maxBytes ?? (config?.corpus.maxMegabytes !== undefined ? config.corpus.maxMegabytes * (1 << 20) : DEFAULT_CORPUS_LIMITS.maxBytes),
    };
    const key = JSON.stringify([corpusPaths.map((p) => path.resolve(p)), limits]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, corpusPaths, limits, drafts: [] }));
    const accepted = config ? config.accepted : opts.config === null ? undefined : findAccepted(path.dirname(draft.abs));
    g.drafts.push({ draft, config: resolveConfig(config?.check), accepted, configFile: config?.file });
  }

  // 3. Accepted-findings files, each read once.
  const acceptedFiles = new Map<string, AcceptedEntry[]>();
  const acceptedEntries = (file: string | undefined): AcceptedEntry[] => {
    if (!file) return [];
    let e = acceptedFiles.get(file);
    if (!e) {
      const r = loadAccepted(file);
      for (const p of r.problems) fail(problemLine(p));
      acceptedFiles.set(file, (e = r.problems.length ? [] : r.entries));
    }
    return e;
  };
  const used = new Set<AcceptedEntry>();
  /** Drafts checked per accepted file (to tell an unused entry from one for a draft not checked). */
  const checkedUnder = new Map<string, Set<string>>();

  // 4. Check, corpus by corpus.
  interface Out {
    draft: Draft;
    text: string;
    lines: LineIndex;
    findings: Finding[];
    suppressions: (Suppression | undefined)[];
    notices: DirectiveNotice[];
    checker: Checker;
    sourceLines: SourceLines;
    configFile?: string;
    corpus: { sources: number; paths: string[] };
  }
  const outs: Out[] = [];
  const tty = process.stderr.isTTY;
  let firstCorpus: { sources: number; paths: string[] } | undefined;
  const corporaSeen: number[] = [];
  /**
   * One corpus and its drafts. A part of the persisted index read lazily that fails its checks
   * throws IndexCacheCorrupt (at loading or while checking): the group is done again with that
   * cache file distrusted (rebuilt from the files and written again), its messages said once.
   */
  const checkGroup = async (g: Group, distrust: readonly string[], fail: (s: string) => void, warn: (s: string) => void) => {
      const corpus = await loadIndex(g.corpusPaths, {
        cacheDir: opts.cacheDir,
        cacheMaxBytes: opts.cacheMaxBytes,
        limits: g.limits,
        formats: opts.formats,
        tool: 'cli',
        // A check reads the persisted index's arrays it needs, each checked when first read.
        lazy: true,
        distrust,
        racyMs: racyMsOf(process.env),
        // Every corpus, the bundled one too: preparing even five sources (their dates above all) costs
        // more than reading their persisted index (README, Performance).
        minFiles: 1,
        onProgress: tty ? (p) => process.stderr.write(`\rcorroborate: ${p.phase} sources ${p.done}/${p.total}\x1b[K`) : undefined,
      });
      if (tty) process.stderr.write('\r\x1b[K');
      for (const w of corpus.warnings) warn(w);
      for (const r of corpus.refused) fail(`corpus folder refused: ${r.path}: ${r.reason}`);
      for (const m of corpus.missing) fail(`corpus folder not found: ${m}`);
      // What the findings are computed against with a database: the folders' index and the archive's (both as persisted).
      let withArchive: string | undefined;
      if (opts.database) {
        const local = corpus.index.sources.length ? corpus.identity : 'no folder sources';
        const got = await indexWithDatabase(corpus.index, opts.database, {
          cacheDir: opts.cacheDir,
          cacheMaxBytes: opts.cacheMaxBytes,
          tool: 'cli',
          onProgress: tty ? (p) => process.stderr.write(`\rcorroborate: ${p.phase} archive sources ${p.done}/${p.total}\x1b[K`) : undefined,
        });
        if (tty) process.stderr.write('\r\x1b[K');
        if ('error' in got) fail(`${got.error}; checking against the other sources`);
        else {
          for (const w of got.loaded.warnings) warn(w);
          corpus.index = got.index;
          if (local && got.loaded.identity) withArchive = crypto.createHash('sha256').update(`${local}\u0000${got.loaded.identity}`).digest('hex');
        }
      }
      const corpusInfo = { sources: corpus.index.sources.length, paths: g.corpusPaths.map((p) => path.resolve(p)) };
      firstCorpus ??= corpusInfo;
      if (corpus.index.sources.length === 0) {
        const empty = g.corpusPaths.filter((p) => !corpus.missing.includes(p) && !corpus.refused.some((r) => r.path === p));
        fail(empty.length ? `no source files (${SOURCE_EXTENSIONS.join(', ')}) found in ${empty.join(', ')}` : 'no corpus to check against');
        return;
      }
      corporaSeen.push(corpus.index.sources.length);
      const checker = createCheckerFromIndex(corpus.index);
      const sourceLines = new SourceLines(checker);
      // A draft checked before, unchanged, against an index of the same sources (loaded unchanged
      // from its file or just written; with a database, the archive's index too, whose cache is
      // used only while the archive's fingerprint is the one it was made for): its findings as then.
      const identity = opts.database ? withArchive : corpus.identity;
      const kept = opts.cacheDir !== undefined && identity ? new ResultCache(opts.cacheDir, identity) : undefined;
      const reuse = kept && !opts.recheck ? kept : undefined;
      for (const { draft, config, accepted, configFile } of g.drafts) {
        let text: string;
        try {
          text = readDraft(draft, stdinText);
        } catch (e) {
          const er = e as NodeJS.ErrnoException;
          const why = er.code === 'ENOENT' ? 'no such file' : er.code === 'EISDIR' ? 'is a folder, not a draft' : er.message;
          fail(`cannot read ${draft.shown}: ${why}`);
          continue;
        }
        const languageId = sourceLanguage(draft.stdin && !opts.stdinName ? 'stdin.md' : draft.shown);
        const input = { text, languageId, date: opts.date, config };
        let findings = reuse?.get(input);
        if (!findings) {
          findings = checker.check({ text, languageId, date: opts.date }, config).findings;
          kept?.put(input, findings);
        }
        const entries = acceptedEntries(accepted);
        const s = applySuppressions(text, languageId, findings, entries, draft.abs);
        for (const e of s.used) used.add(e);
        if (accepted) {
          let set = checkedUnder.get(accepted);
          if (!set) checkedUnder.set(accepted, (set = new Set()));
          set.add(draft.abs);
        }
        outs.push({ draft, text, lines: new LineIndex(text), findings, suppressions: s.suppressions, notices: s.notices, checker, sourceLines, configFile, corpus: corpusInfo });
      }
  };
  for (const g of groups.values()) {
    const distrust: string[] = [];
    // What an earlier attempt said is not said again.
    const said = new Set<string>();
    let before = new Set<string>();
    const once = (say: (s: string) => void) => (s: string) => {
      said.add(s);
      if (!before.has(s)) say(s);
    };
    const marks = { outs: outs.length, corpora: corporaSeen.length };
    for (;;) {
      try {
        await checkGroup(g, distrust, once(fail), once(warn));
        break;
      } catch (e) {
        if (!(e instanceof IndexCacheCorrupt) || distrust.includes(e.file)) throw e;
        before = new Set(said);
        outs.length = marks.outs;
        corporaSeen.length = marks.corpora;
        distrust.push(e.file);
        warn(`${e.file}: index cache not used (${e.reason}); rebuilding`);
      }
    }
  }

  // 5. Accepted entries that matched nothing among the drafts they could have matched.
  const unused: AcceptedEntry[] = [];
  for (const [file, entries] of acceptedFiles) {
    const checked = checkedUnder.get(file);
    if (!checked) continue;
    for (const e of entries) if (!used.has(e) && (e.draft === undefined || checked.has(e.draft))) unused.push(e);
  }

  // Review reports instead of findings: one page per draft, without its suppressed findings.
  if (opts.report) {
    const byChecker = new Map<Checker, { drafts: ReportDraft[]; paths: string[] }>();
    for (const o of outs) {
      let g = byChecker.get(o.checker);
      if (!g) byChecker.set(o.checker, (g = { drafts: [], paths: o.corpus.paths.map((p) => (p === path.resolve(bundled) ? 'bundled corpus' : p)) }));
      g.drafts.push({ path: o.draft.shown, text: o.text, findings: o.findings.filter((_, i) => o.suppressions[i] === undefined) });
    }
    for (const [checker, g] of byChecker) if (!writeReports(g.drafts, opts.report.out, checker, g.paths, opts.drafts.length)) ioError = true;
    return ioError ? 2 : 0;
  }

  // 6. Counts and output.
  let errorsN = 0;
  let warningsN = 0;
  let problems = 0;
  let verified = 0;
  let suppressed = 0;
  const counted = (f: Finding) => isProblem(f) && (!opts.quiet || f.severity === 'error');
  for (const o of outs) {
    o.findings.forEach((f, i) => {
      if (f.status === 'verified') verified++;
      if (!isProblem(f)) return;
      if (o.suppressions[i]) {
        suppressed++;
        return;
      }
      if (!counted(f)) return;
      problems++;
      if (f.severity === 'error') errorsN++;
      else if (f.severity === 'warning') warningsN++;
    });
  }
  if (opts.format === 'json') {
    const drafts = outs.map((o) => ({
      path: o.draft.shown,
      findings: o.findings.map((f, i) => {
        const j: JsonFinding & { suppressions?: { kind: string; justification?: string }[] } = findingToJson(f, o.lines, o.checker, o.sourceLines);
        const s = o.suppressions[i];
        if (s) j.suppressions = [{ kind: s.kind, ...(s.justification ? { justification: s.justification } : {}), ...(s.entry ? { file: s.entry.file, line: s.entry.line } : {}) }];
        return j;
      }),
      config: o.configFile ?? null,
      corpus: o.corpus,
      notices: o.notices.map((n) => ({ range: o.lines.range(n.start, n.end), message: n.message })),
    }));
    const out = {
      version: JSON_VERSION,
      corpus: firstCorpus ?? { sources: 0, paths: [] },
      drafts,
      unusedAccepted: unused.map((e) => ({ file: e.file, line: e.line, column: e.column, kind: e.kind, ...(e.quote !== undefined ? { quote: e.quote } : { date: e.date }), reason: e.reason, message: unusedMessage(e) })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if (opts.format === 'sarif') {
    const log = toSarif({
      toolVersion: version,
      root: process.cwd(),
      drafts: outs.map((o) => ({ path: o.draft.stdin && !opts.stdinName ? 'stdin' : o.draft.shown, lines: o.lines, findings: o.findings, suppressions: o.suppressions, notices: o.notices, checker: o.checker, sourceLines: o.sourceLines })),
      unusedAccepted: unused,
      errors,
      warnings,
    });
    process.stdout.write(JSON.stringify(log, null, 2) + '\n');
  } else {
    for (const o of outs) {
      o.findings.forEach((f, i) => {
        if (!o.suppressions[i] && counted(f)) process.stdout.write(textLine(o.draft.shown, f, o.lines) + '\n');
      });
      if (!opts.quiet) {
        for (const n of o.notices) {
          const p = o.lines.position(n.start);
          process.stdout.write(`${o.draft.shown}:${p.line + 1}:${p.character + 1}: information: ${n.message}\n`);
        }
      }
    }
    if (!opts.quiet) for (const e of unused) process.stdout.write(`${path.relative(process.cwd(), e.file) || e.file}:${e.line}:${e.column}: information: ${unusedMessage(e)}\n`);
    if (outs.length > 0) {
      // No summary when no draft could be read: "0 problems" would read as a clean result.
      const sources = corporaSeen.length === 1 ? `${corporaSeen[0]} sources` : `${corporaSeen.length} corpora: ${corporaSeen.join(', ')} sources`;
      process.stdout.write(`${problems} problem${problems === 1 ? '' : 's'}, ${verified} verified${suppressed ? `, ${suppressed} suppressed` : ''} (${sources})\n`);
    }
  }
  if (ioError) return 2;
  if (opts.maxWarnings !== undefined) return errorsN > 0 || warningsN > opts.maxWarnings ? 1 : 0;
  return problems > 0 ? 1 : 0;
}

/** `file:line:col: error: message`, the file relative to the working folder when inside it. */
function problemLine(p: FileProblem): string {
  const rel = path.relative(process.cwd(), p.file);
  return `${rel && !rel.startsWith('..') ? rel : p.file}:${p.line}:${p.column}: error: ${p.message}`;
}
