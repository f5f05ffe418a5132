import { type HttpRequest, type HttpResponse, type HttpTransport, TransportError } from '../transport.js';
import { basicAuthorization } from './basic.js';
import { type Challenge, challengeValues, parseChallenges } from './challenge.js';
import { type AuthIdentity, parseIdentity } from './credentials.js';
import { DigestSession } from './digest.js';
import { type ConnectionHandshake, ntlmHandshake } from './handshake.js';
import { isUnavailable, kerberosHandshake, loadKerberos } from './kerberos.js';
import { chooseScheme, type SchemeName } from './negotiator.js';

export interface AuthTransportOptions {
  credentials?: { user: string; password: string };
  /** Only these origins ever see the credentials (the destination and its farm node). */
  trusted(url: URL): boolean;
  /** Tests turn Kerberos off to pin the NTLM fallback; default: use it when it loads. */
  kerberos?: boolean;
}

/** What one origin (protection space) settled on. */
interface OriginAuth {
  scheme?: SchemeName;
  /** What the scheme runs on: Kerberos or NTLM for Negotiate. */
  mechanism?: string;
  basic?: string;
  digest?: DigestSession;
  /** Connections a connection-bound handshake completed on. */
  authenticated: Set<number>;
  /** Why Kerberos did not work here (no ticket, KDC unreachable, refused): later handshakes are NTLM. */
  kerberosFailed?: string;
}

/** How many fresh 401s one request may meet before we hand the last one to the caller. */
const MAX_CHALLENGES = 3;

const isChallenge = (response: HttpResponse) => response.status === 401;

/**
 * An HttpTransport that answers 401 challenges with the job's credentials, picking the strongest
 * scheme offered that we speak (Negotiate > NTLM > Digest > Basic), and keeps what it learned
 * per origin: Basic and Digest go out preemptively afterwards (Digest counting nc), NTLM and
 * Negotiate authenticate each connection once. A request with a body is never sent twice on a
 * guess: a 401 to it, or a new connection under a connection-bound scheme, is settled with the
 * request's small authProbe first. A 401 we cannot or may not answer is returned as it came.
 */
export class AuthTransport implements HttpTransport {
  private readonly identity?: AuthIdentity;
  private readonly origins = new Map<string, OriginAuth>();

  constructor(
    private readonly inner: HttpTransport,
    private readonly options: AuthTransportOptions,
  ) {
    if (options.credentials) this.identity = parseIdentity(options.credentials);
  }

  /** The scheme that authenticated requests to this origin, and what it ran on. */
  schemeUsed(origin: string): { scheme: SchemeName; mechanism?: string } | undefined {
    const state = this.origins.get(origin);
    return state?.scheme ? { scheme: state.scheme, mechanism: state.mechanism } : undefined;
  }

  resetConnection(origin: string): void {
    this.inner.resetConnection(origin);
  }

  idleConnection(url: URL): number | undefined {
    return this.inner.idleConnection?.(url);
  }

  close(): void {
    this.inner.close();
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    if (!this.identity || !this.options.trusted(request.url)) return this.inner.request(request);
    const state = this.stateFor(request.url);
    if (hasBody(request) && request.authProbe && this.needsHandshake(request.url, state)) {
      const probe = await this.exchange(request.authProbe, state);
      if (isChallenge(probe)) return probe;
      await probe.discard();
    }
    return this.exchange(request, state);
  }

  private stateFor(url: URL): OriginAuth {
    let state = this.origins.get(url.origin);
    if (!state) {
      state = { authenticated: new Set() };
      this.origins.set(url.origin, state);
    }
    return state;
  }

  private connectionBound(state: OriginAuth): boolean {
    return state.scheme === 'NTLM' || state.scheme === 'Negotiate';
  }

  /** A connection-bound scheme is in use and the next request would not go on a connection it authenticated. */
  private needsHandshake(url: URL, state: OriginAuth): boolean {
    if (!this.connectionBound(state)) return false;
    const idle = this.inner.idleConnection?.(url);
    return idle === undefined || !state.authenticated.has(idle);
  }

