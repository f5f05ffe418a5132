import net from 'node:net';
import { type ProxyEndpoint, proxyAuthorization } from './proxy-config.js';
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

/**
 * CONNECT host:port through the proxy (RFC 9110 §9.3.6): resolves with the raw socket once the
 * proxy answers 2xx, ready for TLS to the destination. 407, other refusals, a proxy that closes
 * or stays silent all fail with a TransportError naming the proxy and the cause.
 */
export async function openTunnel(
  proxy: ProxyEndpoint,
  target: { host: string; port: number },
  timeoutMs: number,
): Promise<net.Socket> {
  const socket = await dialProxy(proxy, timeoutMs);
  const authority = net.isIPv6(target.host)
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  const authorization = proxyAuthorization(proxy);
  if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
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
    const onClose = () =>
      fail(proxyError(proxy, 'connect-refused', 'it closed the connection without answering'));
    const onError = (error: NodeJS.ErrnoException) =>
      fail(proxyError(proxy, 'connect-refused', error.code ?? error.message, { code: error.code }));
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_CONNECT_HEAD) fail(proxyError(proxy, 'connect-refused', 'an endless answer'));
        return;
      }
      cleanUp();
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1').slice(0, 200);
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1] ?? 0);
      if (status >= 200 && status < 300) {
        // Bytes after the head already belong to the tunnel (none in practice): give them back.
        const rest = head.subarray(end + 4);
        if (rest.length > 0) socket.unshift(rest);
        resolve(socket);
        return;
      }
      socket.destroy();
      const answer = { status, statusLine };
      // Any refusal of CONNECT is the proxy's own; tinyproxy answers a wrong password with 401.
      if (status === 407 || (status === 401 && authorization)) {
        reject(proxyError(proxy, authorization ? 'auth-refused' : 'auth-required', statusLine, answer));
      } else if (status === 504) {
        reject(proxyError(proxy, 'timeout', statusLine, answer));
      } else if (status === 502) {
        reject(proxyError(proxy, 'bad-gateway', statusLine, answer));
      } else {
        const words = status ? statusLine : `not an HTTP answer: ${statusLine}`;
        reject(proxyError(proxy, 'connect-refused', words, answer));
      }
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}
