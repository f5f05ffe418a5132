import { describe, expect, it } from 'vitest';
import { orderJobs } from '../../stores/jobs-store.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { createListViewStore } from './list-view.js';
import { QUEUE_ORDER, showJobs } from './shown-jobs.js';

const jobs = [
  makeJob({ fileName: 'Beta.log', state: 'transferring', bytesTotal: 300, queueOrder: 1 }),
  makeJob({ fileName: 'alpha-10.bin', state: 'queued', bytesTotal: 100, queueOrder: 2 }),
  makeJob({ fileName: 'alpha-9.bin', state: 'error', bytesTotal: 200, queueOrder: 3 }),
  makeJob({ fileName: 'gamma.dmp', state: 'acknowledged', bytesTotal: 50, queueOrder: 4 }),
  makeJob({ fileName: 'delta.dmp', state: 'cancelled', bytesTotal: 10, queueOrder: 5 }),
  makeJob({ fileName: 'ALPHA.txt', state: 'suspended', bytesTotal: 400, queueOrder: 6, priority: 'high' }),
];
const byId = Object.fromEntries(jobs.map((job) => [job.id, job]));
const queued = orderJobs(byId);
const names = (list: { jobs: { fileName: string }[] }) => list.jobs.map((job) => job.fileName);

describe('the shown list', () => {
  it('queue order by default: priority first, then position; reversed on request', () => {
    const view = { sort: QUEUE_ORDER, filter: 'all' as const, search: '' };
    expect(names(showJobs(queued, view, {}))).toEqual([
      'ALPHA.txt',
      'Beta.log',
      'alpha-10.bin',
      'alpha-9.bin',
      'gamma.dmp',
      'delta.dmp',
    ]);
    expect(names(showJobs(queued, { ...view, sort: { key: 'queue', direction: 'desc' } }, {}))[0]).toBe(
      'delta.dmp',
    );
  });

  it('sorts names case-insensitively with numbers in numeric order, and sizes both ways', () => {
    const view = {
      sort: { key: 'name' as const, direction: 'asc' as const },
      filter: 'all' as const,
      search: '',
    };
    expect(names(showJobs(queued, view, {})).slice(0, 3)).toEqual([
      'alpha-9.bin',
      'alpha-10.bin',
      'ALPHA.txt',
    ]);
    const bySize = showJobs(queued, { ...view, sort: { key: 'size', direction: 'desc' } }, {});
    expect(bySize.jobs.map((job) => job.bytesTotal)).toEqual([400, 300, 200, 100, 50, 10]);
  });

  it('the chips filter by state and count what the search leaves, cancelled jobs only under All', () => {
    const all = showJobs(queued, { sort: QUEUE_ORDER, filter: 'all', search: '' }, {});
    expect(all.counts).toEqual({ all: 6, active: 1, waiting: 1, suspended: 1, failed: 1, done: 1 });
    const failed = showJobs(queued, { sort: QUEUE_ORDER, filter: 'failed', search: '' }, {});
    expect(names(failed)).toEqual(['alpha-9.bin']);
    const searched = showJobs(queued, { sort: QUEUE_ORDER, filter: 'waiting', search: '  ALPHA ' }, {});
    expect(names(searched)).toEqual(['alpha-10.bin']);
    expect(searched.matches).toBe(3);
    expect(searched.counts).toMatchObject({ all: 3, waiting: 1, failed: 1, suspended: 1, active: 0 });
  });

  it('a header click sorts ascending, then descending, then back to queue order', () => {
    const store = createListViewStore();
    store.getState().sortBy('size');
    expect(store.getState().view.sort).toEqual({ key: 'size', direction: 'asc' });
    store.getState().sortBy('size');
    expect(store.getState().view.sort).toEqual({ key: 'size', direction: 'desc' });
    store.getState().sortBy('size');
    expect(store.getState().view.sort).toEqual(QUEUE_ORDER);
  });

  it('derives once per change of jobs or view: a progress tick alone does not re-sort', () => {
    const store = createListViewStore();
    store.getState().sortBy('speed');
    const { view } = store.getState();
    const first = store.getState().derive(byId, view, {});
    expect(store.getState().derive(byId, view, { [jobs[0]!.id]: {} as never })).toBe(first);
    expect(store.getState().derive({ ...byId }, view, {})).not.toBe(first);
  });
});
