// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type StreamServer,
  startStreamServer,
  TestWebSocket,
} from '../../../e2e/web/support/stream-server.js';
import type { StreamMessage } from '../../../shared/contract/events.js';
import { HttpTransport } from './http-transport.js';
import type { ConnectionState } from './transport.js';
import { TransportError } from './transport-error.js';

/** The HTTP transport in jsdom (its WebSocket and XMLHttpRequest) against a real HTTP + ws server. */
let server: StreamServer;
let transport: HttpTransport;

beforeEach(async () => {
  server = await startStreamServer();
  transport = new HttpTransport({
    origin: server.origin,
    token: 'secret-token',
    reconnectDelay: () => 0,
    WebSocketImpl: TestWebSocket,
  });
});

afterEach(async () => {
  transport.close();
  await server.close();
});

const ready = (seq: number, resync: boolean, hostRunId = 'run-1'): string =>
  JSON.stringify({ kind: 'ready', seq, resync, hostRunId });
const removed = (seq: number, id: string): string =>
  JSON.stringify({ kind: 'event', seq, event: { type: 'jobs-removed', ids: [id] } });

function collect(): { messages: StreamMessage[]; next(count: number): Promise<void> } {
  const messages: StreamMessage[] = [];
  let wake: (() => void) | undefined;
  transport.subscribe((message) => {
    messages.push(message);
    wake?.();
  });
  return {
    messages,
    async next(count) {
      while (messages.length < count) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

describe('HttpTransport', () => {
  it('calls a channel with the bearer token and a JSON body, and returns the answer', async () => {
    server.answer('jobs:list', 200, { jobs: [], total: 0 });
    await expect(transport.invoke('jobs:list', { limit: 5 })).resolves.toEqual({ jobs: [], total: 0 });
    expect(server.calls).toEqual([
      {
        channel: 'jobs:list',
        url: '/api/jobs:list',
        authorization: 'Bearer secret-token',
        body: { limit: 5 },
      },
    ]);
  });

  it('turns an error answer into { code, message, hint }', async () => {
    server.answer('jobs:suspend', 409, {
      error: {
        code: 'invalid-state',
        message: 'a job that is cancelled cannot be suspended',
        hint: 'Retry it.',
      },
    });
    const error = await transport.invoke('jobs:suspend', { id: 'j1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'invalid-state',
      message: 'a job that is cancelled cannot be suspended',
      hint: 'Retry it.',
    });
  });

  it('says plainly when the token is refused or the answer is not an error body', async () => {
    server.answer('app:info', 401, { error: { code: 'unauthorized', message: 'Wrong token.' } });
    await expect(transport.invoke('app:info', {})).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'Wrong token.',
      hint: expect.stringContaining('#token='),
    });
    server.answer('settings:get', 502, 'not json at all');
    await expect(transport.invoke('settings:get', {})).rejects.toMatchObject({
      code: 'http',
      message: 'The host answered HTTP 502.',
    });
  });

  it('says the host cannot be reached when nothing listens', async () => {
    await server.close();
    await expect(transport.invoke('app:info', {})).rejects.toMatchObject({ code: 'unreachable' });
    server = await startStreamServer(); // for afterEach
  });

  it('opens the stream with the token as a subprotocol, never in the URL, and is connected at ready', async () => {
    const states: ConnectionState[] = [];
    transport.onConnectionChange((state) => states.push(state));
    server.onConnect = (socket) => socket.send(ready(0, true));
    const stream = collect();
    await stream.next(1);
    expect(server.connections[0]).toEqual({
      url: '/api/events',
      protocols: ['bits-uploader', 'token.secret-token'],
    });
    expect(stream.messages[0]).toEqual({ kind: 'ready', seq: 0, resync: true, hostRunId: 'run-1' });
    expect(states).toEqual(['connected']);
    expect(transport.connection).toBe('connected');
  });

  it('reconnects after a drop, asking for what it missed since the last seq of that host run', async () => {
    const states: ConnectionState[] = [];
    transport.onConnectionChange((state) => states.push(state));
    server.onConnect = (socket, url) => {
      if (url.searchParams.get('since') === '2') {
        socket.send(removed(3, 'c'));
        socket.send(ready(3, false));
      } else {
        socket.send(ready(0, true));
        socket.send(removed(1, 'a'));
        socket.send(removed(2, 'b'));
      }
    };
    const stream = collect();
    await stream.next(3);
    server.dropAll();
    await stream.next(5);
    expect(server.connections[1]?.url).toBe('/api/events?since=2&run=run-1');
    expect(stream.messages.map((m) => (m.kind === 'ready' ? `ready:${m.resync}` : m.seq))).toEqual([
      'ready:true',
      1,
      2,
      3,
      'ready:false',
    ]);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('drops a replayed event it already applied, and skips messages it cannot read', async () => {
    server.onConnect = (socket) => {
      socket.send(ready(0, true));
      socket.send(removed(1, 'a'));
      socket.send(removed(1, 'a'));
      socket.send('{not json');
      socket.send(JSON.stringify({ kind: 'event', seq: 2, event: { type: 'no-such-event' } }));
      socket.send(removed(3, 'c'));
    };
    const stream = collect();
    await stream.next(3);
    expect(stream.messages.map((m) => m.seq)).toEqual([0, 1, 3]);
  });

  it('reads messages that came before its reader in order, and fetches the reader again if it failed', async () => {
    transport.close();
    let loads = 0;
    let release: (() => void) | undefined;
    transport = new HttpTransport({
      origin: server.origin,
      token: 'secret-token',
      reconnectDelay: () => 0,
      WebSocketImpl: TestWebSocket,
      loadStreamReader: async () => {
        loads++;
        // The first fetch fails (the host went away mid-load); the second waits until released.
        if (loads === 1) throw new Error('chunk not found');
        await new Promise<void>((resolve) => (release = resolve));
        return (await import('./stream-reader.js')).readStreamMessage;
      },
    });
    server.onConnect = (socket) => {
      socket.send(ready(0, true));
      socket.send(removed(1, 'a'));
      socket.send(removed(2, 'b'));
    };
    const stream = collect();
    // The failed fetch closed the first socket; the reconnect fetches the reader again.
    await expect.poll(() => release !== undefined, { timeout: 10_000, interval: 10 }).toBe(true);
    await expect.poll(() => server.connections.length, { timeout: 10_000, interval: 10 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.messages).toEqual([]);
    release!();
    await stream.next(3);
    expect(stream.messages.map((m) => m.seq)).toEqual([0, 1, 2]);
    expect(loads).toBe(2);
    expect(transport.connection).toBe('connected');
  });

  it('gives up with the reason when the host refuses the token on reconnect', async () => {
    const problems: Array<string | undefined> = [];
    transport.onConnectionChange((state, problem) => problems.push(`${state}:${problem?.code ?? ''}`));
    server.refuseUpgrades = 401;
    server.answer('app:info', 401, { error: { code: 'unauthorized', message: 'Wrong token.' } });
    collect();
    await expect.poll(() => transport.connection, { timeout: 10_000, interval: 20 }).toBe('disconnected');
    expect(transport.problem?.code).toBe('unauthorized');
    expect(problems.at(-1)).toBe('disconnected:unauthorized');
  });

  it('stages a browser file with its name and size on the route, and returns where the host put it', async () => {
    server.answer('stage', 200, { stagedPath: '/data/staging/x/report.pdf', bytes: 5 });
    const file = new File(['hello'], 'Q3 report #1.pdf');
    await expect(transport.stageFile(file)).resolves.toEqual({
      stagedPath: '/data/staging/x/report.pdf',
      bytes: 5,
    });
    expect(server.calls.at(-1)).toMatchObject({
      url: '/api/stage/Q3%20report%20%231.pdf?size=5',
      authorization: 'Bearer secret-token',
      body: 'hello',
    });
  });
});
