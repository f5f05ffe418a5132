/**
 * Strict parsers for the download headers the reply fetch depends on (§11). Anything a server sends
 * that is not exactly well-formed comes back as `undefined` or `'invalid'`, never a guess, because a
 * wrong offset would silently corrupt the reply file.
 */

/** Decimal byte counts up to 2^53-1; longer digit strings are rejected before Number() rounds them. */
function parseByteCount(text: string): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Content-Length: undefined when absent, 'invalid' when present but not one plain number. */
export function parseContentLength(value: string | undefined): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  return parseByteCount(value.trim()) ?? 'invalid';
}

export interface ContentRange {
  first: number;
  last: number;
  /** undefined for `bytes a-b/*` (the server does not know or tell the size). */
  total: number | undefined;
}

/**
 * `Content-Range: bytes a-b/total` (RFC 9110 §14.4). Returns undefined for anything else, including
 * the unsatisfied form `bytes *\/total`, multiple ranges, last < first and last >= total.
 */
export function parseContentRange(value: string | undefined): ContentRange | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes[ \t]+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim());
  if (!match) return undefined;
  const first = parseByteCount(match[1]!);
  const last = parseByteCount(match[2]!);
  const total = match[3] === '*' ? undefined : parseByteCount(match[3]!);
  if (first === undefined || last === undefined || last < first) return undefined;
  if (match[3] !== '*' && (total === undefined || last >= total)) return undefined;
  return { first, last, total };
}

/** A strong entity tag, or undefined (weak tags cannot be used with If-Range, RFC 9110 §13.1.5). */
export function strongEtag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  return /^"[\x21\x23-\x7e\x80-\xff]*"$/.test(text) ? text : undefined;
}

/** The version identity of the reply as far as the server tells it (§11.2, §11.3). */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** Last-Modified values compare as instants when both parse, so a reformatting proxy is not a change. */
function sameInstant(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a.trim() === b.trim();
  return ta === tb;
}

/**
 * Whether `seen` proves the content differs from `known`. A validator the response lacks proves
 * nothing (servers often omit ETag on some answers), so only a present, different value counts.
 */
export function validatorsDiffer(known: Validators, seen: Validators): boolean {
  if (known.etag !== undefined && seen.etag !== undefined && known.etag !== seen.etag) return true;
  if (known.lastModified !== undefined && seen.lastModified !== undefined) {
    return !sameInstant(known.lastModified, seen.lastModified);
  }
  return false;
}

export function validatorsOf(headers: { get(name: string): string | undefined }): Validators {
  const result: Validators = {};
  const etag = strongEtag(headers.get('ETag'));
  if (etag !== undefined) result.etag = etag;
  const lastModified = headers.get('Last-Modified')?.trim();
  if (lastModified) result.lastModified = lastModified;
  return result;
}

/** Fills in validators we did not know yet (MC-BUP adopts the first timestamp it sees). */
export function adoptValidators(known: Validators, seen: Validators): Validators {
  return { etag: known.etag ?? seen.etag, lastModified: known.lastModified ?? seen.lastModified };
}

/** The If-Range value: the strong ETag when there is one, else the date. */
export function ifRangeValue(known: Validators): string | undefined {
  return known.etag ?? known.lastModified;
}
