// Findings as SARIF 2.1.0 (`corroborate check --format sarif`), for code-scanning services: one rule
// per finding kind and status, the source passage as a related location, fingerprints that do not
// depend on line numbers, suppressed findings with their `suppressions`.
import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Log, ReportingDescriptor, Result, Run, Location, Suppression as SarifSuppression, Notification } from 'sarif';
import { CHECKS, DEFAULT_CONFIG, sourceLabel, type Checker, type Finding, type Severity } from './core/index';
import type { CheckModule, RuleText } from './core/checks/contract';
import { quoteKey, type AcceptedEntry, type DirectiveNotice, type Suppression } from './core/suppressions';
import { LineIndex, type Range } from './positions';
import type { SourceLines } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface RuleInfo {
  id: string;
  name: string;
  short: string;
  full: string;
  help: string;
  level: Severity;
}

/** A rule's default level: the severity setting it names, or the severity itself. */
function levelOf(severity: string): Severity {
  return severity in DEFAULT_CONFIG ? ((DEFAULT_CONFIG as unknown as Record<string, Severity>)[severity]) : (severity as Severity);
}

/** Every rule, in a fixed order (ruleIndex refers to it): each check's problem statuses, in registry order, then Corroborate's own. Ids are the language server's diagnostic codes. */
export const RULES: readonly RuleInfo[] = [
  ...(CHECKS as readonly CheckModule[]).flatMap((m) =>
    (m.statuses as readonly string[])
      .filter((st) => st !== 'verified')
      .map((st): RuleInfo => {
        const r = (m.presentation.rules as Record<string, RuleText>)[st];
        return { id: `${m.kind}-${st}`, name: r.name, short: r.short, full: r.full, help: r.help, level: levelOf(r.severity) };
      }),
  ),
  {
    id: 'accepted-unused',
    name: 'UnusedAcceptedFinding',
    short: 'An accepted finding that no longer matches anything',
    full: 'An entry of the accepted-findings file matched no finding of the drafts checked: the quotation or date changed, or the sources now support it.',
    help: 'Remove the entry from the accepted-findings file.',
    level: 'information',
  },
  {
    id: 'directive-invalid',
    name: 'InvalidDirective',
    short: 'A corroborate- comment the checker cannot use',
    full: 'An unknown directive, or an unknown finding kind in a directive: the comment is ignored.',
    help: `Directives: corroborate-disable, corroborate-enable, corroborate-disable-next-line, corroborate-disable-line, corroborate-disable-file, each optionally followed by finding kinds (${CHECKS.map((m) => m.kind).join(', ')}, or kind-status such as quote-unsupported) and "-- reason".`,
    level: 'information',
  },
];

const RULE_INDEX = new Map(RULES.map((r, i) => [r.id, i]));

function level(s: Severity): Result.level {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : s === 'none' ? 'none' : 'note';
}

export interface SarifDraft {
  /** As given on the command line (or --stdin-name). */
  path: string;
  lines: LineIndex;
  findings: readonly Finding[];
  suppressions: readonly (Suppression | undefined)[];
  notices: readonly DirectiveNotice[];
  checker: Checker;
  sourceLines: SourceLines;
}

export interface SarifInput {
  toolVersion: string;
  /** The folder relative URIs are relative to (%SRCROOT%). */
  root: string;
  drafts: readonly SarifDraft[];
  unusedAccepted: readonly AcceptedEntry[];
  /** Configuration and I/O errors of the run. */
  errors: readonly string[];
  warnings: readonly string[];
}

/** A file's artifact location: relative to the root when inside it, else an absolute file URI. */
function artifact(file: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(file);
  const rel = path.relative(root, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(abs).toString() };
}

