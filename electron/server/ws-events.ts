import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { WS_PROTOCOL } from '../../shared/contract/http-routes.js';
import type { EventStream } from '../host/event-stream.js';
import { writeWindow } from './write-window.js';

/** A client this far behind is dropped; it reconnects with `since` and gets a replay or a resync. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** The event stream on a WebSocket (`/api/events?since=<seq>&run=<hostRunId>`), after the guards passed. */
export function createEventSocket(events: EventStream) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  return {
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(request.url ?? '/', 'http://serve.invalid');
      const sinceText = url.searchParams.get('since');
      const since = sinceText !== null && /^\d{1,15}$/.test(sinceText) ? Number(sinceText) : undefined;
      const run = url.searchParams.get('run') ?? undefined;
      wss.handleUpgrade(request, socket, head, (ws) => {
        const writes = writeWindow(socket);
        const close = events.open(
          since,
          (message) => {
            if (ws.readyState !== WebSocket.OPEN) return;
            if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
              ws.close(1013, 'too far behind; reconnect with since');
              return;
            }
            writes.hold();
            ws.send(JSON.stringify(message));
          },
          run,
        );
        // A replay and `ready` go out now, not at the end of a window.
        writes.release();
        ws.on('close', () => {
          writes.release();
          close();
        });
        ws.on('error', () => ws.terminate());
        // Clients only listen; anything they send is ignored.
        ws.on('message', () => undefined);
      });
    },
    close(): void {
      for (const client of wss.clients) client.close(1001, 'server stopping');
      wss.close();
    },
    get clients(): number {
      return wss.clients.size;
    },
  };
}
