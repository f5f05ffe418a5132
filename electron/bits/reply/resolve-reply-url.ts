import { protocolError } from '../errors.js';

/** MC-BUP: a server must not send a reply URL longer than this (§8.4). */
export const MAX_REPLY_URL_LENGTH = 2200;

/** Characters RFC 3986 allows literally in a path segment (pchar) besides '/' and valid %XX escapes. */
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
/** A query may additionally contain '?'. */
const QUERY_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** RFC 3986 appendix B, minus the fragment (cut off before this is applied). */
const SPLIT = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?]*))?([^?]*)(?:\?(.*))?$/s;

/**
 * Percent-encodes every character that may not appear literally, leaving valid %XX escapes alone so
 * a URL the server already encoded is not encoded twice.
 */
function encodePart(text: string, safe: RegExp): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out += ch;
    } else if (safe.test(ch)) {
      out += ch;
    } else {
      const code = ch.charCodeAt(0);
      // Keep surrogate pairs together; a lone surrogate makes encodeURIComponent throw (caught above).
      const unit = code >= 0xd800 && code <= 0xdbff ? text.slice(i, i + 2) : ch;
      if (unit.length === 2) i++;
      out += encodeURIComponent(unit);
    }
  }
  return out;
}

/**
 * Turns a `BITS-Reply-URL` header into the URL to download (§8.4 [REC]). IIS sends a path relative
 * to the upload URL with back-slashes and braces; a static reply may be any absolute http(s) URL.
 * Anything else (other schemes, user info, control characters) is refused rather than repaired,
 * because the value comes from a server that may be hostile.
 */
export function resolveReplyUrl(raw: string, destination: URL): URL {
  const shownRaw = raw.length > MAX_REPLY_URL_LENGTH + 100 ? `${raw.slice(0, MAX_REPLY_URL_LENGTH)}…` : raw;
  const fail = (why: string): never => {
    throw protocolError(`The server's reply URL is not usable: ${why}.`, 'reply', {
      headers: [['BITS-Reply-URL', shownRaw]],
      detail: `resolving against ${destination.href}`,
    });
  };

  const trimmed = raw.trim();
  if (trimmed.length === 0) fail('it is empty');
  if (trimmed.length > MAX_REPLY_URL_LENGTH) {
    fail(`it is ${trimmed.length} characters long, over the ${MAX_REPLY_URL_LENGTH}-character limit`);
  }
  // The WHATWG parser silently drops tabs and newlines; a value containing them was not meant for us.
  if (/[\x00-\x1f\x7f]/.test(trimmed)) fail('it contains control characters (such as line breaks or NUL)');

  // IIS derives the URL from a Windows path (§8.4); the fragment never reaches the server anyway.
  let ref = trimmed.replace(/\\/g, '/');
  const hash = ref.indexOf('#');
  if (hash >= 0) ref = ref.slice(0, hash);

  const scheme = SCHEME.exec(ref)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    fail(`the "${scheme}:" scheme is not allowed; only http and https replies can be downloaded`);
  }
  const parts = SPLIT.exec(ref);
  if (!parts) return fail('it is not a valid URL reference');
  const [, , authority, path = '', query] = parts;
  if (scheme !== undefined && authority === undefined) fail('an absolute URL must name a host after "//"');
  if (authority !== undefined) {
    if (authority.length === 0) fail('it names no host');
    if (authority.includes('@'))
      fail('it contains a user name or password, which is never accepted from a server');
  }

  let encoded: string;
  try {
    const head = `${scheme !== undefined ? `${scheme}:` : ''}${authority !== undefined ? `//${authority}` : ''}`;
    encoded =
      head + encodePart(path, PATH_SAFE) + (query !== undefined ? `?${encodePart(query, QUERY_SAFE)}` : '');
  } catch {
    return fail('it contains malformed Unicode');
  }

  let url: URL;
  try {
    url = new URL(encoded, destination);
  } catch {
    return fail('it is not a valid URL');
  }
  // Re-checked on the result: the base could in principle contribute what the reference lacked.
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail('it does not resolve to an http or https URL');
  if (url.username !== '' || url.password !== '') fail('it resolves to a URL with a user name or password');
  if (url.hostname === '') fail('it names no host');
  url.hash = '';
  return url;
}
