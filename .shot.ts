import { chromium } from 'playwright-core';
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const p = await b.newPage({ viewport: { width: 1300, height: 900 } });
  p.on('console', (m) => console.log('console:', m.text()));
  await p.goto('file://' + process.argv[2]);
  await p.screenshot({ path: process.argv[3], fullPage: false });
  await b.close();
})();
