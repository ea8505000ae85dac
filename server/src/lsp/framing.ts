// A strict reading of the LSP base protocol's framing (headers, then Content-Length bytes), beside
// vscode-jsonrpc's own reader, which is lenient where leniency leaves the server deaf: it takes
// "Content-Length: 107\n\n{…}" (bare line feeds, the body read as part of the header) or
// "Content-Length: 99999999999999999999" and then waits forever for bytes that never come (issue 17;
// found by `npm run fuzz -- --lsp N`). This one only watches the bytes and says what is wrong; the
// server logs it and stops, as for any unreadable message.

/** Larger than any message an editor sends (a 5 MB draft is about 5 MiB of JSON). */
export const MAX_CONTENT_LENGTH = 512 * 1024 * 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:[ \t]*[^\r\n]*$/;

export class FrameChecker {
  private header: number[] = [];
  /** Body bytes still to skip (-1: reading a header). */
  private body = -1;
  private failed = false;

  constructor(private readonly onError: (message: string) => void) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.failed) {
      if (this.body > 0) {
        const n = Math.min(this.body, chunk.length - i);
        this.body -= n;
        i += n;
        if (this.body === 0) this.body = -1;
        continue;
      }
      const h = this.header;
      h.push(chunk[i++]);
      const n = h.length;
      if (n >= 4 && h[n - 4] === 13 && h[n - 3] === 10 && h[n - 2] === 13 && h[n - 1] === 10) this.endOfHeader();
      else if (n > MAX_HEADER_BYTES) this.fail(`a header of more than ${MAX_HEADER_BYTES} bytes`);
    }
  }

  private endOfHeader(): void {
    const text = Buffer.from(this.header.slice(0, -4)).toString('latin1');
    this.header = [];
    let length: number | undefined;
    for (const line of text.split('\r\n')) {
      if (!HEADER_LINE.test(line)) return this.fail(`a malformed header line ${JSON.stringify(line.slice(0, 80))}`);
      const colon = line.indexOf(':');
      if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d+$/.test(value)) return this.fail(`Content-Length ${JSON.stringify(value.slice(0, 40))} is not a number of bytes`);
      length = Number(value);
      if (length > MAX_CONTENT_LENGTH) return this.fail(`Content-Length ${value} is more than ${MAX_CONTENT_LENGTH} bytes`);
    }
    if (length === undefined) return this.fail('a header without Content-Length');
    this.body = length === 0 ? -1 : length;
  }

  private fail(message: string): void {
    this.failed = true;
    this.onError(message);
  }
}
