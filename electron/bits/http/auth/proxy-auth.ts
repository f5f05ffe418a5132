import { describeProxy, type ProxyEndpoint } from '../proxy-config.js';
import { basicAuthorization } from './basic.js';
import { type Challenge, challengeValues, offeredSchemes, parseChallenges } from './challenge.js';
import { type AuthIdentity, parseIdentity } from './credentials.js';
import { DigestSession } from './digest.js';
import { type ConnectionHandshake, ntlmHandshake } from './handshake.js';
import { isUnavailable, kerberosHandshake } from './kerberos.js';
import { chooseScheme, type SchemeName } from './negotiator.js';

/**
 * The scheme each proxy asked for, per proxy (scheme://host:port) for the life of the process:
 * credentials go out before a 407 only in a scheme that proxy already asked for.
 */
const learned = new Map<string, SchemeName>();

/**
 * Proxy-Authorization for one proxy (407 + Proxy-Authenticate). Nothing is sent before the proxy
 * has said which scheme it wants: Basic pre-emptively to a proxy that may want Digest or NTLM
 * would hand it the password in the clear. Once a proxy asked for Basic (remembered for the
 * process), Basic goes out pre-emptively; Digest stays pre-emptive after its first nonce (nc
 * counting); NTLM and Negotiate are handshakes, once per connection to the proxy (the CONNECT
 * tunnel's, or the keep-alive connection that carries absolute-form requests).
 */
export class ProxyAuth {
  private readonly identity: AuthIdentity;
  private scheme?: SchemeName;
  private digest?: DigestSession;

  constructor(
    credentials: { user: string; password: string },
    /** The proxy's scheme, host and port: what the learned scheme is remembered under. */
    private readonly key: string,
  ) {
    this.identity = parseIdentity(credentials);
    this.scheme = learned.get(key);
  }

  /** The scheme the proxy asked for, or undefined while it has not asked yet. */
  get schemeName(): SchemeName | undefined {
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
  challenged(raw: ReadonlyArray<readonly [string, string]>, sentScheme: SchemeName | undefined): boolean {
    const offered = parseChallenges(challengeValues(raw, true));
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
    learned.set(this.key, scheme);
    if (scheme === 'Digest') this.digest = new DigestSession(this.identity, challenge);
  }

  /** A handshake for a connection-bound scheme (Kerberos for HTTP@proxy, else NTLM). */
  async handshake(proxyHost: string): Promise<ConnectionHandshake> {
    if (this.scheme === 'Negotiate') {
      const kerberos = await kerberosHandshake(proxyHost);
      if (!isUnavailable(kerberos)) return kerberos;
    }
    return ntlmHandshake(this.identity, this.scheme === 'Negotiate' ? 'Negotiate' : 'NTLM');
  }
}

/** The schemes a 407 offers when none is one we can answer, for the message; else undefined. */
export function unanswerableProxySchemes(raw: ReadonlyArray<readonly [string, string]>): string | undefined {
  const offered = parseChallenges(challengeValues(raw, true));
  const names = offeredSchemes(offered);
  if (names.length === 0) return undefined;
  return chooseScheme(offered, { kerberos: true }) ? undefined : names.join(', ');
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
export function proxyAuthFor(proxy: ProxyEndpoint): ProxyAuth | undefined {
  if (!proxy.credentials) return undefined;
  let state = states.get(proxy);
  if (!state) {
    state = new ProxyAuth(proxy.credentials, describeProxy(proxy));
    states.set(proxy, state);
  }
  return state;
}
