/**
 * Who may see the job's secrets. Credentials and custom headers are sent only to the destination's
 * origin and to the BITS-Host-Id node learned from Create-Session (§9.3, §10.6, §10.8); a reply URL
 * or redirect pointing anywhere else gets a bare request, so a hostile server cannot harvest them.
 */

import { type AuthTransport, withAuthentication } from './http/auth/auth-transport.js';
import type { HttpTransport } from './http/transport.js';

export interface JobAuth {
  headers: Array<[string, string]>;
  credentials?: { user: string; password: string };
}

/** RFC 9110 token: the only characters a header name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Field value: visible ASCII, space, tab and obs-text; nothing that could end the header line. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers the client writes itself. Letting a user set them would corrupt framing (Content-Length,
 * Transfer-Encoding), break ranges and validators, or spoof protocol packets (BITS-*).
 */
const RESERVED_NAMES = new Set([
  'host',
  'content-length',
  'content-range',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'range',
  'if-range',
  'accept-encoding',
]);

/** Why a header is unacceptable, or undefined when it is fine. */
function headerProblem(name: string, value: string): string | undefined {
  if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value)) {
    return 'it contains a line break or NUL character, which could inject extra headers';
  }
  if (name.length === 0) return 'the header name is empty';
  if (!TOKEN.test(name))
    return `"${name}" is not a valid header name (letters, digits and -!#$%&'*+.^_\`|~ only)`;
  const lower = name.toLowerCase();
  if (RESERVED_NAMES.has(lower) || lower.startsWith('bits-')) {
    return `${name} is set by the uploader itself and cannot be overridden`;
  }
  if (!FIELD_VALUE.test(value)) return 'the value contains control or non-Latin-1 characters';
  return undefined;
}

/** Parses one custom header line "Name: value" as given by the user (§10.8). */
export function parseHeaderLine(line: string): [string, string] {
  const shown = JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
  // Checked before splitting: a CR/LF anywhere means someone is trying to smuggle a second header.
  if (/[\r\n\0]/.test(line)) {
    throw new Error(`Custom header ${shown} is not allowed: it contains a line break or NUL character.`);
  }
  const colon = line.indexOf(':');
  if (colon < 0) throw new Error(`Custom header ${shown} must look like "Name: value".`);
  const name = line.slice(0, colon);
  const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
  const problem = headerProblem(name, value);
  if (problem) throw new Error(`Custom header ${shown} is not allowed: ${problem}.`);
  return [name, value];
}

/** Scheme + host + port with URL normalisation (case, default ports, IDN); undefined for non-http(s). */
function originKey(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.origin;
}

export class OriginPolicy {
  private readonly trusted = new Set<string>();
  private readonly headers: Array<[string, string]>;
  private readonly credentials?: { user: string; password: string };
  private readonly notes: string[] = [];

  constructor(destination: URL, auth: JobAuth) {
    const key = originKey(destination);
    if (!key)
      throw new Error(`The destination must be an http:// or https:// URL, not ${destination.protocol}`);
    this.trusted.add(key);

    // Re-validated here because stored jobs and the API can hand us headers that never went
    // through parseHeaderLine.
    this.headers = auth.headers.map(([name, value]) => {
      const problem = headerProblem(name, value);
      if (problem) throw new Error(`Custom header "${name}" is not allowed: ${problem}.`);
      return [name, value] as [string, string];
    });

    if (auth.credentials) {
      const { user, password } = auth.credentials;
      // RFC 7617: a colon in the user name would shift the user/password split on the server.
      if (user.includes(':')) throw new Error('The user name for Basic authentication cannot contain ":".');
      this.credentials = { user, password };
      if (this.headers.some(([name]) => name.toLowerCase() === 'authorization')) {
        this.headers = this.headers.filter(([name]) => name.toLowerCase() !== 'authorization');
        this.notes.push(
          'A custom Authorization header was dropped because a user name and password were also given.',
        );
      }
    }
  }

  /** Trusts the BITS-Host-Id node (or another origin the job owner vouched for). */
  allowOrigin(url: URL): void {
    const key = originKey(url);
    if (!key) throw new Error(`Only http:// and https:// origins can be trusted, not ${url.protocol}`);
    this.trusted.add(key);
  }

  isTrusted(url: URL): boolean {
    const key = originKey(url);
    return key !== undefined && this.trusted.has(key);
  }

  /** The secrets to attach to a request to `url`: everything for a trusted origin, nothing otherwise. */
  headersFor(url: URL): Array<[string, string]> {
    if (!this.isTrusted(url)) return [];
    return this.headers.map(([name, value]) => [name, value] as [string, string]);
  }

  /**
   * The job's transport with its credentials: answered challenges (auth-transport.ts) for the
   * trusted origins only. Credentials are offered only when a server asks, in the strongest
   * scheme it offers (BITS does the same, §10.6), so a Digest or NTLM server never sees Basic.
   */
  authenticated(transport: HttpTransport, options: { kerberos?: boolean } = {}): AuthTransport {
    return withAuthentication(transport, {
      credentials: this.credentials,
      trusted: (url) => this.isTrusted(url),
      ...options,
    });
  }

  /** Plain-language warnings for the user; recomputed so a later allowOrigin is covered. */
  warnings(): string[] {
    const result = [...this.notes];
    if (this.credentials) {
      for (const origin of this.trusted) {
        if (origin.startsWith('http:')) {
          result.push(
            `Your user name and password will be sent unencrypted to ${origin} (plain http://) if it asks for Basic authentication. Anyone on the network path can read them; use an https:// URL if the server offers one.`,
          );
        }
      }
    }
    return result;
  }
}