/** SARIF regions are one-based; end columns point after the last character (UTF-16 code units). */
function region(r: Range, snippet?: string) {
  const out: { startLine: number; startColumn: number; endLine: number; endColumn: number; snippet?: { text: string } } = {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
  if (snippet !== undefined) out.snippet = { text: snippet };
  return out;
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function suppressionOf(s: Suppression, draft: SarifDraft, root: string): SarifSuppression {
  const out: SarifSuppression = { kind: s.kind, status: 'accepted' };
  if (s.justification) out.justification = s.justification;
  if (s.kind === 'inSource' && s.start !== undefined && s.end !== undefined) {
    out.location = { physicalLocation: { artifactLocation: artifact(draft.path, root), region: region(draft.lines.range(s.start, s.end)) } };
  } else if (s.entry) {
    out.location = { physicalLocation: { artifactLocation: artifact(s.entry.file, root), region: { startLine: s.entry.line, startColumn: s.entry.column } } };
  }
  return out;
}

export function toSarif(input: SarifInput): Log {
  const results: Result[] = [];
  for (const d of input.drafts) {
    const seen = new Map<string, number>();
    const loc = artifact(d.path, input.root);
    d.findings.forEach((f, i) => {
      if (f.status === 'verified' || f.severity === 'none') return;
      const ruleId = `${f.kind}-${f.status}`;
      const ruleIndex = RULE_INDEX.get(ruleId);
      if (ruleIndex === undefined) return;
      // Stable when unrelated lines move: the rule, the words and their occurrence, not the line.
      const key = `${ruleId}\u0000${quoteKey(f.text)}\u0000${f.value ?? ''}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const related: Location[] = f.sources.map((m, j) => {
        const s = d.checker.source(m.sourceId);
        const li = d.sourceLines.of(m.sourceId);
        const excerpt = s ? s.text.slice(m.contextStart, m.contextEnd).replace(/\s+/g, ' ') : m.wording;
        const label = s ? sourceLabel(s.meta) : m.sourceId;
        const what = m.closest ? 'Closest passage (not evidence enough to be the origin)' : m.variant ? 'Another version' : 'Source';
        return {
          id: j + 1,
          physicalLocation: { artifactLocation: artifact(m.sourceId, input.root), ...(li ? { region: region(li.range(m.start, m.end), m.wording) } : {}) },
          message: { text: `${what}: ${label}: “${excerpt}”` },
        };
      });
      const r: Result = {
        ruleId,
        ruleIndex,
        level: level(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: loc, region: region(d.lines.range(f.start, f.end), f.text) } }],
        partialFingerprints: { 'corroborate/v1': fingerprint(key, String(n)) },
      };
      if (related.length) r.relatedLocations = related;
      const s = d.suppressions[i];
      if (s) r.suppressions = [suppressionOf(s, d, input.root)];
      const props: Record<string, unknown> = { kind: f.kind, status: f.status, text: f.text };
      if (f.suggestion !== undefined) props.suggestion = f.suggestion;
      if (f.value !== undefined) props.value = f.value;
      if (f.expected !== undefined) props.expected = f.expected;
      if (f.speaker !== undefined) props.speaker = f.speaker;
      r.properties = props;
      results.push(r);
    });
    for (const nt of d.notices) {
      results.push({
        ruleId: 'directive-invalid',
        ruleIndex: RULE_INDEX.get('directive-invalid')!,
        level: 'note',
        message: { text: nt.message },
        locations: [{ physicalLocation: { artifactLocation: loc, region: region(d.lines.range(nt.start, nt.end)) } }],
        partialFingerprints: { 'corroborate/v1': fingerprint('directive-invalid', nt.message) },
      });
    }
  }
  for (const e of input.unusedAccepted) {
    results.push({
      ruleId: 'accepted-unused',
      ruleIndex: RULE_INDEX.get('accepted-unused')!,
      level: 'note',
      message: { text: unusedMessage(e) },
      locations: [{ physicalLocation: { artifactLocation: artifact(e.file, input.root), region: { startLine: e.line, startColumn: e.column } } }],
      partialFingerprints: { 'corroborate/v1': fingerprint('accepted-unused', e.kind, e.quote ?? e.date ?? '', e.draft ?? '') },
    });
  }
  const notifications = (texts: readonly string[], lvl: Notification.level): Notification[] => texts.map((t) => ({ level: lvl, message: { text: t } }));
  const run: Run = {
    tool: {
      driver: {
        name: 'Corroborate',
        semanticVersion: input.toolVersion,
        version: input.toolVersion,
        rules: RULES.map(
          (r): ReportingDescriptor => ({
            id: r.id,
            name: r.name,
            shortDescription: { text: r.short },
            fullDescription: { text: r.full },
            help: { text: r.help },
            defaultConfiguration: { level: level(r.level), enabled: r.level !== 'none' },
          }),
        ),
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(input.root).toString().replace(/\/?$/, '/') } },
    invocations: [
      {
        executionSuccessful: input.errors.length === 0,
        toolExecutionNotifications: [...notifications(input.errors, 'error'), ...notifications(input.warnings, 'warning')],
      },
    ],
    columnKind: 'utf16CodeUnits',
    results,
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/** "Accepted quote “…” (own interview) no longer matches any finding". */
export function unusedMessage(e: AcceptedEntry): string {
  const what = e.kind === 'date' ? `date “${e.date}”` : `${e.kind} “${e.quote}”`;
  return `Accepted ${what} (${e.reason}) no longer matches any finding${e.draft ? ` of ${path.basename(e.draft)}` : ''}: remove the entry`;
}
