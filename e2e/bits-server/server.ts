import net, { type Socket } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { ServerAuth } from './auth/server-auth.js';
import { Connection } from './connection.js';
import { FaultController } from './faults.js';
import { parseUrlPath, resolveUnderRoot } from './paths.js';
import { serveConnection } from './request-loop.js';
import { SessionStore } from './session-store.js';
import type { BitsServer, BitsServerOptions, ServerContext } from './types.js';

/** close() waits this long at most for in-flight handlers to notice their sockets are gone. */
const CLOSE_GRACE_MS = 1000;

/**
 * Starts the reference BITS upload server on raw sockets (Node's HTTP server refuses BITS_POST).
 * Resolves once it is listening.
 */
export async function startBitsServer(options: BitsServerOptions): Promise<BitsServer> {
  const root = path.resolve(options.root);
  const storage = options.storage ?? 'disk';
  const sessions = options.sessions ?? new SessionStore();
  sessions.bind({ root, storage });
  const abort = new AbortController();
  const ctx: ServerContext = {
    root,
    options,
    storage,
    replyPathPrefix: options.replyPathPrefix ?? '/reply/',
    sessions,
    faults: new FaultController(),
    log: [],
    signal: abort.signal,
    origin: '',
    auth: options.auth ? new ServerAuth(options.auth) : undefined,
  };

  const sockets = new Set<Socket>();
  const loops = new Set<Promise<void>>();
  let nextConnectionId = 0;
  const serve = (socket: Socket) => {
    const loop = serveConnection(ctx, new Connection(++nextConnectionId, socket));
    loops.add(loop);
    void loop.finally(() => loops.delete(loop));
  };
  const server = options.tls
    ? tls.createServer(
        {
          key: options.tls.key,
          cert: options.tls.cert,
          allowHalfOpen: true,
          ...(options.tls.maxVersion ? { maxVersion: options.tls.maxVersion } : {}),
          ...(options.tls.clientCa
            ? { requestCert: true, rejectUnauthorized: true, ca: options.tls.clientCa }
            : {}),
        },
        serve,
      )
    : net.createServer({ allowHalfOpen: true }, serve);
  // For TLS this is the raw TCP socket, so sockets still in their handshake are tracked too.
  server.on('connection', (socket: Socket) => {
    // Acks are tiny; Nagle plus delayed ACKs would add ~40 ms to every exchange.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ctx.origin = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    origin: ctx.origin,
    port: address.port,
    url: (p: string) => ctx.origin + (p.startsWith('/') ? p : `/${p}`),
    sessions,
    faults: ctx.faults,
    log: ctx.log,
    authStats: ctx.auth?.stats,
    filePath(urlPath: string): string {
      const parsed = parseUrlPath(urlPath);
      if (!parsed) throw new Error(`invalid URL path: ${urlPath}`);
      return resolveUnderRoot(root, parsed.segments);
    },
    close() {
      closing ??= (async () => {
        abort.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        // Handlers finish quickly once their sockets are gone; never let one hold close() hostage.
        await Promise.race([
          Promise.allSettled([...loops]),
          new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
        ]);
      })();
      return closing;
    },
  };
}
