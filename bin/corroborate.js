#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build` (run by `npm ci` through
// "prepare"), and loaded through V8's code cache by dist/launch.js (server/src/launch/codeCache.ts).
const path = require('path');
const fs = require('fs');
const os = require('os');
const dist = path.join(__dirname, '..', 'dist');
const cli = path.join(dist, 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('corroborate: the CLI is not built; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
// V8 compiles a regular expression to machine code on its second use; chrono-node's are large,
// and compiling them was ~30–100 ms of a one-draft check that runs each a few dozen times.
// Interpreted until a thousandth use, a short run never pays that; a long one (many drafts) does,
// once (ARCHITECTURE.md, What a warm check costs).
require('v8').setFlagsFromString('--regexp-tier-up-ticks=1000');
const argv = process.argv.slice(2);
const { codeCacheDir, loadBundle } = require(path.join(dist, 'launch.js'));
loadBundle(cli, codeCacheDir(argv, process.env, os.homedir())).exports.run(argv);
