import { describe, expect, it } from 'vitest';
import { ElectronTransport } from '../lib/transport/electron-transport.js';
import { FakeBridge, makeJob } from '../testing/fake-bridge.js';
import { createHostStore } from './host-store.js';
import { createJobsStore } from './jobs-store.js';
import { PREVIEW_JOBS, syncStores } from './sync.js';

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

const PREVIEW = { sort: 'queue', offset: 0, limit: PREVIEW_JOBS };
const isPreview = (payload: unknown) => (payload as { sort?: string }).sort === 'queue';

function setUp(jobs = [makeJob()], prepare?: (bridge: FakeBridge) => void) {
  const bridge = new FakeBridge(jobs);
  prepare?.(bridge);
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
    // Only the first screen is asked for before ready: the snapshot waits for the stream.
    expect(bridge.calls).toEqual([{ channel: 'jobs:list', payload: PREVIEW }]);
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    expect(bridge.callsTo('jobs:list')).toEqual([PREVIEW, { sort: 'created', offset: 0, limit: 1000 }]);
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
      bridge.pushProgress(seq, job.id, { bytesAcked: seq, bytesTotal: 100, speedBps: 5 });
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
    bridge.handlers.set('jobs:list', (payload) => {
      if (isPreview(payload)) return { jobs: [], total: 1 };
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

describe('the first screen, before the whole list is in', () => {
  it('shows the top of the queue before the stream is ready, counts marked incomplete until the snapshot', async () => {
    const jobs = Array.from({ length: 150 }, (_, n) => makeJob({ fileName: `f-${n}.bin`, queueOrder: n }));
    const { bridge, stores } = setUp(jobs);
    await settle();
    const early = stores.jobs.getState();
    expect(early.loaded).toBe(true);
    expect(early.complete).toBe(false);
    expect(Object.keys(early.byId)).toHaveLength(PREVIEW_JOBS);
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    expect(stores.jobs.getState().complete).toBe(true);
    expect(Object.keys(stores.jobs.getState().byId)).toHaveLength(150);
  });

  it('a preview answering after the snapshot changes nothing', async () => {
    const job = makeJob({ state: 'queued', updatedAt: 10 });
    let answerPreview!: () => void;
    const { bridge, stores } = setUp([job], (bridge) =>
      bridge.handlers.set('jobs:list', (payload) =>
        isPreview(payload)
          ? new Promise((resolve) => {
              answerPreview = () => resolve({ jobs: [job, makeJob({ id: 'gone' })], total: 2 });
            })
          : { jobs: [{ ...job, state: 'suspended', updatedAt: 20 }], total: 1 },
      ),
    );
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    answerPreview();
    await settle();
    expect(Object.keys(stores.jobs.getState().byId)).toEqual([job.id]);
    expect(stores.jobs.getState().byId[job.id]?.state).toBe('suspended');
  });

  it('a preview never replaces a newer copy, nor brings back a job removed meanwhile', async () => {
    const kept = makeJob({ id: 'kept', state: 'queued', updatedAt: 10 });
    const removed = makeJob({ id: 'removed', updatedAt: 10 });
    let answerPreview!: () => void;
    const { bridge, stores, frames } = setUp([kept, removed], (bridge) =>
      bridge.handlers.set('jobs:list', (payload) =>
        isPreview(payload)
          ? new Promise((resolve) => {
              answerPreview = () => resolve({ jobs: [kept, removed], total: 2 });
            })
          : new Promise(() => {}),
      ),
    );
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    bridge.push({
      kind: 'event',
      seq: 1,
      event: { type: 'job-changed', job: { ...kept, state: 'suspended', updatedAt: 20 } },
    });
    bridge.push({ kind: 'event', seq: 2, event: { type: 'jobs-removed', ids: ['removed'] } });
    frames.frame();
    answerPreview();
    await settle();
    expect(stores.jobs.getState().byId).toEqual({ kept: { ...kept, state: 'suspended', updatedAt: 20 } });
  });

  it('a failed preview is silent: the snapshot still fills the list', async () => {
    const job = makeJob();
    const { bridge, stores } = setUp([job], (bridge) => {
      const list = bridge.handlers.get('jobs:list')!;
      bridge.handlers.set('jobs:list', (payload) =>
        isPreview(payload) ? Promise.reject({ code: 'io', message: 'busy' }) : list(payload),
      );
    });
    await settle();
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'r1' });
    await settle();
    expect(stores.host.getState().problem).toBeUndefined();
    expect(stores.jobs.getState().byId[job.id]).toEqual(job);
  });
});
