import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../shared/contract/core-api.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { EventStream } from '../host/event-stream.js';
import { makeJob } from './testing/job.js';
import { WindowStreams } from './window-streams.js';

function setUp() {
  let emit: (event: CoreEvent) => void = () => undefined;
  const stream = new EventStream(
    (listener) => {
      emit = listener;
      return () => undefined;
    },
    { hostRunId: 'run-1' },
  );
  const sent: Array<[number, string, StreamMessage]> = [];
  const streams = new WindowStreams(stream);
  const sender = (contentsId: number) => (id: string, message: StreamMessage) =>
    sent.push([contentsId, id, message]);
  return { emit: (event: CoreEvent) => emit(event), streams, sent, sender };
}

const changed = (id: string): CoreEvent => ({ type: 'job-changed', job: makeJob(id) });

describe('WindowStreams', () => {
  it('sends nothing before the renderer opens its stream, then resync-ready and live events', () => {
    const { emit, streams, sent, sender } = setUp();
    emit(changed('a'));
    expect(sent).toEqual([]);
    streams.open(1, { id: 's1' }, sender(1));
    emit(changed('b'));
    expect(
      sent.map(([, , m]) => (m.kind === 'ready' ? `ready:${m.seq}:${m.resync}` : `event:${m.seq}`)),
    ).toEqual(['ready:1:true', 'event:2']);
  });

  it('replays what a reloaded renderer missed when it reopens with its last seq', () => {
    const { emit, streams, sent, sender } = setUp();
    streams.open(1, { id: 's1' }, sender(1));
    emit(changed('a'));
    streams.dropWindow(1);
    emit(changed('b'));
    emit(changed('c'));
    expect(sent).toHaveLength(2);
    sent.length = 0;
    streams.open(1, { id: 's2', since: 1, hostRunId: 'run-1' }, sender(1));
    expect(sent.map(([, id, m]) => `${id}:${m.kind}:${m.seq}`)).toEqual([
      's2:event:2',
      's2:event:3',
      's2:ready:3',
    ]);
  });

  it('keeps windows apart, closes one stream, and rejects malformed or excessive opens', () => {
    const { emit, streams, sent, sender } = setUp();
    streams.open(1, { id: 'a' }, sender(1));
    streams.open(2, { id: 'a' }, sender(2));
    streams.close(1, { id: 'a' });
    sent.length = 0;
    emit(changed('x'));
    expect(sent.map(([w]) => w)).toEqual([2]);
    expect(() => streams.open(1, { id: '', since: -1 }, sender(1))).toThrow();
    expect(() => streams.open(1, { id: 'x', since: 'soon' }, sender(1))).toThrow();
    for (let i = 0; i < 16; i++) streams.open(3, { id: `s${i}` }, sender(3));
    expect(() => streams.open(3, { id: 'one-more' }, sender(3))).toThrow(/Too many/);
    streams.open(3, { id: 's0' }, sender(3));
    expect(streams.openCount).toBe(17);
  });
});
