import http from 'node:http';
import type https from 'node:https';
import type { Duplex } from 'node:stream';
import type { ConnectionHandshake } from './auth/handshake.js';
import { proxyAuthFor, unanswerableProxySchemes } from './auth/proxy-auth.js';
import type { ProxyEndpoint } from './proxy-config.js';
import { proxyError } from './proxy-errors.js';
import { firstReachable } from './proxy-failover.js';
import type { ProxyResolver, ProxyRoute } from './proxy-resolver.js';
import { dialProxy, openTunnel } from './proxy-tunnel.js';
import { SecureAgent, tlsAgentOptions } from './secure-agent.js';
import type { HttpResponse, TlsOptions, TransportError } from './transport.js';

/** Long enough for a slow corporate proxy, short enough that a dead one is reported, not waited on. */
export const PROXY_CONNECT_TIMEOUT_MS = 30_000;

/** How one request goes out through a proxy (the transport's hook; node-transport.ts). */
export interface ProxiedRequest {
  agent: http.Agent;
  /** The absolute-form request target, for plain-HTTP destinations. */
  path?: string;
  /** Proxy-Authorization for absolute-form requests (CONNECT carries its own). */
  headers: Array<[string, string]>;
  proxy: ProxyEndpoint;
  /** Every request dials the proxy anew (absolute form): no connection is ever reused. */
  oneShot?: boolean;
  /** A proxy's own failure answered in place of the server's (407, 502, 504), as an error. */
  inspect(response: HttpResponse): TransportError | undefined;
  /** A 407 to an absolute-form request that new credentials (Digest, a fresh nonce) may answer. */
  retry407(response: HttpResponse): boolean;
  /**
   * Present when the proxy wants NTLM or Negotiate for absolute-form requests: a connection to it
   * that has not been authenticated yet must first carry this handshake.
   */
  handshake?: () => Promise<ConnectionHandshake>;
}

export interface ProxyRouter {
  /** The proxied way to this URL, or undefined to connect directly. */
  plan(url: URL, method?: string): Promise<ProxiedRequest | undefined>;
  /** The route last chosen for this URL's origin (for `check`). */
  routeOf(origin: string): ProxyRoute | undefined;
  reset(origin: string): void;
  close(): void;
}

export interface ProxyRouterOptions {
  /** The destination's TLS inside a tunnel (CA, client certificate, pins), as for direct connections. */
  tls?: TlsOptions;
  connectTimeoutMs?: number;
  agentOptions: http.AgentOptions;
}

type Callback = (error: Error | null, socket?: Duplex) => void;

/** Plain HTTP through the proxy: every connection goes to the proxy, requests use absolute form. */
class ProxyHttpAgent extends http.Agent {
  constructor(
    private readonly proxy: ProxyEndpoint,
    private readonly timeoutMs: number,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(_options: unknown, callback: Callback): undefined {
    dialProxy(this.proxy, this.timeoutMs).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error),
    );
    return undefined;
  }
}

/** HTTPS through the proxy: a CONNECT tunnel per connection, then TLS to the destination inside it. */
function tunnelAgent(
  proxy: ProxyEndpoint,
  timeoutMs: number,
  options: https.AgentOptions,
  tlsOptions: TlsOptions | undefined,
): https.Agent {
  return new SecureAgent(options, tlsOptions, (target) => openTunnel(proxy, target, timeoutMs));
}

