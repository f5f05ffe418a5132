/**
 * Parsing of an HTTP/1.x request head (request line + header block) read off a raw socket.
 * Node's own HTTP server refuses the BITS_POST method, so the reference server parses requests
 * itself; this module is pure (bytes in, structure out) so every rule is testable on its own.
 */

/** A whole head larger than this is refused before it is parsed (400, then the connection closes). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** MC-BUP NOTE 2: the Windows server answers a header value over 4 KB with 400 / 0x80070057. */
export const MAX_HEADER_VALUE_BYTES = 4096;

export interface RequestHead {
  method: string;
  /** The request target exactly as sent (origin-form or absolute-form, query included). */
  target: string;
  version: '1.0' | '1.1';
  /** Header lines in arrival order, with the client's spelling of the names. */
  headers: Array<[string, string]>;
  /** Set when some header value exceeds MAX_HEADER_VALUE_BYTES (the request is still framed). */
  oversizedValue: boolean;
}

export type HeadParseResult = { ok: true; head: RequestHead } | { ok: false; reason: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\s]+) HTTP\/(1\.[01])$/;
// Values may hold visible ASCII, obs-text and inner spaces/tabs; other control bytes are smuggling bait.
const BAD_VALUE_BYTE = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Parses the bytes before the blank line (without the final CRLFCRLF). Bytes are read as latin1. */
export function parseRequestHead(bytes: Buffer): HeadParseResult {
  const lines = bytes.toString('latin1').split('\r\n');
  const requestLine = lines[0] ?? '';
  const match = REQUEST_LINE.exec(requestLine);
  if (!match)
    return { ok: false, reason: `malformed request line: ${JSON.stringify(requestLine.slice(0, 200))}` };
  const headers: Array<[string, string]> = [];
  let oversizedValue = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith(' ') || line.startsWith('\t')) return { ok: false, reason: 'obsolete line folding' };
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, reason: `malformed header line ${i}` };
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return { ok: false, reason: `malformed header name ${JSON.stringify(name)}` };
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (BAD_VALUE_BYTE.test(value)) return { ok: false, reason: `control character in header ${name}` };
    if (value.length > MAX_HEADER_VALUE_BYTES) oversizedValue = true;
    headers.push([name, value]);
  }
  return {
    ok: true,
    head: {
      method: match[1]!,
      target: match[2]!,
      version: match[3] as '1.0' | '1.1',
      headers,
      oversizedValue,
    },
  };
}

/** Case-insensitive view over a header list. */
export class HeaderMap {
  private readonly byName = new Map<string, string[]>();

  constructor(headers: ReadonlyArray<readonly [string, string]>) {
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      const list = this.byName.get(key);
      if (list) list.push(value);
      else this.byName.set(key, [value]);
    }
  }

  /** The first value of that header. */
  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.[0];
  }

  getAll(name: string): string[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }
}

/** Strict non-negative decimal that stays exact as a JS number; undefined for anything else. */
export function parseDecimal(text: string): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export type BodyFraming = { ok: true; length: number; declared: boolean } | { ok: false; reason: string };

/**
 * How long the body is. Chunked (any Transfer-Encoding) is refused: BITS never uses it and we would
 * have to buffer to verify fragment sizes. Several Content-Length values must agree (RFC 9112 §6.3).
 */
export function bodyFraming(headers: HeaderMap): BodyFraming {
  if (headers.has('transfer-encoding')) return { ok: false, reason: 'Transfer-Encoding is not supported' };
  const values = headers.getAll('content-length').flatMap((v) => v.split(',').map((part) => part.trim()));
  if (values.length === 0) return { ok: true, length: 0, declared: false };
  const lengths = new Set(values.map(parseDecimal));
  if (lengths.size !== 1 || lengths.has(undefined)) return { ok: false, reason: 'invalid Content-Length' };
  return { ok: true, length: [...lengths][0]!, declared: true };
}

/** HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 only with an explicit keep-alive. */
export function wantsKeepAlive(head: RequestHead, headers: HeaderMap): boolean {
  const tokens = headers
    .getAll('connection')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim().toLowerCase());
  if (tokens.includes('close')) return false;
  if (head.version === '1.0') return tokens.includes('keep-alive');
  return true;
}
