// The quotation check: find where a quote came from and judge it.
//   verified    a source has the same words in the same order (typography aside);
//   altered     a source passage clearly is the origin, but words differ;
//   unsupported no passage is close enough to be the origin.
// Pipeline: words (with the writer's brackets and ellipses) → exact phrase lookup → candidate
// passages from the rarest words' postings → word alignment → decision.
// One folder: words.ts (the quotation's words), origins.ts (finding and judging its origin),
// finding.ts (the finding), module.ts (the check module: settings, titles, the check).
export * from './words';
export * from './origins';
export * from './finding';
