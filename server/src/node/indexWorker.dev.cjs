// The index worker when running from the TypeScript sources (tests): registers the tsx loader,
// then runs indexWorker.ts. The bundles use dist/indexWorker.js instead.
require('tsx/cjs');
require('./indexWorker.ts');
