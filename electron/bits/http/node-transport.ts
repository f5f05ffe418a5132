import http from 'node:http';
import https from 'node:https';
import { clientCertUse, explainClientCertFailure } from './client-cert-refusal.js';
import { ConnectionIds } from './connection-ids.js';
import { ConnectionMemory } from './connection-memory.js';
import { classifyNodeError } from './node-errors.js';
import { proxyHandshake } from './proxy-connection-auth.js';
import type { ProxiedRequest, ProxyRouter } from './proxy-router.js';
import { ResponseReader } from './response-reader.js';
import { SecureAgent, tlsAgentOptions } from './secure-agent.js';
import {
  type ConnectionInfo,
  HeaderBag,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type TlsOptions,
  TransportError,
} from './transport.js';

export interface NodeTransportOptions {
  tls?: TlsOptions;
  /** Largest response head accepted; endless or oversized header blocks fail as 'too-large'. */
  maxHeaderBytes?: number;
  userAgent?: string;
  /** What is known about hosts' connections; pass one shared instance to keep it across transports. */
  connections?: ConnectionMemory;
  /** Routes requests through proxies (proxy-router.ts); absent: every connection is direct. */
  proxy?: ProxyRouter;
}

export const DEFAULT_USER_AGENT = 'BITS-Uploader/0.1 (compatible; Microsoft BITS/7.8)';

