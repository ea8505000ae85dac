// The language server's entry as editors start it (client/src/extension.ts): the server bundle
// (dist/server.js) loaded through the code cache (launch/codeCache.ts). The editor's arguments
// (--stdio, --node-ipc) stay where the server reads them.
import * as os from 'os';
import * as path from 'path';
import { codeCacheDir, loadBundle } from './codeCache';

loadBundle(path.join(__dirname, 'server.js'), codeCacheDir([], process.env, os.homedir()));
