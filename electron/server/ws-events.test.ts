import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../shared/contract/core-api.js';
import { WS_PROTOCOL } from '../../shared/contract/http-routes.js';
import { EventStream } from '../host/event-stream.js';
import { WRITE_WINDOW_MS } from './write-window.js';
import { createEventSocket } from './ws-events.js';

/**
 * A real event socket on loopback, read by a raw TCP client so the test sees how the messages
 * were written: how many reads the client needed for them, not only what arrived.
 */
async function start() {
  let emit: (event: CoreEvent) => void = () => undefined;
  const stream = new EventStream((listener) => {
    emit = listener;
    return () => undefined;
  });
  const sockets = createEventSocket(stream);
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', (request, socket, head) => sockets.upgrade(request, socket, head));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    emit: (event: CoreEvent) => emit(event),
    port,
    async stop() {
      sockets.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Opens the stream with a hand-made upgrade, then counts reads and decodes the text frames. */
async function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  socket.write(
    'GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${WS_PROTOCOL}\r\n\r\n`,
  );
  let pending = Buffer.alloc(0);
  let upgraded = false;
  const client = { reads: 0, messages: [] as Array<{ kind: string; seq: number }>, socket };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (!upgraded) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      expect(pending.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
      pending = pending.subarray(end + 4);
      upgraded = true;
      if (pending.length === 0) return;
    } else client.reads++;
    // Server frames are unmasked text frames; these are short (7-bit or 16-bit lengths).
    while (pending.length >= 2) {
      const short = pending[1]! & 0x7f;
      const header = short === 126 ? 4 : 2;
      const length = short === 126 ? pending.readUInt16BE(2) : short;
      if (pending.length < header + length) break;
      const text = (pending[0]! & 0x0f) === 1;
      if (text) client.messages.push(JSON.parse(pending.subarray(header, header + length).toString()));
      pending = pending.subarray(header + length);
    }
  });
  return client;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (n: number): CoreEvent => ({
  type: 'progress',
  jobId: `job-${n % 5}`,
  phase: 'upload',
  bytesAcked: n,
  bytesTotal: 1000,
  bytesInFlight: 0,
  speedBps: 100,
});

let host: Awaited<ReturnType<typeof start>> | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('the event socket', () => {
  it('writes events that come close together in one go, in order, none held past the window', async () => {
    host = await start();
    const client = await rawClient(host.port);
    await settle(50);
    expect(client.messages).toEqual([expect.objectContaining({ kind: 'ready', seq: 0 })]);
    const readsAtReady = client.reads;
    // 30 events a millisecond or so apart, as 50 transfers' progress arrives.
    for (let n = 1; n <= 30; n++) {
      host.emit(progress(n));
      await settle(1);
    }
    await settle(WRITE_WINDOW_MS * 3);
    expect(client.messages.slice(1).map((message) => message.seq)).toEqual(
      Array.from({ length: 30 }, (_, n) => n + 1),
    );
    // One write per window, not one per event (written one by one, this needs ~30 reads).
    expect(client.reads - readsAtReady).toBeLessThanOrEqual(8);
    client.socket.destroy();
  });

  it('an event on its own arrives within the window, and one after the client left breaks nothing', async () => {
    host = await start();
    const client = await rawClient(host.port);
    await settle(50);
    const sent = performance.now();
    host.emit(progress(1));
    while (client.messages.length < 2 && performance.now() - sent < 1000) await settle(1);
    expect(client.messages[1]).toMatchObject({ kind: 'event', seq: 1 });
    expect(performance.now() - sent).toBeLessThan(WRITE_WINDOW_MS + 200);
    client.socket.destroy();
    await settle(20);
    host.emit(progress(2));
    await settle(WRITE_WINDOW_MS * 2);
  });
});