/**
 * HttpTransport over node:http / node:https. One agent per origin with a single keep-alive
 * socket: BITS sends one request at a time per session, and some servers only know a
 * session on the connection that created it, so we reuse it until something fails.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): HttpTransport {
  const agents = new Map<string, http.Agent>();
  const tlsAgent = tlsAgentOptions(options.tls);
  const clientCert = Boolean(options.tls?.pfx || options.tls?.cert);
  const maxHeaderSize = options.maxHeaderBytes ?? 32 * 1024;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const connections = options.connections ?? new ConnectionMemory();
  const ids = new ConnectionIds();
  // Connections to a proxy that completed an NTLM/Negotiate handshake with it.
  const proxyAuthenticated = new Set<number>();
  let closed = false;

  function agentFor(url: URL): http.Agent {
    let agent = agents.get(url.origin);
    if (!agent) {
      const agentOptions = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, scheduling: 'lifo' as const };
      agent =
        url.protocol === 'https:'
          ? new SecureAgent({ ...agentOptions, ...tlsAgent }, options.tls)
          : new http.Agent(agentOptions);
      agents.set(url.origin, agent);
    }
    return agent;
  }

  async function send(request: HttpRequest, proxyRetried = false): Promise<HttpResponse> {
    if (closed) throw new TransportError('aborted', 'transport closed');
    const { url } = request;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TransportError('connect', `unsupported URL scheme ${url.protocol}`);
    }
    const via = await options.proxy?.plan(url, request.method);
    let response: HttpResponse | undefined;
    if (via?.handshake && !proxyAuthenticated.has(ids.nextId(url.origin) ?? -1)) {
      // NTLM/Negotiate with the proxy, once per connection to it (proxy-connection-auth.ts).
      response = await proxyHandshake(request, { ...via, handshake: via.handshake }, proxyAuthenticated, {
        dispatch: (carrier, extra) => dispatch(carrier, via, extra),
        nextConnection: () => ids.nextId(url.origin),
      });
    }
    response ??= await dispatch(request, via);
    if (!proxyRetried && via?.retry407(response)) {
      // The proxy wants another scheme (or a fresh nonce): answer it, a body only after its small probe.
      const body = (request.body?.length ?? 0) > 0;
      if (!body || request.authProbe) {
        await response.discard();
        if (body && request.authProbe) await (await send(request.authProbe, true)).discard();
        return send(request, true);
      }
    }
    const proxyFailure = via?.inspect(response);
    if (proxyFailure) {
      await response.discard();
      throw proxyFailure;
    }
    return response;
  }

  /** One request on the connection its agent picks (the proxy's, when `via` says so). */
  async function dispatch(
    request: HttpRequest,
    via: ProxiedRequest | undefined,
    extra: Array<[string, string]> = [],
  ): Promise<HttpResponse> {
    const { url } = request;
    const headers: Array<[string, string]> = [
      // Node adds no Host header when headers are given as a raw list: we must.
      ['Host', url.host],
      ['User-Agent', userAgent],
      ['Accept', '*/*'],
      ...request.headers,
      ['Content-Length', String(request.body?.length ?? 0)],
      ['Connection', connections.freshPerRequest(url.origin) ? 'close' : 'Keep-Alive'],
    ];
    const module = url.protocol === 'https:' ? https : http;
    const agent = via?.agent ?? agentFor(url);
    const req = module.request(url, {
      method: request.method,
      agent,
      headers: (via ? [...headers, ...via.headers, ...extra] : headers).flat(),
      ...(via?.path ? { path: via.path } : {}),
      maxHeaderSize,
      signal: request.signal,
      // A bare IPv6 literal needs no brackets here; node:http takes URL.hostname as is.
    });
    let connection: ConnectionInfo | undefined;
    req.once('socket', (socket) => {
      connection = ids.taken(url.origin, socket);
    });
    const answer = await exchange(req, request, connections).catch((error: unknown) => {
      // A handshake alert (client certificate required or refused) reads differently with one offered.
      if (error instanceof TransportError && error.kind === 'tls') error.details.clientCert = clientCert;
      if (error instanceof StaleSocketError && error.failure.kind === 'tls') {
        error.failure.details.clientCert = clientCert;
      }
      throw error;
    });
    const closes = (value: string | undefined) => /(^|,)\s*close\s*($|,)/i.test(value ?? '');
    const reusable =
      !closes(answer.headers.get('Connection')) &&
      !closes(headers.find(([name]) => name === 'Connection')?.[1]) &&
      (answer.httpVersion !== '1.0' || /keep-alive/i.test(answer.headers.get('Connection') ?? ''));
    ids.answered(url.origin, req.socket ?? undefined, reusable && !via?.oneShot);
    return { ...answer, connection };
  }

  return {
    async request(request) {
      try {
        return await send(request);
      } catch (error) {
        if (!(error instanceof StaleSocketError)) throw error;
        // The reused connection was dead (closed while idle, or after its answer): dial once more.
        return send(request).catch((again: unknown) => {
          throw again instanceof StaleSocketError ? again.failure : again;
        });
      }
    },
    idleConnection: (url) => ids.nextId(url.origin),
    resetConnection(origin) {
      agents.get(origin)?.destroy();
      agents.delete(origin);
      options.proxy?.reset(origin);
    },
    close() {
      closed = true;
      options.proxy?.close();
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** A reused connection failed before answering a request that is safe to send again. */
class StaleSocketError extends Error {
  constructor(readonly failure: TransportError) {
    super(failure.message);
  }
}

/** Sends the request (streaming the body with a send timeout) and waits for the response head. */
function exchange(
  req: http.ClientRequest,
  request: HttpRequest,
  connections: ConnectionMemory,
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let responded = false;
    let bodyComplete = false;
    const describe = `${request.method} ${request.url.href}`;

    const fail = (error: TransportError | StaleSocketError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const arm = (kind: 'send-timeout' | 'response-timeout', ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const what = kind === 'send-timeout' ? 'sending the request stalled' : 'no response';
        fail(new TransportError(kind, `${what} for ${Math.round(ms / 1000)} s (${describe})`));
      }, ms);
    };

    req.on('error', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }) => {
      let failure = classifyNodeError(error, describe);
      // A first request that dies unanswered after the server asked for our certificate: refused (TLS 1.3).
      if (!responded && !req.reusedSocket)
        failure = explainClientCertFailure(failure, clientCertUse(req.socket), 'after-handshake');
      const deadReused = req.reusedSocket && !responded && STALE_CODES.has(error.code ?? '');
      if (deadReused) connections.diedOnReuse(request.url.origin, req.socket);
      // Only a request that is safe to send twice (Ping, GET, HEAD, a Fragment: the server's
      // cursor says what it kept) is re-sent silently; anything else is a failure the session
      // must see (a Close-Session whose answer was lost must not be repeated behind its back).
      const safe = request.idempotent ?? (request.method === 'GET' || request.method === 'HEAD');
      fail(deadReused && safe ? new StaleSocketError(failure) : failure);
    });
    req.on('response', (res) => {
      responded = true;
      connections.answered(req.socket);
      clearTimeout(timer);
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      // An answer that arrived before we finished sending leaves the server mid-body: this
      // socket can never carry another request.
      res.on('end', () => {
        if (!bodyComplete) req.destroy();
      });
      const headers = new HeaderBag(pairs(res.rawHeaders));
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        httpVersion: res.httpVersion,
        headers,
        ...new ResponseReader(res, request.responseTimeoutMs, describe).api(),
      });
    });

    arm('send-timeout', request.sendTimeoutMs);
    writeBody(
      req,
      request,
      () => responded || settled,
      () => arm('send-timeout', request.sendTimeoutMs),
      // Waiting on our own bandwidth limit is not the network stalling.
      () => clearTimeout(timer),
    )
      .then((complete) => {
        bodyComplete = complete;
        if (!settled && !responded) arm('response-timeout', request.responseTimeoutMs);
      })
      .catch((error: unknown) => {
        // A failure of the body source (the local file) is not the network's: pass it through as is.
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      });
  });
}

