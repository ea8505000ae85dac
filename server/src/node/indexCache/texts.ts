// Texts of indexed sources, read from their files when first needed.
import type { SourceHead } from '../../core/corpus/source';
import { hashedContent, readSourceFile } from '../corpusFiles';
import { registeredFormats } from '../formats/options';
import type { CachedSource } from './format';
import { contentHash } from './stamps';

/**
 * Texts of sources taken from the cache are not kept in it: each is read from its file when first
 * needed (most never are), and only if it is exactly the text that was indexed (same content
 * hash). A file changed since (the index is then about to be rebuilt: the language server watches
 * the files) gives an empty text rather than one the index's offsets do not fit. The texts read
 * last are kept, to a bound.
 */
const TEXT_CACHE_CHARS = 8 << 20;
const textCache = new Map<string, string>();
let textCacheChars = 0;

function cachedText(c: Pick<CachedSource, 'file' | 'hash' | 'chars'>): string {
  const key = `${c.hash}\u0000${c.file}`;
  const known = textCache.get(key);
  if (known !== undefined) {
    textCache.delete(key);
    textCache.set(key, known);
    return known;
  }
  const r = readSourceFile(c.file, registeredFormats(c.file));
  const text = 'input' in r && r.input.text.length === c.chars && contentHash(hashedContent(r.input)) === c.hash ? r.input.text : '';
  textCache.set(key, text);
  textCacheChars += text.length;
  while (textCacheChars > TEXT_CACHE_CHARS && textCache.size > 1) {
    const [oldest, t] = textCache.entries().next().value!;
    textCache.delete(oldest);
    textCacheChars -= t.length;
  }
  return text;
}

/** Makes a head's text the text of its file, read when first asked for (see cachedText). */
export function readTextLazily(head: SourceHead, c: Pick<CachedSource, 'file' | 'hash' | 'chars'>): void {
  Object.defineProperty(head, 'text', { enumerable: true, configurable: true, get: () => cachedText(c) });
}

/** A cached source's head, its text read from its file when first asked for. */
export function lazyHead(c: CachedSource): SourceHead {
  // As readTextLazily makes it (an accessor of an object literal is enumerable and configurable too).
  return {
    id: c.file,
    meta: c.meta,
    bodyStart: c.bodyStart,
    get text() {
      return cachedText(c);
    },
  };
}
