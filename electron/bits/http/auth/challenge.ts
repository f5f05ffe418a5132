/**
 * WWW-Authenticate / Proxy-Authenticate (RFC 9110 §11.6.1): one header may carry several
 * challenges, each a scheme followed by a token68 or a comma-separated list of auth-params whose
 * values may be quoted strings containing commas. Several header lines add up.
 */
export interface Challenge {
  /** The scheme as the server spelled it. */
  scheme: string;
  /** Lower-case parameter names to values (quotes and escapes removed). */
  params: Map<string, string>;
  /** The bare token (NTLM and Negotiate carry their messages this way). */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/** Every challenge in the given header values, in order; malformed tails are dropped, not fatal. */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const result: Challenge[] = [];
  for (const value of values) result.push(...parseOne(value));
  return result;
}

function parseOne(text: string): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = text;
  let current: Challenge | undefined;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (!rest) break;
    if (current && !current.token68 && PARAM_START.test(rest)) {
      const name = TOKEN.exec(rest)![0];
      rest = rest.slice(name.length).replace(/^\s*=\s*/, '');
      const { value, remainder } = readValue(rest);
      current.params.set(name.toLowerCase(), value);
      rest = remainder;
      continue;
    }
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) break;
    current = { scheme, params: new Map() };
    challenges.push(current);
    rest = rest.slice(scheme.length).replace(/^[ \t]+/, '');
    const token = TOKEN68.exec(rest)?.[0];
    // A token68 stands alone (NTLM, Negotiate); "name=value" starts the parameter list instead.
    if (token && !PARAM_START.test(rest) && /^\s*(,|$)/.test(rest.slice(token.length))) {
      current.token68 = token;
      rest = rest.slice(token.length);
    }
  }
  return challenges;
}

/** "name=" followed by a value (quoted, or a token that is not more '=' padding). */
const PARAM_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*=\s*("|[^=\s,])/;

function readValue(text: string): { value: string; remainder: string } {
  if (text.startsWith('"')) {
    let value = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\' && i + 1 < text.length) {
        value += text[++i];
      } else if (c === '"') {
        return { value, remainder: text.slice(i + 1) };
      } else {
        value += c;
      }
    }
    return { value, remainder: '' };
  }
  const token = /^[^,\s]*/.exec(text)![0];
  return { value: token, remainder: text.slice(token.length) };
}

/** The challenge header lines of a response (401: WWW-Authenticate, 407: Proxy-Authenticate). */
export function challengeValues(raw: ReadonlyArray<readonly [string, string]>, proxy: boolean): string[] {
  const wanted = proxy ? 'proxy-authenticate' : 'www-authenticate';
  return raw.filter(([name]) => name.toLowerCase() === wanted).map(([, value]) => value);
}

/** The scheme names offered, de-duplicated, as the server spelled them (for messages). */
export function offeredSchemes(challenges: readonly Challenge[]): string[] {
  const seen = new Map<string, string>();
  for (const c of challenges)
    if (!seen.has(c.scheme.toLowerCase())) seen.set(c.scheme.toLowerCase(), c.scheme);
  return [...seen.values()];
}
