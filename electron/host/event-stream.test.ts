import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../shared/contract/core-api.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { EventStream } from './event-stream.js';

function source() {
  let emit: (event: CoreEvent) => void = () => {};
  let subscribed = 0;
  const subscribe = (listener: (event: CoreEvent) => void) => {
    emit = listener;
    subscribed++;
    return () => {
      subscribed--;
    };
  };
  return { subscribe, emit: (n: number) => emit(removed(n)), subscribed: () => subscribed };
}
const removed = (n: number): CoreEvent => ({ type: 'jobs-removed', ids: [`job-${n}`] });
const seqs = (messages: StreamMessage[]) =>
  messages.map((m) => (m.kind === 'event' ? m.seq : `ready:${m.resync}`));

describe('EventStream: numbered events, replay after a reconnect, resync when it cannot', () => {
  it('asks a first-time client to resync, then delivers events numbered without gaps', () => {
    const core = source();
    const stream = new EventStream(core.subscribe, { hostRunId: 'run-1' });
    const got: StreamMessage[] = [];
    stream.open(undefined, (m) => got.push(m));
    core.emit(1);
    core.emit(2);
    expect(got[0]).toEqual({ kind: 'ready', seq: 0, resync: true, hostRunId: 'run-1' });
    expect(seqs(got)).toEqual(['ready:true', 1, 2]);
  });

  it('replays exactly what a reconnecting client missed, then goes live', () => {
    const core = source();
    const stream = new EventStream(core.subscribe);
    for (let n = 1; n <= 5; n++) core.emit(n);
    const got: StreamMessage[] = [];
    stream.open(3, (m) => got.push(m));
    core.emit(6);
    expect(seqs(got)).toEqual([4, 5, 'ready:false', 6]);
    const upToDate: StreamMessage[] = [];
    stream.open(6, (m) => upToDate.push(m));
    expect(seqs(upToDate)).toEqual(['ready:false']);
  });

  it('asks for a resync when the gap is older than the buffer, or the client knew another run', () => {
    const core = source();
    const stream = new EventStream(core.subscribe, { bufferSize: 3, hostRunId: 'run-2' });
    for (let n = 1; n <= 10; n++) core.emit(n);
    const old: StreamMessage[] = [];
    stream.open(6, (m) => old.push(m));
    expect(seqs(old)).toEqual(['ready:true']);
    const edge: StreamMessage[] = [];
    stream.open(7, (m) => edge.push(m));
    expect(seqs(edge)).toEqual([8, 9, 10, 'ready:false']);
    const future: StreamMessage[] = [];
    stream.open(99, (m) => future.push(m));
    expect(seqs(future)).toEqual(['ready:true']);
    const otherRun: StreamMessage[] = [];
    stream.open(8, (m) => otherRun.push(m), 'run-1');
    expect(seqs(otherRun)).toEqual(['ready:true']);
  });

  it('stops delivering to a closed stream, survives a throwing listener, and unsubscribes on close', () => {
    const core = source();
    const stream = new EventStream(core.subscribe);
    const got: StreamMessage[] = [];
    const close = stream.open(undefined, (m) => got.push(m));
    stream.open(undefined, (m) => {
      if (m.kind === 'event') throw new Error('broken client');
    });
    core.emit(1);
    close();
    core.emit(2);
    expect(seqs(got)).toEqual(['ready:true', 1]);
    expect(stream.clientCount).toBe(1);
    stream.close();
    expect(core.subscribed()).toBe(0);
  });
});
