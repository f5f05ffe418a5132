import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract/core-api.js';
import { makeJob } from '../testing/fake-bridge.js';
import { createJobsStore, orderJobs, selectJobCount } from './jobs-store.js';

const progress = (jobId: string, bytesAcked: number): ProgressEvent => ({
  type: 'progress',
  jobId,
  phase: 'upload',
  bytesAcked,
  bytesTotal: 100,
  bytesInFlight: 0,
  speedBps: 1000,
});

describe('jobs store', () => {
  it('holds the snapshot normalized by id and marks the list loaded', () => {
    const store = createJobsStore();
    const a = makeJob();
    const b = makeJob();
    expect(store.getState().loaded).toBe(false);
    store.getState().applySnapshot([a, b]);
    expect(store.getState().byId).toEqual({ [a.id]: a, [b.id]: b });
    expect(store.getState().loaded).toBe(true);
  });

  it('drops an event older than the copy it holds (by updatedAt)', () => {
    const store = createJobsStore();
    const job = makeJob({ state: 'transferring', updatedAt: 50 });
    store.getState().applySnapshot([job]);
    store.getState().applyEvents([{ type: 'job-changed', job: { ...job, state: 'queued', updatedAt: 40 } }]);
    expect(store.getState().byId[job.id]?.state).toBe('transferring');
    store
      .getState()
      .applyEvents([{ type: 'job-changed', job: { ...job, state: 'suspended', updatedAt: 60 } }]);
    expect(store.getState().byId[job.id]?.state).toBe('suspended');
  });

  it('keeps what changed while the snapshot was on its way, and forgets what was removed meanwhile', () => {
    const store = createJobsStore();
    const changed = makeJob({ state: 'queued', updatedAt: 10 });
    const removed = makeJob();
    const created = makeJob();
    store.getState().beginSnapshot();
    store.getState().applyEvents([
      { type: 'job-changed', job: { ...changed, state: 'transferring', updatedAt: 20 } },
      { type: 'jobs-removed', ids: [removed.id] },
      { type: 'job-changed', job: created },
    ]);
    // The list was taken before those events: it still has the removed job and the old state.
    store.getState().applySnapshot([changed, removed]);
    const { byId } = store.getState();
    expect(byId[changed.id]?.state).toBe('transferring');
    expect(byId[removed.id]).toBeUndefined();
    expect(byId[created.id]).toEqual(created);
  });

  it('a snapshot newer than an event taken meanwhile wins', () => {
    const store = createJobsStore();
    const job = makeJob({ updatedAt: 10 });
    store.getState().beginSnapshot();
    store
      .getState()
      .applyEvents([{ type: 'job-changed', job: { ...job, state: 'connecting', updatedAt: 20 } }]);
    store.getState().applySnapshot([{ ...job, state: 'transferring', updatedAt: 30 }]);
    expect(store.getState().byId[job.id]?.state).toBe('transferring');
  });

  it('jobs-removed removes the job and its progress', () => {
    const store = createJobsStore();
    const job = makeJob({ state: 'transferring' });
    store.getState().applySnapshot([job]);
    store.getState().applyEvents([progress(job.id, 40)]);
    store.getState().applyEvents([{ type: 'jobs-removed', ids: [job.id] }]);
    expect(store.getState().byId).toEqual({});
    expect(store.getState().progress).toEqual({});
  });

  it('applies progress of running jobs only, and drops it when the job stops', () => {
    const store = createJobsStore();
    const running = makeJob({ state: 'transferring' });
    const suspended = makeJob({ state: 'suspended' });
    store.getState().applySnapshot([running, suspended]);
    store.getState().applyEvents([progress(running.id, 40), progress(suspended.id, 10), progress('nope', 1)]);
    expect(Object.keys(store.getState().progress)).toEqual([running.id]);
    expect(store.getState().progress[running.id]?.bytesAcked).toBe(40);
    store
      .getState()
      .applyEvents([
        { type: 'job-changed', job: { ...running, state: 'suspended', updatedAt: running.updatedAt + 1 } },
      ]);
    expect(store.getState().progress).toEqual({});
  });

  it('a batch is one store update, and a batch that changes nothing is none', () => {
    const store = createJobsStore();
    const job = makeJob({ state: 'transferring' });
    store.getState().applySnapshot([job]);
    let updates = 0;
    store.subscribe(() => updates++);
    store.getState().applyEvents(Array.from({ length: 50 }, (_, i) => progress(job.id, i)));
    expect(updates).toBe(1);
    expect(store.getState().progress[job.id]?.bytesAcked).toBe(49);
    store.getState().applyEvents([progress('unknown', 1)]);
    expect(updates).toBe(1);
  });

  it('orders jobs as the engine runs them: priority, then queue position', () => {
    const low = makeJob({ priority: 'low', queueOrder: 1 });
    const second = makeJob({ queueOrder: 3 });
    const first = makeJob({ queueOrder: 2 });
    const urgent = makeJob({ priority: 'foreground', queueOrder: 9 });
    const ids = orderJobs({ [low.id]: low, [second.id]: second, [first.id]: first, [urgent.id]: urgent }).map(
      (job) => job.id,
    );
    expect(ids).toEqual([urgent.id, first.id, second.id, low.id]);
  });
});

describe('selectJobCount', () => {
  it('counts a job list once, however many progress batches ask again', () => {
    let walks = 0;
    const byId = new Proxy(Object.fromEntries([makeJob(), makeJob()].map((job) => [job.id, job])), {
      ownKeys(target) {
        walks++;
        return Reflect.ownKeys(target);
      },
    });
    for (let tick = 0; tick < 60; tick++) expect(selectJobCount({ byId })).toBe(2);
    expect(walks).toBe(1);
    expect(selectJobCount({ byId: { ...byId } })).toBe(2);
  });
});
