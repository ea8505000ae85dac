// The listing worker when running from the TypeScript sources (tests): registers the tsx loader,
// then runs listWorker.ts. The bundles use dist/listWorker.js instead.
require('tsx/cjs');
require('./listWorker.ts');