  /** The credentials a request-bound scheme sends without waiting for a challenge. */
  private preemptive(request: HttpRequest, state: OriginAuth): string | undefined {
    if (state.scheme === 'Basic') return state.basic;
    if (state.scheme === 'Digest')
      return state.digest?.authorization(request.method, requestUri(request.url));
    return undefined;
  }

  private async startHandshake(url: URL, state: OriginAuth, tried: string[]): Promise<ConnectionHandshake> {
    const identity = this.identity!;
    if (state.scheme === 'Negotiate' && (this.options.kerberos ?? true) && !state.kerberosFailed) {
      const kerberos = await kerberosHandshake(url.hostname);
      if (!isUnavailable(kerberos)) {
        state.mechanism = 'Kerberos';
        return kerberos;
      }
      state.kerberosFailed = kerberos.unavailable;
      tried.push(`Kerberos: ${kerberos.unavailable}`);
    }
    state.mechanism = 'NTLM';
    return ntlmHandshake(identity, state.scheme === 'Negotiate' ? 'Negotiate' : 'NTLM');
  }

  /** What a header we sent was, for the message when it is refused. */
  private describe(state: OriginAuth, handshake: ConnectionHandshake | undefined): string {
    const as = ` as ${this.identity!.given}`;
    if (handshake?.mechanism === 'Kerberos') return 'Kerberos';
    if (handshake) return handshake.word === 'Negotiate' ? `NTLM inside Negotiate${as}` : `NTLM${as}`;
    if (state.scheme === 'Digest') return `Digest ${state.mechanism ?? ''}`.trim() + as;
    return `${state.scheme ?? 'Basic'}${as}`;
  }

  private async exchange(
    request: HttpRequest,
    state: OriginAuth,
    tried: string[] = [],
  ): Promise<HttpResponse> {
    const body = hasBody(request);
    let handshake: ConnectionHandshake | undefined;
    let header: string | undefined;
    if (this.needsHandshake(request.url, state) && !body) {
      handshake = await this.startHandshake(request.url, state, tried);
      header = await handshake.first();
    } else {
      header = this.preemptive(request, state);
    }
    // Whether we sent credentials (a fresh challenge then means they were refused, or a leg failed).
    let answered = header !== undefined;
    let staleRetried = false;
    let challenges = 0;
    const handBack = (response: HttpResponse) => {
      if (tried.length > 0) response.authAttempts = [...tried];
      return response;
    };
    for (;;) {
      const response = await this.inner.request(withAuthorization(request, header));
      if (!isChallenge(response)) {
        if (handshake) {
          await verifyServer(handshake, request, response);
          this.completed(state, response);
        }
        return response;
      }
      const offered = parseChallenges(challengeValues(response.headers.raw, false));
      const continued = handshake && legToken(offered, handshake.word);
      const next = handshake && continued ? await handshake.next(continued) : undefined;
      if (next) {
        await response.discard();
        header = next;
        answered = true;
        continue;
      }
      if (handshake?.mechanism === 'Kerberos') {
        // The server would not take our ticket: NTLM, under the word it still offers (Windows
        // carries NTLM inside Negotiate too).
        tried.push('Kerberos: the server answered the Kerberos token with another 401');
        state.kerberosFailed = 'the server refused the Kerberos token';
        const word = offersScheme(offered, 'NTLM')
          ? 'NTLM'
          : offersScheme(offered, 'Negotiate')
            ? 'Negotiate'
            : undefined;
        if (!word || body) return handBack(response);
        await response.discard();
        state.scheme = word;
        state.mechanism = 'NTLM';
        state.authenticated.clear();
        handshake = ntlmHandshake(this.identity!, word);
        header = await handshake.first();
        answered = true;
        continue;
      }
      const refused = answered ? this.describe(state, handshake) : undefined;
      handshake = undefined;
      const stale = state.scheme === 'Digest' && !staleRetried ? staleDigest(offered) : undefined;
      if (stale && state.digest) {
        // RFC 7616 §3.3: our nonce expired, the credentials were fine; retry once with the new one.
        staleRetried = true;
        state.digest.renew(stale);
      } else {
        if (refused) tried.push(`${refused} was refused`);
        if (answered || ++challenges > MAX_CHALLENGES) return handBack(response);
        if (!this.settle(state, offered)) return handBack(response);
      }
      if (body) {
        // Never send the body again on a guess: authenticate with the small probe, then once more.
        if (!request.authProbe) return handBack(response);
        await response.discard();
        const probe = await this.exchange(request.authProbe, state, tried);
        if (isChallenge(probe)) return probe;
        await probe.discard();
        return this.inner.request(withAuthorization(request, this.preemptive(request, state)));
      }
      await response.discard();
      if (this.connectionBound(state)) {
        handshake = await this.startHandshake(request.url, state, tried);
        header = await handshake.first();
        answered = true;
      } else {
        header = this.preemptive(request, state);
        answered = true;
      }
    }
  }

