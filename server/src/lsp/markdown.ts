// Escaping of untrusted text (sources and drafts) for hover Markdown. The Markdown we return is
// never marked trusted, holds no command links, and HTML in it is escaped too.

/**
 * Escapes Markdown and HTML syntax so the text renders literally. `:`, `@` and `/` are escaped too:
 * renderers turn bare URLs, `www.` names and e-mail addresses in text into links (GFM autolinks,
 * linkify), and an escape splits the text so that none is recognised. The only links in a hover
 * are the `file:` links to sources that hover.ts writes itself.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~:@/]/g, (c) => '\\' + c)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}
