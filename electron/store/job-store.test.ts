import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/session-state.js';
import type { JobRecord } from './job-record.js';
import { JOB_FIELD_NAMES } from './job-row.js';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import type { StoreProblem } from './store-problem.js';
import { makeTempDir, sampleRecord, testSecretBox } from './testing/job-fixtures.js';

const BIG = 5 * 2 ** 32 + 7; // past 32 bits, still an exact double

const session: SessionState = {
  sessionId: '{6f1a0c7e-0000-4000-8000-00000000abcd}',
  hostId: 'node-7.farm.example.test:8443',
  hostFallbackTimeoutSec: 300,
  hostFallbackDeadline: 1_700_000_500_000,
  hostFallenBack: false,
  acked: 2 ** 33,
  fileSize: BIG,
  fileMtimeMs: 1_699_999_999_123.5,
  uploadComplete: false,
  replyUrl: 'https://uploads.example.test/replies/42',
  replyDone: false,
  closeSent: true,
  fragmentSize: 1024 * 1024,
  restartsWithoutProgress: 2,
};

/** Every member of JobRecord set to something other than its default. */
const full: JobRecord = {
  id: 'job-full',
  type: 'upload-reply',
  state: 'transient-error',
  priority: 'foreground',
  queueOrder: -12,
  filePath: '/données/日本語/файл 🚀 100%_done.bin',
  url: 'https://uploads.example.test/bits/ü?x=1',
  headers: [
    ['X-Token', 'sécret value'],
    ['X-Empty', ''],
  ],
  credentials: { user: 'DOMAIN\\ünïcode', password: 'p@ss "word"' },
  replyPath: 'C:\\Users\\Ådne\\replies\\reply.xml',
  holdCompletion: true,
  options: {
    retry: { minDelayMs: 6000, noProgressTimeoutMs: 0 },
    fragmentSize: 65_536,
    caFile: '/etc/ca/ünï.pem',
  },
  bytesTotal: BIG,
  bytesAcked: 2 ** 33,
  replyBytes: 2 ** 40,
  session,
  attempts: 17,
  nextRetryAt: 1_700_000_600_000,
  noProgressSince: 1_700_000_100_000,
  error: {
    message: 'The server is busy.',
    hint: 'It will retry.',
    code: '0x801901F7',
    context: 5,
    classification: 'transient',
    phase: 'upload',
    httpStatus: 503,
    at: 1_700_000_400_000,
    evidence: { statusLine: 'HTTP/1.1 503 Busy', headers: [['Retry-After', '5']], body: 'busy' },
  },
  cancelPending: true,
  cancelDeadline: 1_700_000_700_000,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_300_000,
  completedAt: 1_700_000_800_000,
};

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let store: JobStore;
let problems: StoreProblem[];

function open(): JobStore {
  return createJobStore(openDatabase(dbPath).db, {
    onProblem: (problem) => problems.push(problem),
    secrets: testSecretBox(),
  });
}