  /** Takes the strongest scheme offered; false when none is one we speak. */
  private settle(state: OriginAuth, offered: Challenge[]): boolean {
    const choice = chooseScheme(offered, { kerberos: this.options.kerberos ?? true });
    if (!choice) return false;
    state.scheme = choice.scheme;
    state.mechanism = undefined;
    state.authenticated.clear();
    if (choice.scheme === 'Basic') state.basic = basicAuthorization(this.identity!);
    if (choice.scheme === 'Digest') {
      if (state.digest) state.digest.renew(choice.challenge);
      else state.digest = new DigestSession(this.identity!, choice.challenge);
      state.mechanism = state.digest.algorithmName;
    }
    return true;
  }

  private completed(state: OriginAuth, response: HttpResponse): void {
    if (response.connection) state.authenticated.add(response.connection.id);
  }
}

/** Wraps a transport with authentication for one job (or one check). */
export function withAuthentication(inner: HttpTransport, options: AuthTransportOptions): AuthTransport {
  return new AuthTransport(inner, options);
}

/** Whether the `kerberos` package loads here (for `check` to say what Negotiate will use). */
export async function kerberosAvailable(): Promise<boolean> {
  return (await loadKerberos()) !== undefined;
}

function hasBody(request: HttpRequest): boolean {
  return (request.body?.length ?? 0) > 0;
}

/** Digest's uri: the request target as sent (path and query). */
function requestUri(url: URL): string {
  return `${url.pathname}${url.search}`;
}

function withAuthorization(request: HttpRequest, header: string | undefined): HttpRequest {
  if (!header) return request;
  const headers = request.headers.filter(([name]) => name.toLowerCase() !== 'authorization');
  return { ...request, headers: [...headers, ['Authorization', header]] };
}

/** The server's next handshake token under this header word, if it sent one. */
function legToken(offered: Challenge[], word: string): string | undefined {
  return offered.find((c) => c.scheme.toLowerCase() === word.toLowerCase() && c.token68)?.token68;
}

function offersScheme(offered: Challenge[], scheme: string): boolean {
  return offered.some((c) => c.scheme.toLowerCase() === scheme.toLowerCase());
}

/**
 * Kerberos mutual authentication: the success answer's `WWW-Authenticate: Negotiate <token>`
 * must prove the server holds the key of the service we asked a ticket for. One that does not
 * fails the request instead of being trusted (a server that sends none is taken as it is).
 */
async function verifyServer(
  handshake: ConnectionHandshake,
  request: HttpRequest,
  response: HttpResponse,
): Promise<void> {
  if (!handshake.verify) return;
  const offered = parseChallenges(challengeValues(response.headers.raw, false));
  const token = legToken(offered, handshake.word);
  if (!token) return;
  try {
    await handshake.verify(token);
  } catch (error) {
    await response.discard();
    throw new TransportError(
      'auth',
      `the server's Kerberos answer did not verify (${(error as Error).message}) for ${request.method} ${request.url.href}`,
      { code: 'ERR_KERBEROS_MUTUAL', cause: error },
    );
  }
}

function staleDigest(offered: Challenge[]): Challenge | undefined {
  return offered.find(
    (c) => c.scheme.toLowerCase() === 'digest' && c.params.get('stale')?.toLowerCase() === 'true',
  );
}
