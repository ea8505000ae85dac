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
const argv = process.argv.slice(2);
const { codeCacheDir, loadBundle } = require(path.join(dist, 'launch.js'));
loadBundle(cli, codeCacheDir(argv, process.env, os.homedir())).exports.run(argv);
