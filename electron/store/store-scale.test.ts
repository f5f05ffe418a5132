import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSessionState } from '../../shared/session-state.js';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import { makeTempDir, sampleRecords } from './testing/job-fixtures.js';

/*
 * 10,000 jobs in a real WAL file: checks the results at that size and prints the times.
 * Timing is the benchmark's business (bench/), so nothing here fails on speed.
 */
const COUNT = 10_000;
const timings: string[] = [];

function timed<T>(label: string, fn: () => T, runs = 1): T {
  const start = performance.now();
  let result!: T;
  for (let n = 0; n < runs; n++) result = fn();
  const ms = (performance.now() - start) / runs;
  timings.push(`${label}: ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`}`);
  return result;
}

describe(`a store with ${COUNT} jobs`, () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: JobStore;
  const records = sampleRecords(COUNT).map((record, n) => ({
    ...record,
    state: n % 4 === 0 ? ('acknowledged' as const) : record.state,
    session: freshSessionState(record.bytesTotal, 1_700_000_000_000),
    headers: [['X-Batch', String(n % 10)]] as Array<[string, string]>,
  }));

  beforeAll(() => {
    temp = makeTempDir();
    store = createJobStore(openDatabase(path.join(temp.dir, 'scale.db')).db);
  });
  afterAll(() => {
    store.close();
    temp.remove();
    console.log(`store timings (${COUNT} jobs)\n  ${timings.join('\n  ')}`);
  });

  it('inserts them in one batch', () => {
    timed('insertJobs', () => store.insertJobs(records));
    expect(store.orderBounds()).toEqual({ min: 0, max: COUNT - 1 });
  });

  it('pages through them with a total', () => {
    const sorts = ['queue', 'created', 'name', 'size', 'progress', 'state'] as const;
    for (const sort of sorts) {
      store.listJobs({ sort, offset: 5000 }); // prepare once, outside the timing
      const page = timed(`listJobs ${sort} (page at 5000, desc)`, () =>
        store.listJobs({ sort, direction: 'desc', offset: 5000 }),
      );
      expect(page.records).toHaveLength(100);
      expect(page.total).toBe(COUNT);
    }
    const filtered = timed('listJobs states + search', () =>
      store.listJobs({ states: ['queued'], search: 'batch-3/', sort: 'name' }),
    );
    expect(filtered.total).toBe(
      records.filter((r) => r.state === 'queued' && r.filePath.includes('batch-3/')).length,
    );
  });

  it('loads the unfinished ones', () => {
    const unfinished = timed('loadUnfinished', () => store.loadUnfinished());
    expect(unfinished).toHaveLength((COUNT * 3) / 4);
    expect(unfinished[0]?.session).toEqual(records[1]?.session);
  });

  it('writes checkpoints', () => {
    const session = { ...records[1]!.session, sessionId: '{abc}' };
    let acked = 0;
    timed(
      'saveCheckpoint (mean of 2000)',
      () => {
        acked += 4096;
        store.saveCheckpoint('job-000001', { ...session, acked }, acked, acked);
      },
      2000,
    );
    expect(store.getJob('job-000001')?.bytesAcked).toBe(acked);
  });
});