/** Routes requests through the proxies a resolver picks: one keep-alive agent per origin. */
export function createProxyRouter(resolver: ProxyResolver, options: ProxyRouterOptions): ProxyRouter {
  const routes = new Map<string, ProxyRoute>();
  // The route in use per origin; forgotten after a failure, so a PAC list is tried again.
  const chosen = new Map<string, ProxyRoute>();
  const agents = new Map<string, http.Agent>();
  const timeoutMs = options.connectTimeoutMs ?? PROXY_CONNECT_TIMEOUT_MS;

  return {
    async plan(url, method = 'GET') {
      let route = chosen.get(url.origin);
      if (!route) {
        route = await firstReachable(await resolver.resolve(url));
        chosen.set(url.origin, route);
      }
      const previous = routes.get(url.origin);
      if (previous?.kind === 'proxy' && (route.kind !== 'proxy' || previous.proxy !== route.proxy)) {
        // Another proxy (or none) now: the old one's agents must not carry the next request.
        for (const key of [url.origin, `${url.origin} bound`]) {
          agents.get(key)?.destroy();
          agents.delete(key);
        }
      }
      routes.set(url.origin, route);
      if (route.kind === 'direct') return undefined;
      const { proxy } = route;
      const secure = url.protocol === 'https:';
      const auth = proxyAuthFor(proxy);
      // NTLM and Negotiate authenticate the connection to the proxy: absolute-form requests then
      // share one keep-alive connection, authenticated once (proxies that want them keep it open).
      const bound = !secure && auth?.connectionBound === true;
      const key = bound ? `${url.origin} bound` : url.origin;
      for (const other of [url.origin, `${url.origin} bound`]) {
        if (other !== key && agents.has(other)) {
          agents.get(other)?.destroy();
          agents.delete(other);
        }
      }
      let agent = agents.get(key);
      if (!agent) {
        agent = secure
          ? tunnelAgent(
              proxy,
              timeoutMs,
              { ...options.agentOptions, ...tlsAgentOptions(options.tls) },
              options.tls,
            )
          : bound
            ? new ProxyHttpAgent(proxy, timeoutMs, options.agentOptions)
            : // Many proxies (tinyproxy among them) close the client connection after each answer
              // without saying so: reusing it would fail the next packet, so each request dials anew
              // (no socket limit either, or a request queued behind the last answer would inherit it).
              new ProxyHttpAgent(proxy, timeoutMs, {
                ...options.agentOptions,
                keepAlive: false,
                maxSockets: Number.POSITIVE_INFINITY,
              });
        agents.set(key, agent);
      }
      // Basic and Digest go with each request, once the proxy has asked for one of them.
      const authorization = secure || bound ? undefined : auth?.preemptive(method, url.href);
      return {
        agent,
        path: secure ? undefined : url.href,
        headers: authorization ? [['Proxy-Authorization', authorization]] : [],
        proxy,
        oneShot: !secure && !bound,
        ...(bound && auth ? { handshake: () => auth.handshake(proxy.url.hostname) } : {}),
        inspect: (response) =>
          secure ? undefined : proxyAnswer(proxy, response, authorization !== undefined || bound),
        retry407: (response) => {
          if (secure || !auth || response.status !== 407) return false;
          const sent = authorization?.split(' ')[0] as 'Basic' | 'Digest' | undefined;
          return auth.challenged(response.headers.raw, bound ? auth.schemeName : sent);
        },
      };
    },
    routeOf: (origin) => routes.get(origin),
    reset(origin) {
      for (const key of [origin, `${origin} bound`]) {
        agents.get(key)?.destroy();
        agents.delete(key);
      }
      if (chosen.get(origin)?.pac !== undefined) {
        chosen.delete(origin);
        resolver.invalidate?.();
      }
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/**
 * For absolute-form requests the proxy answers in the server's place: 407 is always the proxy's;
 * 502, 504 and "500 Unable to connect" are when they carry no BITS header (a BITS server's own
 * errors always do).
 */
function proxyAnswer(
  proxy: ProxyEndpoint,
  response: HttpResponse,
  sentAuth: boolean,
): TransportError | undefined {
  const statusLine = `HTTP/${response.httpVersion} ${response.status} ${response.statusText}`;
  const answer = { status: response.status, statusLine };
  if (response.status === 407) {
    const unanswerable = unanswerableProxySchemes(response.headers.raw);
    if (unanswerable) return proxyError(proxy, 'auth-unsupported', unanswerable, answer);
    return proxyError(proxy, sentAuth ? 'auth-refused' : 'auth-required', statusLine, answer);
  }
  const fromBits = response.headers.raw.some(([name]) => name.toLowerCase().startsWith('bits-'));
  if (fromBits) return undefined;
  if (response.status === 504) return proxyError(proxy, 'timeout', statusLine, answer);
  // tinyproxy (and others) say "500 Unable to connect" when the destination does not answer.
  const gateway =
    response.status === 502 || (response.status === 500 && /unable to connect/i.test(response.statusText));
  if (gateway) return proxyError(proxy, 'bad-gateway', statusLine, answer);
  return undefined;
}

/** The router a node transport uses, with the same connection rules as direct connections. */
export function proxyRouterFor(resolver: ProxyResolver, tlsOptions?: TlsOptions): ProxyRouter {
  return createProxyRouter(resolver, {
    tls: tlsOptions,
    agentOptions: { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, scheduling: 'lifo' },
  });
}
