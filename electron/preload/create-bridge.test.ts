import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract/channels.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { createBridge } from './create-bridge.js';
import { INVOKE_IPC, STREAM_CLOSE_IPC, STREAM_MESSAGE_IPC, STREAM_OPEN_IPC } from './ipc-names.js';

/** Stands for Electron's ipcRenderer (no Electron binary here): records calls, delivers messages. */
class FakeIpc {
  private readonly listeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
  }
  invoked: unknown[][] = [];
  sent: unknown[][] = [];
  answer: unknown = { ok: true, value: null };
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, ...args]);
    return this.answer;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  deliver(id: string, message: StreamMessage) {
    for (const listener of this.listeners.get(STREAM_MESSAGE_IPC) ?? []) listener({}, id, message);
  }
}

function setUp() {
  const ipc = new FakeIpc();
  const bridge = createBridge({
    ipc,
    getPathForFile: (file: never) => {
      if ((file as { name?: string }).name === 'bad') throw new TypeError('not a File');
      return `/home/ann/${(file as { name: string }).name}`;
    },
    channels: Object.keys(CHANNELS),
  });
  return { ipc, bridge };
}

describe('createBridge', () => {
  it('exposes exactly invoke, subscribe and pathForFile', () => {
    expect(Object.keys(setUp().bridge).sort()).toEqual(['invoke', 'pathForFile', 'subscribe']);
  });

  it('sends contract channels to main and unwraps the answer', async () => {
    const { ipc, bridge } = setUp();
    ipc.answer = { ok: true, value: { jobs: [], total: 0 } };
    expect(await bridge.invoke('jobs:list', {})).toEqual({ jobs: [], total: 0 });
    expect(ipc.invoked).toEqual([[INVOKE_IPC, 'jobs:list', {}]]);
  });

  it('rejects with the plain { code, message, hint } that main sent', async () => {
    const { ipc, bridge } = setUp();
    ipc.answer = { ok: false, error: { code: 'not-found', message: 'There is no job x.', hint: 'Refresh.' } };
    const error = await bridge.invoke('jobs:get', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toEqual({ code: 'not-found', message: 'There is no job x.', hint: 'Refresh.' });
    expect(error).not.toBeInstanceOf(Error);
  });

  it('refuses names outside the contract without reaching main', async () => {
    const { ipc, bridge } = setUp();
    for (const name of ['fs:read', '__proto__', 'bits:invoke', 42]) {
      await expect(bridge.invoke(name as string, {})).rejects.toMatchObject({ code: 'unknown-channel' });
    }
    expect(ipc.invoked).toEqual([]);
  });

  it('opens a stream per subscriber, routes messages by stream, and closes once', () => {
    const { ipc, bridge } = setUp();
    const a: StreamMessage[] = [];
    const b: StreamMessage[] = [];
    const closeA = bridge.subscribe(undefined, (m) => a.push(m));
    bridge.subscribe(41, (m) => b.push(m));
    expect(ipc.sent).toEqual([
      [STREAM_OPEN_IPC, { id: 's1', since: undefined }],
      [STREAM_OPEN_IPC, { id: 's2', since: 41 }],
    ]);
    const ready: StreamMessage = { kind: 'ready', seq: 41, resync: false, hostRunId: 'r' };
    ipc.deliver('s2', ready);
    expect(a).toEqual([]);
    expect(b).toEqual([ready]);
    closeA();
    closeA();
    ipc.deliver('s1', ready);
    expect(a).toEqual([]);
    expect(ipc.sent.filter(([name]) => name === STREAM_CLOSE_IPC)).toEqual([
      [STREAM_CLOSE_IPC, { id: 's1' }],
    ]);
  });

  it('drops a nonsense `since` rather than passing it on', () => {
    const { ipc, bridge } = setUp();
    bridge.subscribe(-3, () => undefined);
    bridge.subscribe(1.5, () => undefined);
    expect(ipc.sent.map(([, payload]) => payload)).toEqual([{ id: 's1' }, { id: 's2' }]);
  });

  it("gives a dropped file's path through webUtils, and '' for anything else", () => {
    const { bridge } = setUp();
    expect(bridge.pathForFile({ name: 'dump.dmp' })).toBe('/home/ann/dump.dmp');
    expect(bridge.pathForFile({ name: 'bad' })).toBe('');
  });
});
