// Bundles the client, the server, the CLI and the measuring and fuzzing tools with esbuild.
// Type-checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  // The small launchers that load the CLI and server bundles through V8's code cache.
  esbuild.build({ ...common, entryPoints: { launch: 'server/src/launch/codeCache.ts', serverLaunch: 'server/src/launch/server.ts' }, outdir: 'dist' }),
  esbuild.build({
    ...common,
    entryPoints: {
      server: 'server/src/lsp/main.ts',
      cli: 'server/src/cli/main.ts',
      eval: 'server/src/tools/eval.ts',
      bench: 'server/src/tools/bench.ts',
      fuzz: 'server/src/tools/fuzz.ts',
      beats: 'server/src/tools/beats.ts',
      'dates-anchoring-eval': 'server/src/tools/dates-anchoring-eval.ts',
      'numbers-devset': 'server/src/tools/numbers-devset.ts',
      indexWorker: 'server/src/node/indexWorker.ts',
    },
    outdir: 'dist',
    // pg's optional native binding (pg-native) is not used.
    external: ['pg-native'],
  }),
]);
