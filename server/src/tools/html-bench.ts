// Measures HTML extraction: Readability over linkedom (what Corroborate uses) against Readability
// over jsdom, on news pages generated from a folder of article texts (navigation, asides, related
// links, scripts and a footer around each article; quotes written as entities).
//   npm install --no-save jsdom@26.1.0   # only for the comparison (jsdom is no dependency)
//   npx tsx server/src/tools/html-bench.ts ../shared/bench/news 300
// Prints milliseconds per page for each DOM, and how often the extracted text holds every
// paragraph of the article and none of the page's boilerplate.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { Readability } from '@mozilla/readability';
import { blockText, pageMeta, parsePage, type DomDocument, type DomNode } from '../node/formats/html';

const [dir, countArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: html-bench.ts DIR [COUNT]\n');
  process.exit(2);
}
const count = Number(countArg ?? 300);

function files(d: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const f = path.join(d, e.name);
    if (e.isDirectory()) for (const x of files(f)) out.push(x);
    else if (/\.(txt|md)$/.test(e.name)) out.push(f);
  }
  return out.sort();
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;').replace(/’/g, '&#8217;');
const BOILER = ['Subscribe to our newsletter', 'Most read stories', 'Cookie settings', 'Share on social media', 'All rights reserved'];

function page(text: string, k: number): { html: string; paragraphs: string[] } {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p);
  const [title, ...body] = paragraphs;
  // Real pages carry far more markup than text: a large menu, an inline script, many related links.
  const menu = Array.from({ length: 300 }, (_, i) => `<li class="menu-item menu-item-${i}"><a class="nav-link" href="/section/${i}">Section ${i}</a></li>`).join('');
  const script = `<script>var config = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ slot: `ad-${i}`, sizes: [[300, 250], [728, 90]] })))};</script>`;
  const related = Array.from({ length: 40 }, (_, i) => `<li><a href="/story/${k}-${i}">${BOILER[1]} ${i}</a></li>`).join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)} | The Daily</title>
<meta property="og:title" content="${esc(title)}"><meta property="og:site_name" content="The Daily">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, datePublished: '2016-07-26T10:00:00Z', author: { '@type': 'Person', name: 'A. Reporter' }, publisher: { '@type': 'Organization', name: 'The Daily' } })}</script>
<script>window.dataLayer = [{page: ${k}}];</script><style>body{font:16px serif}</style>
${script}</head>
<body><header><nav><ul>${menu}</ul></nav><p>${BOILER[0]}</p></header>
<main><article><h1>${esc(title)}</h1><p class="byline">By A. Reporter</p>
${body.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article><aside><h2>${BOILER[1]}</h2><ul>${related}</ul></aside></main>
<div class="share"><a href="#">${BOILER[3]}</a></div><footer><p>${BOILER[2]}</p><p>© The Daily. ${BOILER[4]}.</p></footer></body></html>`;
  return { html, paragraphs: body };
}

function measure(name: string, parse: (html: string) => DomDocument, pages: { html: string; paragraphs: string[] }[]): void {
  let complete = 0;
  let clean = 0;
  const t0 = process.hrtime.bigint();
  for (const p of pages) {
    const doc = parse(p.html);
    pageMeta(doc);
    const article = new Readability(doc, { serializer: (n: unknown) => n }).parse();
    const text = article?.content ? blockText(article.content as DomNode) : '';
    const norm = text.replace(/\s+/g, ' ');
    if (p.paragraphs.every((q) => norm.includes(q))) complete++;
    if (!BOILER.some((b) => norm.includes(b))) clean++;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(`${name}: ${(ms / pages.length).toFixed(2)} ms/page (${pages.length} pages, ${ms.toFixed(0)} ms); every paragraph kept: ${complete}; no boilerplate: ${clean}\n`);
}

async function main(): Promise<void> {
  const all = files(dir);
  const step = Math.max(1, Math.floor(all.length / count));
  const pages = all.filter((_, i) => i % step === 0).slice(0, count).map((f, k) => page(fs.readFileSync(f, 'utf8'), k));
  const bytes = pages.reduce((n, p) => n + p.html.length, 0);
  process.stdout.write(`${pages.length} pages, ${(bytes / pages.length / 1024).toFixed(1)} KiB each on average\n`);
  const linkedom = (html: string) => parsePage(html);
  let jsdom: ((html: string) => DomDocument) | undefined;
  try {
    const { JSDOM } = createRequire(__filename)('jsdom') as { JSDOM: new (html: string) => { window: { document: DomDocument } } };
    jsdom = (html: string) => new JSDOM(html).window.document;
  } catch {
    process.stdout.write('jsdom is not installed (npm install --no-save jsdom@26.1.0): linkedom only\n');
  }
  // Warm up, then measure each twice in alternation.
  measure('warm-up linkedom', linkedom, pages.slice(0, 20));
  if (jsdom) measure('warm-up jsdom', jsdom, pages.slice(0, 20));
  for (let round = 0; round < 2; round++) {
    measure('linkedom + Readability', linkedom, pages);
    if (jsdom) measure('jsdom + Readability', jsdom, pages);
  }
}

void main();
