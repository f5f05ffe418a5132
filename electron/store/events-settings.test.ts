import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/jobs.js';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import type { StoreProblem } from './store-problem.js';
import { makeTempDir, sampleRecord } from './testing/job-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let store: JobStore;
let problems: StoreProblem[];

function open(): JobStore {
  return createJobStore(openDatabase(dbPath).db, { onProblem: (problem) => problems.push(problem) });
}

beforeEach(() => {
  temp = makeTempDir();
  dbPath = path.join(temp.dir, 'jobs.db');
  problems = [];
  store = open();
  store.insertJobs([sampleRecord({ id: 'j' }), sampleRecord({ id: 'other' })]);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('job events', () => {
  it('round-trips every field, leaving absent ones absent', () => {
    store.appendEvent({ jobId: 'j', at: 5, kind: 'state', state: 'connecting', message: 'Connecting…' });
    store.appendEvent({
      jobId: 'j',
      at: 6,
      kind: 'error',
      state: 'transient-error',
      message: 'Server busy',
      httpStatus: 503,
      code: '0x801901F7',
      context: 5,
    });
    const [first, second] = store.listEvents('j');
    expect(first).toStrictEqual({
      id: first!.id,
      jobId: 'j',
      at: 5,
      kind: 'state',
      state: 'connecting',
      message: 'Connecting…',
    });
    expect(second).toMatchObject({ kind: 'error', httpStatus: 503, code: '0x801901F7', context: 5 });
    expect(second!.id).toBeGreaterThan(first!.id);
  });

  it('lists the newest `limit`, oldest first (200 by default)', () => {
    store.transaction(() => {
      for (let n = 0; n < 250; n++) store.appendEvent({ jobId: 'j', at: n, kind: 'info', message: `e${n}` });
    });
    store.appendEvent({ jobId: 'other', at: 0, kind: 'info', message: 'not mine' });
    const all = store.listEvents('j');
    expect(all).toHaveLength(200);
    expect(all[0]?.message).toBe('e50');
    expect(all.at(-1)?.message).toBe('e249');
    expect(store.listEvents('j', 3).map((event) => event.message)).toEqual(['e247', 'e248', 'e249']);
  });

  it('prunes a timeline to its newest events, leaving other jobs alone', () => {
    for (let n = 0; n < 10; n++) store.appendEvent({ jobId: 'j', at: n, kind: 'info', message: `e${n}` });
    store.appendEvent({ jobId: 'other', at: 0, kind: 'info', message: 'kept' });
    store.pruneEvents('j', 4);
    expect(store.listEvents('j').map((event) => event.message)).toEqual(['e6', 'e7', 'e8', 'e9']);
    expect(store.listEvents('other')).toHaveLength(1);
    store.pruneEvents('j', 0);
    expect(store.listEvents('j')).toEqual([]);
  });

  it('drops an event for a job that no longer exists instead of throwing', () => {
    store.deleteJobs(['j']);
    expect(() => store.appendEvent({ jobId: 'j', at: 1, kind: 'info', message: 'late' })).not.toThrow();
    expect(store.listEvents('j')).toEqual([]);
  });
});

describe('settings', () => {
  const custom: Settings = {
    ...DEFAULT_SETTINGS,
    maxConcurrentJobs: 6,
    bandwidthLimitBps: 1_000_000,
    retry: { minDelayMs: 7_000, maxDelayMs: 60_000, noProgressTimeoutMs: 0 },
    replyFolder: '/home/zoë/replies',
  };

  function storeRaw(key: string, valueJson: string): void {
    const { db } = openDatabase(dbPath);
    db.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    ).run(key, valueJson);
    db.close();
  }

  it('starts at the defaults, as a copy the caller may change', () => {
    const settings = store.getSettings();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    settings.retry.minDelayMs = 99_999;
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.retry.minDelayMs).toBe(0);
  });

  it('persists what was saved across a reopen', () => {
    store.saveSettings(custom);
    store.close();
    store = open();
    expect(store.getSettings()).toEqual(custom);
  });

  it('refuses to save invalid settings', () => {
    expect(() => store.saveSettings({ ...custom, maxConcurrentJobs: 0 })).toThrow();
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to the default for each stored value that is garbage, keeping the rest', () => {
    store.saveSettings(custom);
    storeRaw('maxConcurrentJobs', '"lots"');
    storeRaw('retry', 'not json at all');
    storeRaw('somethingFromTheFuture', '{"x":1}');
    expect(store.getSettings()).toEqual({
      ...custom,
      maxConcurrentJobs: DEFAULT_SETTINGS.maxConcurrentJobs,
      retry: DEFAULT_SETTINGS.retry,
    });
    expect(problems.map((problem) => problem.key).sort()).toEqual(['maxConcurrentJobs', 'retry']);
    expect(problems[0]?.action).toBe('default-used');
  });

  it('fills members missing from a stored group with their defaults', () => {
    storeRaw('retry', '{"minDelayMs":9000}');
    expect(store.getSettings().retry).toEqual({ ...DEFAULT_SETTINGS.retry, minDelayMs: 9000 });
    expect(problems).toEqual([]);
  });
});