beforeEach(() => {
  temp = makeTempDir();
  dbPath = path.join(temp.dir, 'jobs.db');
  problems = [];
  store = open();
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('JobRecord round trip', () => {
  it('sets every member in the fixture (so the round trip below covers them all)', () => {
    expect(Object.keys(full).sort()).toEqual(['id', ...JOB_FIELD_NAMES].sort());
  });

  it('keeps every field, unicode and >2^32 byte counts included, across a reopen', () => {
    store.insertJobs([full]);
    expect(store.getJob(full.id)).toEqual(full);
    store.close();
    store = open();
    const back = store.getJob(full.id);
    expect(back).toStrictEqual(full);
    expect(back?.bytesTotal).toBe(BIG);
  });

  it('leaves optional members absent rather than undefined', () => {
    const minimal = sampleRecord({ id: 'minimal' });
    store.insertJobs([minimal]);
    const back = store.getJob('minimal')!;
    expect(back).toStrictEqual(minimal);
    expect('session' in back).toBe(false);
  });

  it('answers undefined for an unknown id', () => {
    expect(store.getJob('nope')).toBeUndefined();
  });

  it('inserts a batch in one transaction: one bad record stores none', () => {
    const batch = [sampleRecord({ id: 'a' }), sampleRecord({ id: 'b' }), sampleRecord({ id: 'a' })];
    expect(() => store.insertJobs(batch)).toThrow(/UNIQUE/);
    expect(store.listJobs({}).total).toBe(0);
  });
});

describe('updateJob', () => {
  beforeEach(() => store.insertJobs([full]));

  it('writes only the given fields and bumps nothing by itself', () => {
    store.updateJob(full.id, { state: 'transferring', attempts: 18 });
    expect(store.getJob(full.id)).toEqual({ ...full, state: 'transferring', attempts: 18 });
  });

  it('clears optional fields given as undefined', () => {
    store.updateJob(full.id, { error: undefined, credentials: undefined, nextRetryAt: undefined });
    const back = store.getJob(full.id)!;
    expect(back.error).toBeUndefined();
    expect(back.credentials).toBeUndefined();
    expect(back.nextRetryAt).toBeUndefined();
    expect(back.session).toEqual(session);
  });

  it('refuses to clear a required field or write an unknown one', () => {
    expect(() => store.updateJob(full.id, { state: undefined })).toThrow(/required/);
    expect(() => store.updateJob(full.id, { fileName: 'x' } as never)).toThrow(/not a stored job field/);
    expect(() => store.updateJob(full.id, { constructor: 1 } as never)).toThrow(/not a stored job field/);
    expect(store.getJob(full.id)).toEqual(full);
  });

  it("accepts the job's own id in a patch (a spread record) but not another", () => {
    store.updateJob(full.id, { ...full, attempts: 1 } as never);
    expect(store.getJob(full.id)?.attempts).toBe(1);
    expect(() => store.updateJob(full.id, { id: 'other' } as never)).toThrow(/id/);
  });

  it('ignores an empty patch and an unknown id', () => {
    store.updateJob(full.id, {});
    store.updateJob('gone', { state: 'queued' });
    expect(store.getJob(full.id)).toEqual(full);
  });
});

describe('saveCheckpoint', () => {
  it('stores the session, the acknowledged bytes and the time, nothing else', () => {
    store.insertJobs([full]);
    const next: SessionState = { ...session, acked: 2 ** 33 + 4096, uploadComplete: true };
    store.saveCheckpoint(full.id, next, next.acked, 1_700_000_999_000);
    expect(store.getJob(full.id)).toEqual({
      ...full,
      session: next,
      bytesAcked: next.acked,
      updatedAt: 1_700_000_999_000,
    });
  });

  it('survives a reopen (what a crash after the write would see)', () => {
    store.insertJobs([sampleRecord({ id: 'c' })]);
    for (let n = 1; n <= 50; n++) store.saveCheckpoint('c', { ...session, acked: n * 100 }, n * 100, n);
    store.close();
    store = open();
    expect(store.getJob('c')).toMatchObject({ bytesAcked: 5000, updatedAt: 50, session: { acked: 5000 } });
  });
});

describe('loadUnfinished', () => {
  it('returns unfinished jobs and final ones with a pending cancel, in queue order', () => {
    store.insertJobs([
      sampleRecord({ id: 'done', state: 'acknowledged', queueOrder: 1 }),
      sampleRecord({ id: 'late', state: 'suspended', queueOrder: 9 }),
      sampleRecord({ id: 'cancelling', state: 'cancelled', cancelPending: true, queueOrder: 5 }),
      sampleRecord({ id: 'cancelled', state: 'cancelled', queueOrder: 2 }),
      sampleRecord({ id: 'first', state: 'transferring', queueOrder: 0 }),
      sampleRecord({ id: 'failed', state: 'error', queueOrder: 3 }),
      sampleRecord({ id: 'waiting', state: 'transferred', queueOrder: 4 }),
    ]);
    expect(store.loadUnfinished().map((record) => record.id)).toEqual([
      'first',
      'failed',
      'waiting',
      'cancelling',
      'late',
    ]);
  });
});

describe('deleteJobs and orderBounds', () => {
  it('deletes the jobs with their events and counts what it removed', () => {
    store.insertJobs([sampleRecord({ id: 'a' }), sampleRecord({ id: 'b' })]);
    store.appendEvent({ jobId: 'a', at: 1, kind: 'info', message: 'added' });
    store.appendEvent({ jobId: 'b', at: 1, kind: 'info', message: 'added' });
    expect(store.deleteJobs(['a', 'missing'])).toBe(1);
    expect(store.getJob('a')).toBeUndefined();
    expect(store.listEvents('a')).toEqual([]);
    expect(store.listEvents('b')).toHaveLength(1);
    expect(store.deleteJobs([])).toBe(0);
  });

  it('reports the queue_order range, 0/0 when empty', () => {
    expect(store.orderBounds()).toEqual({ min: 0, max: 0 });
    store.insertJobs([
      sampleRecord({ id: 'a', queueOrder: -4 }),
      sampleRecord({ id: 'b', queueOrder: 12 }),
      sampleRecord({ id: 'c', queueOrder: 3 }),
    ]);
    expect(store.orderBounds()).toEqual({ min: -4, max: 12 });
  });
});

describe('transaction', () => {
  it('commits together or not at all, and nests', () => {
    store.transaction(() => {
      store.insertJobs([sampleRecord({ id: 'a' })]);
      store.transaction(() => store.updateJob('a', { attempts: 2 }));
    });
    expect(store.getJob('a')?.attempts).toBe(2);
    expect(() =>
      store.transaction(() => {
        store.updateJob('a', { attempts: 3 });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.getJob('a')?.attempts).toBe(2);
    expect(store.transaction(() => 42)).toBe(42);
  });
});

describe('a row whose JSON does not validate', () => {
  it('is shown as a fatal error with safe defaults, reported, and never crashes a listing', () => {
    store.insertJobs([
      sampleRecord({ id: 'good', queueOrder: 1 }),
      { ...full, id: 'bad', queueOrder: 2, state: 'queued' },
    ]);
    const db = openDatabase(dbPath).db;
    db.prepare(
      `UPDATE jobs SET headers_json = '{"not":"a list"}', session_json = 'garbage{' WHERE id = 'bad'`,
    ).run();
    db.close();

    const { records, total } = store.listJobs({});
    expect(total).toBe(2);
    const bad = records.find((record) => record.id === 'bad')!;
    expect(bad.state).toBe('error');
    expect(bad.error).toMatchObject({ classification: 'fatal', code: '0x80004005' });
    expect(bad.error?.message).toContain('headers, session');
    expect(bad.headers).toEqual([]);
    expect(bad.session).toBeUndefined();
    expect(bad.credentials).toEqual(full.credentials);
    expect(records.find((record) => record.id === 'good')?.state).toBe('queued');
    expect(problems).toContainEqual({
      table: 'jobs',
      key: 'bad',
      fields: ['headers_json', 'session_json'],
      action: 'job-marked-error',
    });
    expect(store.loadUnfinished().map((record) => record.id)).toEqual(['good', 'bad']);
  });
});

describe('createJobStore', () => {
  it('refuses a connection without foreign keys (deletes would orphan events)', () => {
    const { db } = openDatabase(':memory:');
    db.pragma('foreign_keys = OFF');
    expect(() => createJobStore(db)).toThrow(/openDatabase/);
    db.close();
  });
});
