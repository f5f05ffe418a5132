/**
 * Removes secrets from text a user copies out of the app (Copy diagnostics): credentials in URLs,
 * Authorization / Cookie / proxy headers, the job's own custom headers, secret-looking query
 * parameters and key=value pairs. The job's header values and passwords never leave the main
 * process, but a server or proxy may echo them back in an error page or a header, and a proxy URL
 * may carry its password. Pure: the CLI can reuse it.
 */

export const REDACTED = '[redacted]';

/** Header names whose values are always secret. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
]);

/** A name that looks like it carries a secret (header, query parameter or key in a key=value pair). */
const SECRET_NAME = /auth|token|secret|passw|pwd|api[-_]?key|session|cookie|signature|^sig$|credential/i;

/** True when a header of this name must not be shown: always-secret names, secret-looking ones, and the job's own. */
export function isSecretHeader(name: string, customNames: readonly string[] = []): boolean {
  const lower = name.trim().toLowerCase();
  // Challenges name a scheme, not a secret (a token in one is still redacted as text).
  if (lower === 'www-authenticate' || lower === 'proxy-authenticate') return false;
  return (
    SECRET_HEADERS.has(lower) ||
    SECRET_NAME.test(lower) ||
    customNames.some((custom) => custom.trim().toLowerCase() === lower)
  );
}

const HEADER_LINE = /^(\s*)([!#$%&'*+.^_`|~0-9A-Za-z-]+)(\s*:)(.*)$/;
/**
 * scheme://user:password@ — a password may hold "@" or "/" (unencoded, hostile): with a colon,
 * everything up to the token's last @ goes; a user name alone stops at the authority's end.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/?#@:]*:[^\s]*|[^\s/?#@]*)@/gi;
/** A credential after an auth scheme: "Bearer abc.def", "Basic dXNlcjpw" (a token, not a word or realm="x"). */
const AUTH_TOKEN =
  /\b(Basic|Bearer|NTLM|Negotiate|Kerberos|Token)(\s+)(?=[A-Za-z0-9+/=._~-]*[0-9+/=._~-])[A-Za-z0-9+/=._~-]+(?![A-Za-z0-9+/=._~"-])/gi;
const DIGEST = /\b(Digest)(\s+)[^\r\n]*(username|response|nonce)=[^\r\n]*/gi;
const QUERY_PARAM = /([?&;])([^=&#\s]+)=([^&#\s]*)/g;
const KEY_VALUE = /(["']?)([A-Za-z][\w.-]*)\1(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"'}]+)/g;

/** One line without secrets (see the module comment); `customNames` are the job's header names. */
function redactLine(line: string, customNames: readonly string[]): string {
  const header = HEADER_LINE.exec(line);
  if (header && isSecretHeader(header[2]!, customNames)) {
    return `${header[1]}${header[2]}${header[3]} ${REDACTED}`;
  }
  return line
    .replace(URL_USERINFO, (_match, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(DIGEST, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(AUTH_TOKEN, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(QUERY_PARAM, (match, sep: string, name: string) =>
      SECRET_NAME.test(name) || isSecretHeader(name, customNames) ? `${sep}${name}=${REDACTED}` : match,
    )
    .replace(KEY_VALUE, (match, quote: string, name: string, eq: string, value: string) => {
      if (!SECRET_NAME.test(name) || value.startsWith(REDACTED)) return match;
      if (/^(Basic|Bearer|NTLM|Negotiate|Digest|Kerberos|Token)$/i.test(value)) return match;
      return `${quote}${name}${quote}${eq}${REDACTED}`;
    });
}

/**
 * `text` without secrets. Line breaks of any kind (CR, LF, CRLF) end a line first, so a header
 * smuggled into a value after a CR is found like any other line; lines come back joined by LF.
 */
export function redactText(text: string, customNames: readonly string[] = []): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => redactLine(line, customNames))
    .join('\n');
}

/** Header pairs with secret values replaced (and the rest of each value redacted as text). */
export function redactHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  customNames: readonly string[] = [],
): Array<[string, string]> {
  return headers.map(([name, value]) => [
    name,
    isSecretHeader(name, customNames) ? REDACTED : redactText(value, customNames),
  ]);
}
