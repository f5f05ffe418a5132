import net from 'node:net';
import type { ConnectionHandshake } from './auth/handshake.js';
import { type ProxyAuth, proxyAuthFor, proxyLegToken, unanswerableProxySchemes } from './auth/proxy-auth.js';
import type { ProxyEndpoint } from './proxy-config.js';
import { proxyError } from './proxy-errors.js';

/** A proxy's answer to CONNECT is a short head; anything longer is not a proxy we can talk to. */
const MAX_CONNECT_HEAD = 16 * 1024;

/** A TCP connection to the proxy itself; failures name the proxy, not the destination. */
export function dialProxy(proxy: ProxyEndpoint, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const host = proxy.url.hostname.replace(/^\[|\]$/g, '');
    const socket = net.connect({ host, port: Number(proxy.url.port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(proxyError(proxy, 'timeout', `no connection after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(proxyError(proxy, 'unreachable', error.code ?? error.message, { code: error.code }));
    });
  });
}

interface ConnectAnswer {
  status: number;
  statusLine: string;
  headers: Array<[string, string]>;
  /** The proxy keeps this connection after a refusal (its body was read), so the next CONNECT may reuse it. */
  reusable: boolean;
}

/**
 * CONNECT host:port through the proxy (RFC 9110 §9.3.6): resolves with the raw socket once the
 * proxy answers 2xx, ready for TLS to the destination. A 407 is answered in the scheme the proxy
 * asks for (Basic, Digest, NTLM, Negotiate; proxy-auth.ts) when credentials were given; other
 * refusals, a proxy that closes or stays silent all fail with a TransportError naming the proxy.
 */
export async function openTunnel(
  proxy: ProxyEndpoint,
  target: { host: string; port: number },
  timeoutMs: number,
): Promise<net.Socket> {
  let socket = await dialProxy(proxy, timeoutMs);
  const authority = net.isIPv6(target.host)
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
  const auth = proxyAuthFor(proxy);
  let handshake: ConnectionHandshake | undefined;
  let authorization: string | undefined;
  if (auth?.connectionBound) {
    // The proxy asked for NTLM or Negotiate before: start the handshake on this tunnel at once.
    handshake = await auth.handshake(proxy.url.hostname);
    authorization = await handshake.first();
  } else {
    authorization = auth?.preemptive('CONNECT', authority);
  }
  for (let round = 0; ; round++) {
    const answer = await connectOnce(socket, proxy, authority, authorization, timeoutMs);
    if (answer.status >= 200 && answer.status < 300) return socket;
    const token =
      handshake && answer.status === 407 ? proxyLegToken(answer.headers, handshake.word) : undefined;
    // A handshake's later legs must go on the connection its first leg went on.
    const continuing = token !== undefined;
    const next =
      token && handshake
        ? await handshake.next(token)
        : answer.status === 407 &&
            auth &&
            round < 3 &&
            auth.challenged(answer.headers, sentScheme(authorization))
          ? await firstHeader(auth, proxy, authority, (h) => {
              handshake = h;
            })
          : undefined;
    if (next === undefined || (continuing && !answer.reusable)) {
      socket.destroy();
      throw refusal(proxy, answer, authorization !== undefined);
    }
    if (!answer.reusable) {
      socket.destroy();
      socket = await dialProxy(proxy, timeoutMs);
    }
    authorization = next;
  }
}

function sentScheme(header: string | undefined) {
  const word = header?.split(' ')[0]?.toLowerCase();
  return word === 'basic'
    ? 'Basic'
    : word === 'digest'
      ? 'Digest'
      : word === 'ntlm'
        ? 'NTLM'
        : word === 'negotiate'
          ? 'Negotiate'
          : undefined;
}

async function firstHeader(
  auth: ProxyAuth,
  proxy: ProxyEndpoint,
  authority: string,
  started: (handshake: ConnectionHandshake) => void,
): Promise<string | undefined> {
  if (!auth.connectionBound) return auth.preemptive('CONNECT', authority);
  const handshake = await auth.handshake(proxy.url.hostname);
  started(handshake);
  return handshake.first();
}

function refusal(proxy: ProxyEndpoint, answer: ConnectAnswer, sentAuth: boolean) {
  const { status, statusLine } = answer;
  const details = { status, statusLine };
  // Any refusal of CONNECT is the proxy's own; tinyproxy answers a wrong password with 401.
  const unanswerable = status === 407 ? unanswerableProxySchemes(answer.headers) : undefined;
  if (unanswerable) return proxyError(proxy, 'auth-unsupported', unanswerable, details);
  if (status === 407 || (status === 401 && sentAuth)) {
    return proxyError(proxy, sentAuth ? 'auth-refused' : 'auth-required', statusLine, details);
  }
  if (status === 504) return proxyError(proxy, 'timeout', statusLine, details);
  if (status === 502) return proxyError(proxy, 'bad-gateway', statusLine, details);
  const words = status ? statusLine : `not an HTTP answer: ${statusLine}`;
  return proxyError(proxy, 'connect-refused', words, details);
}

/** Sends one CONNECT and reads the proxy's answer head (and a refusal's body, so the socket can be reused). */
function connectOnce(
  socket: net.Socket,
  proxy: ProxyEndpoint,
  authority: string,
  authorization: string | undefined,
  timeoutMs: number,
): Promise<ConnectAnswer> {
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (authorization) lines.push(`Proxy-Authorization: ${authorization}`, 'Proxy-Connection: Keep-Alive');
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let answer: ConnectAnswer | undefined;
    let bodyLeft = 0;
    const timer = setTimeout(
      () =>
        fail(proxyError(proxy, 'timeout', `no answer to CONNECT after ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const cleanUp = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const fail = (error: Error) => {
      cleanUp();
      socket.destroy();
      reject(error);
    };
    const done = (result: ConnectAnswer, rest: Buffer) => {
      cleanUp();
      // Bytes after the head already belong to the tunnel (none in practice): give them back.
      if (rest.length > 0) socket.unshift(rest);
      resolve(result);
    };
    const onClose = () => {
      if (answer) return done({ ...answer, reusable: false }, Buffer.alloc(0));
      fail(proxyError(proxy, 'connect-refused', 'it closed the connection without answering'));
    };
    const onError = (error: NodeJS.ErrnoException) =>
      fail(proxyError(proxy, 'connect-refused', error.code ?? error.message, { code: error.code }));
    const onData = (chunk: Buffer) => {
      if (answer) {
        bodyLeft -= chunk.length;
        if (bodyLeft <= 0) done(answer, Buffer.alloc(0));
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_CONNECT_HEAD) fail(proxyError(proxy, 'connect-refused', 'an endless answer'));
        return;
      }
      const text = head.subarray(0, end).toString('latin1');
      const [statusLine = '', ...headerLines] = text.split('\r\n');
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const headers = headerLines.flatMap((line): Array<[string, string]> => {
        const colon = line.indexOf(':');
        return colon > 0 ? [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()]] : [];
      });
      const value = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
      const rest = head.subarray(end + 4);
      const length = Number(value('content-length') ?? 'NaN');
      const closes = /close/i.test(`${value('connection') ?? ''} ${value('proxy-connection') ?? ''}`);
      answer = {
        status,
        statusLine: statusLine.slice(0, 200),
        headers,
        reusable: !closes && Number.isFinite(length),
      };
      if (status >= 200 && status < 300) return done(answer, rest);
      if (!answer.reusable) return done(answer, Buffer.alloc(0));
      bodyLeft = length - rest.length;
      if (bodyLeft <= 0) done(answer, Buffer.alloc(0));
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}
