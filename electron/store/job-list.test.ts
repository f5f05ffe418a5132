import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord } from './job-record.js';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import { sampleRecord } from './testing/job-fixtures.js';

let store: JobStore;

const ids = (result: { records: JobRecord[] }): string[] => result.records.map((record) => record.id);

beforeEach(() => {
  store = createJobStore(openDatabase(':memory:').db);
  store.insertJobs([
    sampleRecord({
      id: 'a',
      queueOrder: 3,
      state: 'queued',
      filePath: '/srv/Reports/q1_100%.PDF',
      bytesTotal: 400,
      bytesAcked: 100,
      createdAt: 30,
    }),
    sampleRecord({
      id: 'b',
      queueOrder: 1,
      state: 'transferring',
      filePath: 'C:\\Users\\Zoë\\beta.txt',
      bytesTotal: 10,
      bytesAcked: 10,
      createdAt: 10,
    }),
    sampleRecord({
      id: 'c',
      queueOrder: 2,
      state: 'error',
      filePath: '/srv/ÉTÉ/Café.jpg',
      url: 'https://other.example.test/up_load',
      bytesTotal: 2 ** 40,
      bytesAcked: 0,
      createdAt: 20,
    }),
    sampleRecord({
      id: 'd',
      queueOrder: 4,
      state: 'acknowledged',
      filePath: '/srv/reports/q1x100.pdf',
      bytesTotal: 0,
      bytesAcked: 0,
      createdAt: 40,
    }),
  ]);
});
afterEach(() => store.close());

describe('listJobs', () => {
  it('defaults to queue order and counts everything', () => {
    const result = store.listJobs({});
    expect(ids(result)).toEqual(['b', 'c', 'a', 'd']);
    expect(result.total).toBe(4);
  });

  it('filters by states', () => {
    expect(ids(store.listJobs({ states: ['queued', 'error'] }))).toEqual(['c', 'a']);
    expect(store.listJobs({ states: [] })).toEqual({ records: [], total: 0 });
  });

  it('searches file paths and URLs case-insensitively', () => {
    expect(ids(store.listJobs({ search: 'REPORTS' })).sort()).toEqual(['a', 'd']);
    expect(ids(store.listJobs({ search: 'other.EXAMPLE' }))).toEqual(['c']);
    expect(ids(store.listJobs({ search: '  beta  ' }))).toEqual(['b']);
  });

  it('takes LIKE wildcards and the escape character literally', () => {
    // Unescaped, '1_1' and '100%' would also match 'q1x100'.
    expect(ids(store.listJobs({ search: '100%' }))).toEqual(['a']);
    expect(ids(store.listJobs({ search: 'q1_' }))).toEqual(['a']);
    expect(ids(store.listJobs({ search: 'p_load' }))).toEqual(['c']);
    expect(ids(store.listJobs({ search: 'u_loads' }))).toEqual([]); // '_' would match the 'p' of 'uploads'
    expect(ids(store.listJobs({ search: '%' }))).toEqual(['a']);
    expect(ids(store.listJobs({ search: 'Users\\Zo' }))).toEqual(['b']);
  });

  it('folds non-ASCII letters and Unicode normalization', () => {
    expect(ids(store.listJobs({ search: 'zoË' }))).toEqual(['b']);
    expect(ids(store.listJobs({ search: 'été/café' }))).toEqual(['c']);
    // Decomposed input (as macOS file names come) finds the composed path.
    expect(ids(store.listJobs({ search: 'cafe\u0301' }))).toEqual(['c']);
  });

  it('combines states, search and paging with a total of all matches', () => {
    const result = store.listJobs({ states: ['queued', 'acknowledged'], search: 'srv', limit: 1, offset: 1 });
    expect(ids(result)).toEqual(['d']);
    expect(result.total).toBe(2);
  });

  it('sorts by each key in both directions', () => {
    const order = (sort: NonNullable<Parameters<JobStore['listJobs']>[0]['sort']>, desc = false) =>
      ids(store.listJobs({ sort, direction: desc ? 'desc' : 'asc' }));
    expect(order('queue')).toEqual(['b', 'c', 'a', 'd']);
    expect(order('queue', true)).toEqual(['d', 'a', 'c', 'b']);
    expect(order('created')).toEqual(['b', 'c', 'a', 'd']);
    expect(order('created', true)).toEqual(['d', 'a', 'c', 'b']);
    // Base names, case-insensitive: beta.txt, Café.jpg, q1_100%.PDF, q1x100.pdf.
    expect(order('name')).toEqual(['b', 'c', 'a', 'd']);
    expect(order('name', true)).toEqual(['d', 'a', 'c', 'b']);
    expect(order('size')).toEqual(['d', 'b', 'a', 'c']);
    expect(order('size', true)).toEqual(['c', 'a', 'b', 'd']);
    // 0 (c, d: d has nothing to send), 0.25 (a), 1 (b).
    expect(order('progress')).toEqual(['c', 'd', 'a', 'b']);
    expect(order('progress', true)).toEqual(['b', 'a', 'd', 'c']);
    // Lifecycle order of JOB_STATES: queued, transferring, error, acknowledged.
    expect(order('state')).toEqual(['a', 'b', 'c', 'd']);
    expect(order('state', true)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('pages stably when sort keys tie', () => {
    store.insertJobs(
      Array.from({ length: 30 }, (_, n) => sampleRecord({ id: `same-${n}`, queueOrder: 100, bytesTotal: 7 })),
    );
    const seen: string[] = [];
    for (let offset = 0; offset < 34; offset += 5) {
      seen.push(...ids(store.listJobs({ sort: 'size', offset, limit: 5 })));
    }
    expect(new Set(seen).size).toBe(34);
  });

  it('clamps limit and offset', () => {
    store.insertJobs(
      Array.from({ length: 1200 }, (_, n) => sampleRecord({ id: `bulk-${n}`, queueOrder: 10 + n })),
    );
    expect(store.listJobs({}).records).toHaveLength(100);
    expect(store.listJobs({ limit: 5000 }).records).toHaveLength(1000);
    expect(store.listJobs({ limit: 0 })).toEqual({ records: [], total: 1204 });
    expect(store.listJobs({ limit: -3, offset: -10 }).records).toHaveLength(0);
    expect(ids(store.listJobs({ offset: -10, limit: 1 }))).toEqual(['b']);
    expect(store.listJobs({ offset: 5000 }).records).toEqual([]);
  });
});
