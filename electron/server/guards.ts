import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/contract/http-routes.js';

/**
 * The access rules of `serve`, as pure functions the HTTP and WebSocket adapters both use:
 * token, Host (DNS rebinding), Origin (other sites' pages), body size.
 */

/** Constant-time: both sides are hashed first, so neither length nor content leaks through timing. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined || token === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** The token a WebSocket client offers as the subprotocol `token.<token>` beside `bits-uploader`. */
export function subprotocolToken(protocols: Iterable<string>): string | undefined {
  const offered = [...protocols].map((p) => p.trim());
  if (!offered.includes(WS_PROTOCOL)) return undefined;
  return offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export interface HostRule {
  port: number;
  /** The address served on (--host). */
  bind: string;
  /** Extra host names the server answers to (beyond IP literals and localhost). */
  names?: readonly string[];
}

/**
 * DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches us
 * with `Host: evil.example`. We answer only Host values naming us on our port: a loopback bind
 * answers loopback names; a remote bind also answers IP literals (they cannot be rebound) and
 * its own --host name.
 */
export function hostAllowed(hostHeader: string | undefined, rule: HostRule): boolean {
  if (!hostHeader) return false;
  const parsed = splitHostPort(hostHeader);
  if (!parsed || parsed.port !== rule.port) return false;
  const host = parsed.host.toLowerCase();
  if (isLoopbackHost(host)) return true;
  if (isLoopbackHost(rule.bind)) return false;
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return true;
  return host === rule.bind.toLowerCase() || (rule.names ?? []).some((name) => name.toLowerCase() === host);
}

function splitHostPort(value: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  return { host: match[1]!, port: Number(match[2]) };
}

/**
 * A browser request from another site carries that site's Origin: only our own page's origin
 * (scheme and the Host it used) may call the API. No Origin at all is a script (curl), which
 * still needs the token.
 */
export function originAllowed(
  origin: string | undefined,
  hostHeader: string,
  scheme: 'http' | 'https',
): boolean {
  if (origin === undefined) return true;
  return origin.toLowerCase() === `${scheme}://${hostHeader.toLowerCase()}`;
}

/** A declared Content-Length over the limit is refused before a byte is read. */
export function declaredTooLarge(contentLength: string | undefined, limit: number): boolean {
  if (contentLength === undefined) return false;
  const length = Number(contentLength);
  return !Number.isSafeInteger(length) || length > limit;
}
