import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CoreError } from '../../shared/contract/core-api.js';
import type { HostContext } from '../host/dispatch-host.js';
import type { EventStream } from '../host/event-stream.js';
import { toWireError } from '../host/wire-error.js';
import { handleApi } from './api-routes.js';
import {
  bearerToken,
  declaredTooLarge,
  hostAllowed,
  originAllowed,
  subprotocolToken,
  tokenMatches,
} from './guards.js';
import type { RemotePolicy } from './remote-policy.js';
import { answerAndDiscard, securityHeaders, sendError } from './response-headers.js';
import type { StagingArea } from './staging.js';
import { serveStatic } from './static-files.js';
import { createEventSocket } from './ws-events.js';

export interface HttpHostOptions {
  context: HostContext;
  events: EventStream;
  staging: StagingArea;
  policy: RemotePolicy;
  token: string;
  /** Folder of the renderer build (index.html, assets/). */
  staticDir: string;
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string };
  maxBodyBytes?: number;
  log?: (error: unknown) => void;
}

export interface HttpHost {
  readonly port: number;
  readonly origin: string;
  /** Stops accepting, closes streams and connections. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

/** The HTTP(S) server of `serve`: guards first, then the API, the event socket or the page. */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const scheme = options.tls ? 'https' : 'http';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const log = options.log ?? (() => undefined);
  const eventSocket = createEventSocket(options.events);
  let port = options.port;

  const refusal = (
    request: IncomingMessage,
    api: boolean,
    presented?: string,
  ): { status: number; error: CoreError } | undefined => {
    const host = request.headers.host;
    if (!hostAllowed(host, { port, bind: options.host })) {
      return {
        status: 403,
        error: new CoreError(
          'not-allowed',
          `This server does not answer for the host “${String(host).slice(0, 200)}”.`,
        ),
      };
    }
    if (!api) return undefined;
    if (!originAllowed(request.headers.origin, host!, scheme)) {
      return { status: 403, error: new CoreError('not-allowed', 'Requests from other sites are refused.') };
    }
    if (!tokenMatches(presented, options.token)) {
      return {
        status: 401,
        error: new CoreError(
          'not-allowed',
          'A valid access token is needed.',
          'Open the URL that serve printed, with its #token=… part.',
        ),
      };
    }
    return undefined;
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const api = (request.url ?? '/').startsWith('/api/');
    const refused = refusal(request, api, bearerToken(request.headers.authorization));
    if (refused) {
      sendError(response, refused.status, {
        ...refused.error.toWire(),
        code: refused.status === 401 ? 'unauthorized' : 'forbidden',
      });
      request.resume();
      return;
    }
    if (!api) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { ...securityHeaders(), Allow: 'GET, HEAD' }).end();
        return;
      }
      void serveStatic(options.staticDir, request, response).catch(() => response.destroy());
      return;
    }
    const staging = request.url!.startsWith('/api/stage/');
    if (!staging && declaredTooLarge(request.headers['content-length'], maxBodyBytes)) {
      answerAndDiscard(request, response, 413, {
        code: 'too-large',
        message: `The request body is larger than ${maxBodyBytes} bytes.`,
      });
      return;
    }
    void handleApi(
      { context: options.context, staging: options.staging, policy: options.policy, maxBodyBytes, log },
      request,
      response,
    ).catch((error) => sendError(response, 500, toWireError(error, log)));
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0];
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
    const refused =
      path === '/api/events'
        ? refusal(request, true, subprotocolToken(protocols))
        : { status: 404, error: new CoreError('not-found', 'No such stream.') };
    if (refused) {
      const reason =
        refused.status === 401 ? 'Unauthorized' : refused.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${refused.status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    eventSocket.upgrade(request, socket, head);
  };

  const server = options.tls
    ? https.createServer(
        { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) },
        onRequest,
      )
    : http.createServer(onRequest);
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // staging uploads can take long; headersTimeout guards slow starts
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    origin: `${scheme}://${hostPart === '0.0.0.0' || hostPart === '[::]' ? '127.0.0.1' : hostPart}:${port}`,
    async close() {
      eventSocket.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Staging uploads in flight are cut: their partial files are removed by the staging area.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
    },
  };
}
