import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CoreError, type CoreEvent } from '../../shared/contract/core-api.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { connectControl, RemoteError } from './control-client.js';
import { controlEndpointPath } from './control-path.js';
import { listenControlSocket } from './control-socket.js';
import { EventStream } from './event-stream.js';

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'bits-ctl-'));
  let emit: (event: CoreEvent) => void = () => {};
  const events = new EventStream((listener) => {
    emit = listener;
    return () => undefined;
  });
  const calls: Array<[string, unknown]> = [];
  const socket = await listenControlSocket({
    dataDir: dir,
    events,
    invoke: async (channel, payload) => {
      calls.push([channel, payload]);
      if (channel === 'jobs:get') throw new CoreError('not-found', 'There is no job x.', 'Check the id.');
      if (channel === 'boom') throw new Error('disk on fire');
      return { echoed: payload };
    },
  });
  onTestFinished(async () => {
    await socket.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, socket, calls, emit: (event: CoreEvent) => emit(event) };
}

describe('the control socket: the channel map and the event stream for the CLI', () => {
  it('listens owner-only in the data folder and answers calls with results or wire errors', async () => {
    const { dir, socket, calls } = await setup();
    expect(socket.path).toBe(controlEndpointPath(dir));
    expect(statSync(socket.path).mode & 0o777).toBe(0o600);
    const client = (await connectControl(dir))!;
    onTestFinished(() => client.close());
    expect(await client.invoke('jobs:list', { limit: 5 })).toEqual({ echoed: { limit: 5 } });
    const failure = (await client.invoke('jobs:get', { id: 'x' }).catch((error) => error)) as RemoteError;
    expect(failure).toBeInstanceOf(RemoteError);
    expect(failure.wire).toEqual({ code: 'not-found', message: 'There is no job x.', hint: 'Check the id.' });
    const crash = (await client.invoke('boom').catch((error) => error)) as RemoteError;
    expect(crash.wire).toEqual({ code: 'io', message: 'disk on fire' });
    expect(calls.map(([channel]) => channel)).toEqual(['jobs:list', 'jobs:get', 'boom']);
  });

  it('streams events to a subscribed client', async () => {
    const { dir, emit } = await setup();
    const client = (await connectControl(dir))!;
    onTestFinished(() => client.close());
    const got: StreamMessage[] = [];
    await client.subscribe((message) => got.push(message));
    emit({ type: 'jobs-removed', ids: ['a'] });
    await expect.poll(() => got.length).toBe(2);
    expect(got[0]).toMatchObject({ kind: 'ready', resync: true });
    expect(got[1]).toEqual({ kind: 'event', seq: 1, event: { type: 'jobs-removed', ids: ['a'] } });
  });

  it('answers garbage with an error line and keeps the connection', async () => {
    const { socket } = await setup();
    const raw = connect(socket.path);
    onTestFinished(() => {
      raw.destroy();
    });
    const lines: string[] = [];
    raw.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    raw.write('this is not json\n{"id":7,"channel":"jobs:list"}\n');
    await expect.poll(() => lines.length).toBe(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.parse(lines[1]!)).toEqual({ id: 7, ok: true, result: {} });
  });

  it('finds no instance when nothing listens, even with a leftover socket file, and replaces the leftover', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bits-ctl-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    expect(await connectControl(dir)).toBeUndefined();
    writeFileSync(controlEndpointPath(dir), '');
    expect(await connectControl(dir)).toBeUndefined();
    const events = new EventStream(() => () => undefined);
    const socket = await listenControlSocket({ dataDir: dir, events, invoke: async () => 'pong' });
    onTestFinished(() => socket.close());
    const client = (await connectControl(dir))!;
    expect(await client.invoke('x')).toBe('pong');
    client.close();
  });
});
