import { basicAuthorization } from './basic.js';
import { type Challenge, challengeValues, offeredSchemes, parseChallenges } from './challenge.js';
import { type AuthIdentity, parseIdentity } from './credentials.js';
import { DigestSession } from './digest.js';
import { type ConnectionHandshake, ntlmHandshake } from './handshake.js';
import { kerberosHandshake } from './kerberos.js';
import { chooseScheme, type SchemeName } from './negotiator.js';

/**
 * Proxy-Authorization for one proxy (407 + Proxy-Authenticate). Basic goes out preemptively, as
 * it always has for a proxy given with credentials; a proxy that answers 407 asking for Digest,
 * NTLM or Negotiate is answered in that scheme. Digest then stays preemptive (nc counting); NTLM
 * and Negotiate are handshakes on one connection (the CONNECT tunnel's).
 */
export class ProxyAuth {
  private readonly identity: AuthIdentity;
  private scheme: SchemeName = 'Basic';
  private digest?: DigestSession;

  constructor(credentials: { user: string; password: string }) {
    this.identity = parseIdentity(credentials);
  }

  get schemeName(): SchemeName {
    return this.scheme;
  }

  get connectionBound(): boolean {
    return this.scheme === 'NTLM' || this.scheme === 'Negotiate';
  }

  /** The header for a request (absolute form: the URL; CONNECT: host:port), when one goes preemptively. */
  preemptive(method: string, uri: string): string | undefined {
    if (this.scheme === 'Basic') return basicAuthorization(this.identity);
    if (this.scheme === 'Digest') return this.digest?.authorization(method, uri);
    return undefined;
  }

  /**
   * Learns from a 407. True when answering it is worth one more request: another scheme than the
   * one just refused, or Digest's nonce went stale.
   */
  challenged(
    raw: ReadonlyArray<readonly [string, string]>,
    sentScheme: SchemeName | undefined,
    tunnel = true,
  ): boolean {
    const offered = usableOffers(raw, tunnel);
    const stale = offered.find(
      (c) => c.scheme.toLowerCase() === 'digest' && c.params.get('stale') === 'true',
    );
    if (stale && this.scheme === 'Digest' && this.digest) {
      this.digest.renew(stale);
      return true;
    }
    const choice = chooseScheme(offered, { kerberos: true });
    if (!choice || choice.scheme === sentScheme) return false;
    this.take(choice.scheme, choice.challenge);
    return true;
  }

  private take(scheme: SchemeName, challenge: Challenge): void {
    this.scheme = scheme;
    if (scheme === 'Digest') this.digest = new DigestSession(this.identity, challenge);
  }

  /** A handshake for a connection-bound scheme (Kerberos for HTTP@proxy, else NTLM). */
  async handshake(proxyHost: string): Promise<ConnectionHandshake> {
    if (this.scheme === 'Negotiate') {
      const kerberos = await kerberosHandshake(proxyHost);
      if (kerberos) return kerberos;
    }
    return ntlmHandshake(this.identity, this.scheme === 'Negotiate' ? 'Negotiate' : 'NTLM');
  }
}

/** Absolute-form requests each dial the proxy anew: only per-request schemes fit them. */
function usableOffers(raw: ReadonlyArray<readonly [string, string]>, tunnel: boolean): Challenge[] {
  const offered = parseChallenges(challengeValues(raw, true));
  return tunnel ? offered : offered.filter((c) => /^(basic|digest)$/i.test(c.scheme));
}

/** The schemes a 407 offers when none is one we can answer on this path, for the message; else undefined. */
export function unanswerableProxySchemes(
  raw: ReadonlyArray<readonly [string, string]>,
  tunnel: boolean,
): string | undefined {
  const offered = offeredSchemes(parseChallenges(challengeValues(raw, true)));
  if (offered.length === 0) return undefined;
  return chooseScheme(usableOffers(raw, tunnel), { kerberos: true }) ? undefined : offered.join(', ');
}

/** The proxy's next handshake token under this header word, if it sent one. */
export function proxyLegToken(
  raw: ReadonlyArray<readonly [string, string]>,
  word: string,
): string | undefined {
  return parseChallenges(challengeValues(raw, true)).find(
    (c) => c.scheme.toLowerCase() === word.toLowerCase() && c.token68,
  )?.token68;
}

const states = new WeakMap<object, ProxyAuth>();

/** The auth state of a proxy with credentials (one per configured proxy), or undefined. */
export function proxyAuthFor(proxy: {
  readonly credentials?: { user: string; password: string };
}): ProxyAuth | undefined {
  if (!proxy.credentials) return undefined;
  let state = states.get(proxy);
  if (!state) {
    state = new ProxyAuth(proxy.credentials);
    states.set(proxy, state);
  }
  return state;
}
