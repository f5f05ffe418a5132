import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A small real HTTP + WebSocket server speaking serve's wire format (app-conventions.md), that a
 * test scripts: what each channel answers, which stream messages go out, when connections drop.
 * The renderer's HTTP transport is tested against it (serve's own tests cover serve).
 */
export interface StreamServer {
  origin: string;
  /** Each WebSocket connection's request URL and offered subprotocols, in order. */
  connections: Array<{ url: string; protocols: string[] }>;
  /** Each request: its channel ('stage' for PUT /api/stage/...), URL, Authorization header and body. */
  calls: Array<{ channel: string; url: string; authorization: string | undefined; body: unknown }>;
  /** Sets the answer of a channel: a status and a JSON body. */
  answer(channel: string, status: number, body: unknown): void;
  /** Sends raw text (a StreamMessage as JSON, or garbage) to every open socket. */
  send(text: string): void;
  /** Closes every open socket as a dying host would (no close frame). */
  dropAll(): void;
  /** Runs when a socket connects (to send its replay and `ready`). */
  onConnect: ((socket: { send(text: string): void }, url: URL) => void) | undefined;
  /** Refuse WebSocket upgrades with this HTTP status (401: a wrong token). */
  refuseUpgrades: number | undefined;
  waitForConnections(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStreamServer(): Promise<StreamServer> {
  const answers = new Map<string, { status: number; body: unknown }>();
  const sockets = new Set<WebSocket>();
  const waiters: Array<() => void> = [];
  const server = http.createServer((request, response) => {
    // jsdom pages live on another origin: answer CORS so its XMLHttpRequest may call in.
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, PUT, GET',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      });
      response.end();
      return;
    }
    const match = /^\/api\/(stage)\/|^\/api\/([^/?]+)$/.exec(request.url ?? '');
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      const channel = match?.[1] ?? match?.[2] ?? '';
      state.calls.push({
        channel,
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body: channel === 'stage' ? text : text ? JSON.parse(text) : undefined,
      });
      const answer = answers.get(channel) ?? {
        status: 404,
        body: { error: { code: 'unknown-channel', message: `There is no channel named “${channel}”.` } },
      };
      response.writeHead(answer.status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('bits-uploader') ? 'bits-uploader' : false),
  });
  server.on('upgrade', (request, socket, head) => {
    if (state.refuseUpgrades !== undefined) {
      socket.end(
        `HTTP/1.1 ${state.refuseUpgrades} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim());
      state.connections.push({ url: request.url ?? '', protocols });
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      state.onConnect?.(ws, new URL(request.url ?? '/', 'http://127.0.0.1'));
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: StreamServer = {
    origin: `http://127.0.0.1:${port}`,
    connections: [],
    calls: [],
    onConnect: undefined,
    refuseUpgrades: undefined,
    answer: (channel, status, body) => answers.set(channel, { status, body }),
    send: (text) => {
      for (const socket of sockets) if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    dropAll: () => {
      for (const socket of sockets) socket.terminate();
    },
    waitForConnections: async (count) => {
      while (state.connections.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: async () => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

/**
 * A WebSocket client for the transport under jsdom: jsdom swaps the global Event class, which
 * Node's built-in WebSocket then refuses to dispatch. ws speaks the same browser API.
 */
export const TestWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
