// The one entry to the checking core. Adapters (the language server, the CLI, the measuring
// tools) hand it source texts and drafts and get plain findings back. No I/O, no clock, no LSP.
import { DEFAULT_CONFIG, type CheckConfig } from './config';
import { CorpusIndex, IndexBuilder } from './corpus/index';
import type { PreparedSource } from './corpus/source';
import { extractQuotes } from './quotes/extract';
import { proseView, type ProseView } from './text/markdown';
import type { Check, CheckOutput, DraftContext, DraftScan } from './checks/context';
import type { CheckModule } from './checks/contract';
import { BlockResults } from './checks/blocks';
import { StoryRelevance } from './corpus/relevance';
import { CHECKS } from './checks/registry';
import type { DraftInput, Finding, SourceInput, SourceMeta } from './types';

export type { CheckConfig } from './config';
export { DEFAULT_CONFIG, resolveConfig, SETTING_KEYS, SEVERITIES } from './config';
export { CHECKS, checkOfKind, claimsOrigin, hoverTitle } from './checks/registry';
export type { CheckModule, EvalKind, SettingSpec } from './checks/contract';
export * from './types';
export { sourceLabel, shortDate, longDate } from './messages';
export type { PreparedSource } from './corpus/source';
export { sourceLanguage } from './corpus/source';
export { CorpusIndex, IndexBuilder, type CorpusData } from './corpus/index';

export interface SourceInfo {
  id: string;
  meta: SourceMeta & { title: string };
  text: string;
}

export interface CheckResult {
  findings: Finding[];
}

export interface Checker {
  readonly sourceCount: number;
  /** Metadata and text of a source by id (for hovers, definitions and output). */
  source(id: string): SourceInfo | undefined;
  sources(): SourceInfo[];
  check(draft: DraftInput, config?: CheckConfig): CheckResult;
  /**
   * The same check one stage at a time (reading the draft, then each check): an adapter can stop
   * between stages when a newer version of the draft arrived.
   */
  checkInSteps(draft: DraftInput, config?: CheckConfig): Generator<string, CheckResult>;
  /**
   * Corpus-wide work that the first checks of new drafts would otherwise do, in small slices (one
   * per step, yielding the check's name): an adapter runs it when idle, between checks. Findings
   * are the same with or without it.
   */
  warmUp(): Generator<string, void>;
}

function frontMatterDate(fm: Record<string, unknown> | undefined): string | undefined {
  const v = fm?.date;
  if (v instanceof Date && !isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string') return /^(\d{4}-\d{2}-\d{2})/.exec(v)?.[1];
  return undefined;
}

/** The text of each block of prose of the draft's view. */
function* proseBlocks(view: ProseView): Generator<string> {
  for (const b of view.blocks) yield view.masked.slice(b.start, b.end);
}

/** Puts a check's notes on copies of the earlier findings they are about (in their places). */
function applyNotes(findings: Finding[], out: CheckOutput): void {
  if (!out.notes?.length) return;
  const byFinding = new Map<Finding, CheckOutput['notes']>();
  for (const n of out.notes) {
    const list = byFinding.get(n.finding) ?? [];
    list.push(n);
    byFinding.set(n.finding, list);
  }
  for (let i = 0; i < findings.length; i++) {
    const notes = byFinding.get(findings[i]);
    if (!notes) continue;
    const sources = findings[i].sources.slice();
    for (const n of notes) sources[n.source] = { ...sources[n.source], speaker: n.speaker };
    findings[i] = { ...findings[i], sources };
  }
}

/** Prepares and indexes the sources once; `check` then runs every registered check on a draft. */
export function createChecker(inputs: readonly SourceInput[]): Checker {
  const builder = new IndexBuilder();
  for (const input of inputs) builder.add(input);
  return createCheckerFromIndex(builder.finish());
}

/** The simple path: sources prepared as plain objects (tests compare it with the compact one). */
export function createCheckerFromPrepared(prepared: readonly PreparedSource[]): Checker {
  return createCheckerFromIndex(new CorpusIndex(prepared));
}

/** A checker over an index an adapter built (`IndexBuilder`) or loaded from its cache. */
export function createCheckerFromIndex(index: CorpusIndex): Checker {
  const prepared = index.sources;
  const byId = new Map(prepared.map((s) => [s.id, s]));
  const checks: { module: CheckModule; check: Check }[] = (CHECKS as readonly CheckModule[]).map((m) => ({ module: m, check: m.create(index) }));
  const relevance = new StoryRelevance(index);
  const blocks = new BlockResults();
  const citedSources = (draft: DraftScan): number[] => {
    const out: number[] = [];
    for (const { check } of checks) if (check.citedSources) for (const s of check.citedSources(draft)) out.push(s);
    return out;
  };
  function* checkInSteps(draft: DraftInput, config: CheckConfig = DEFAULT_CONFIG): Generator<string, CheckResult> {
    const view = proseView(draft.text, draft.languageId);
    const scan = extractQuotes(view.masked, view.blocks);
    const ctx: DraftContext = {
      text: draft.text,
      languageId: draft.languageId,
      view,
      quotes: scan.quotes,
      unbalanced: scan.unbalanced,
      config,
      index,
      draftDate: draft.date ?? frontMatterDate(view.frontMatter) ?? config.draftDate,
      related: relevance.related(proseBlocks(view), () => citedSources({ text: draft.text, quotes: scan.quotes, config })),
    };
    const findings: Finding[] = [];
    for (const { module, check } of checks) {
      yield check.name;
      if (module.enabledBy && !(config as unknown as Record<string, unknown>)[module.enabledBy]) continue;
      const out = check.runBlock ? blocks.run(check, ctx) : check.run(ctx, findings);
      if (Array.isArray(out)) {
        // One at a time: spreading a long list into push() overflows the stack.
        for (const f of out) findings.push(f);
      } else {
        applyNotes(findings, out);
        for (const f of out.findings) findings.push(f);
      }
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { findings };
  }
  const info = (s: PreparedSource): SourceInfo => ({ id: s.id, meta: s.meta, text: s.text });
  function* warmUp(): Generator<string, void> {
    for (const { check } of checks) {
      if (!check.warmUp) continue;
      for (const _ of check.warmUp()) yield check.name;
    }
  }
  return {
    warmUp,
    sourceCount: prepared.length,
    source: (id) => {
      const s = byId.get(id);
      return s && info(s);
    },
    sources: () => prepared.map(info),
    checkInSteps,
    check(draft, config = DEFAULT_CONFIG) {
      const steps = checkInSteps(draft, config);
      for (;;) {
        const r = steps.next();
        if (r.done) return r.value;
      }
    },
  };
}