/** How a dead reused connection shows: reset, broken pipe, or closed before the answer. */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** With a bandwidth limit, bodies go out in slices this small so the rate is smooth over seconds. */
const THROTTLE_SLICE = 16 * 1024;
/**
 * Bytes we let queue in the request before waiting for 'drain': enough that the socket always
 * has the next chunk ready when the kernel takes the last one (no idle gaps), still bounded.
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

async function writeBody(
  req: http.ClientRequest,
  request: HttpRequest,
  stop: () => boolean,
  progressed: () => void,
  throttled: () => void,
): Promise<boolean> {
  const body = request.body;
  let sent = 0;
  if (body && body.length > 0) {
    for await (const chunk of body.chunks()) {
      const limited = request.throttle?.active() ?? false;
      const slice = limited ? THROTTLE_SLICE : chunk.byteLength;
      for (let start = 0; start < chunk.byteLength; start += slice) {
        const piece = slice >= chunk.byteLength ? chunk : chunk.subarray(start, start + slice);
        if (limited) {
          throttled();
          await request.throttle!.consume(piece.byteLength);
        }
        // The server may answer early (413, 401, an error) while we are still sending: stop there.
        if (stop()) return false;
        progressed();
        const last = start + slice >= chunk.byteLength;
        // The whole chunk goes back to its owner once its last piece has reached the socket.
        req.write(piece, last && body.release ? () => body.release?.(chunk) : undefined);
        if (req.writableLength >= MAX_QUEUED_BYTES) await drainOrClose(req);
        sent += piece.byteLength;
        // Under a limit a 1 MiB read takes seconds to pace out: say so per slice, or the window
        // sees no bytes move (and its speed decays) until the whole read has gone.
        if (limited && !last) request.onBodyProgress?.(sent);
      }
      progressed();
      request.onBodyProgress?.(sent);
    }
    if (sent !== body.length) {
      throw Object.assign(new Error(`the request body ended after ${sent} of ${body.length} bytes`), {
        code: 'ESHORTREAD',
      });
    }
  }
  // Every byte is written, so the request is complete even if the answer already came: end it.
  req.end();
  return true;
}

/** Waits for the socket to take more data (or to die), leaving no listener behind. */
function drainOrClose(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

function pairs(raw: string[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i]!, raw[i + 1]!]);
  return result;
}
