import { describe, expect, it } from 'vitest';
import { ElectronTransport } from '../lib/transport/electron-transport.js';
import { FakeBridge, makeJob } from '../testing/fake-bridge.js';
import { createHostStore } from './host-store.js';
import { createJobsStore } from './jobs-store.js';
import { syncStores } from './sync.js';

/** A frame scheduler the test runs by hand: "the next animation frame" is `frame()`. */
function manualFrames() {
  const pending: Array<() => void> = [];
  return {
    schedule: (callback: () => void) => {
      pending.push(callback);
    },
    frame: () => {
      for (const callback of pending.splice(0)) callback();
    },
    get waiting() {
      return pending.length;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(jobs = [makeJob()]) {
  const bridge = new FakeBridge(jobs);
  const transport = new ElectronTransport(bridge);
  const stores = { jobs: createJobsStore(), host: createHostStore() };
  const frames = manualFrames();
  const stop = syncStores(transport, stores, frames.schedule);
  return { bridge, transport, stores, frames, stop };
}

describe('syncStores', () => {
  it('subscribes before it takes the snapshot, and takes it when ready asks for it', async () => {
    const job = makeJob();
    const { bridge, stores } = setUp([job]);
    expect(bridge.subscribedSince).toEqual([undefined]);
    expect(bridge.calls).toEqual([]);
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    expect(bridge.callsTo('jobs:list')).toEqual([{ sort: 'created', offset: 0, limit: 1000 }]);
    expect(stores.jobs.getState().byId[job.id]).toEqual(job);
    expect(stores.host.getState().connection).toBe('connected');
    expect(stores.host.getState().appInfo?.hostKind).toBe('desktop');
  });

  it('applies events once per animation frame, all of them in one store update', async () => {
    const job = makeJob({ state: 'transferring' });
    const { bridge, stores, frames } = setUp([job]);
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    let updates = 0;
    stores.jobs.subscribe(() => updates++);
    for (let seq = 1; seq <= 30; seq++) {
      bridge.push({
        kind: 'event',
        seq,
        event: {
          type: 'progress',
          jobId: job.id,
          phase: 'upload',
          bytesAcked: seq,
          bytesTotal: 100,
          bytesInFlight: 0,
          speedBps: 5,
        },
      });
    }
    expect(updates).toBe(0);
    expect(frames.waiting).toBe(1);
    frames.frame();
    expect(updates).toBe(1);
    expect(stores.jobs.getState().progress[job.id]?.bytesAcked).toBe(30);
  });

  it('events that arrive while the snapshot is on its way are laid on top of it', async () => {
    const job = makeJob({ state: 'queued', updatedAt: 10 });
    const { bridge, stores, frames } = setUp([job]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    bridge.handlers.set('jobs:list', async () => {
      await gate;
      return { jobs: [job], total: 1 };
    });
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    bridge.push({
      kind: 'event',
      seq: 1,
      event: { type: 'job-changed', job: { ...job, state: 'suspended', updatedAt: 20 } },
    });
    frames.frame();
    release();
    await settle();
    expect(stores.jobs.getState().byId[job.id]?.state).toBe('suspended');
  });

  it('a second resync while the first snapshot is on its way keeps only the newer answer', async () => {
    const job = makeJob({ updatedAt: 10 });
    const { bridge, stores } = setUp([job]);
    const answers: Array<() => void> = [];
    let listed = 0;
    bridge.handlers.set('jobs:list', () => {
      const n = ++listed;
      return new Promise((resolve) => {
        answers.push(() => resolve({ jobs: n === 1 ? [job] : [], total: n === 1 ? 1 : 0 }));
      });
    });
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r2' });
    await settle();
    answers[1]!();
    await settle();
    answers[0]!();
    await settle();
    // The first (stale) list had the job; the newer one says it is gone.
    expect(stores.jobs.getState().byId).toEqual({});
  });

  it('a failed snapshot is shown as a problem in plain words', async () => {
    const { bridge, stores } = setUp();
    bridge.handlers.set('jobs:list', () =>
      Promise.reject({ code: 'io', message: 'The database is locked.' }),
    );
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    expect(stores.host.getState().problem).toMatchObject({ code: 'io', message: 'The database is locked.' });
  });
});
