// The language server's entry as editors start it (client/src/extension.ts): the server bundle
// (dist/server.js) loaded through the code cache (launch/codeCache.ts). The editor's arguments
// (--stdio, --node-ipc) stay where the server reads them.
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { codeCacheDir, loadBundle } from './codeCache';

// As the CLI's launcher (bin/corroborate.js): V8 compiles a regular expression to machine code on
// its second use, and chrono-node's are large; compiling them all was ~150 ms of the first check
// of an open draft. Interpreted until a thousandth use, each is compiled later, alone, once it is
// used often (ARCHITECTURE.md, What a warm check costs).
v8.setFlagsFromString('--regexp-tier-up-ticks=1000');
loadBundle(path.join(__dirname, 'server.js'), codeCacheDir([], process.env, os.homedir()));
