#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build` (run by `npm ci` through "prepare").
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('corroborate: the CLI is not built; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
require(cli).run(process.argv.slice(2));
