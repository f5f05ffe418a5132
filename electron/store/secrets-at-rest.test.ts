import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobStore, type JobStore } from './job-store.js';
import { runMigrations } from './migrate.js';
import { initialMigration } from './migrations/001-initial.js';
import { openDatabase } from './open-database.js';
import type { StoreProblem } from './store-problem.js';
import { makeTempDir, sampleRecord, testSecretBox } from './testing/job-fixtures.js';
import { rawSecretColumns } from './testing/raw-row.js';

const PASSWORD = 'hunter2-Pa55word-xyzzy';
const TOKEN = 'tenant-token-0f9e8d7c';
const withSecrets = (id: string) =>
  sampleRecord({
    id,
    credentials: { user: 'ann', password: PASSWORD },
    headers: [
      ['X-Token', TOKEN],
      ['X-Empty', ''],
    ],
  });

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let problems: StoreProblem[];
let stores: JobStore[];

function open(fill = 7): JobStore {
  const store = createJobStore(openDatabase(dbPath).db, {
    onProblem: (problem) => problems.push(problem),
    secrets: testSecretBox(fill),
  });
  stores.push(store);
  return store;
}

/** Every byte SQLite keeps for this database, companions included. */
function fileBytes(): Buffer {
  return Buffer.concat(
    ['', '-wal', '-shm', '-journal']
      .map((suffix) => `${dbPath}${suffix}`)
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file)),
  );
}

function raw(id: string): { headers_json: string; credentials_json: string | null } {
  return rawSecretColumns(dbPath, id)!;
}

beforeEach(() => {
  temp = makeTempDir('bits-secrets-');
  dbPath = path.join(temp.dir, 'jobs.db');
  problems = [];
  stores = [];
});
afterEach(() => {
  for (const store of stores) store.close();
  temp.remove();
});

describe('secrets in the job database', () => {
  it('are sealed in the row and nowhere in the file, yet read back as given', () => {
    const store = open();
    store.insertJobs([withSecrets('a')]);
    store.updateJob('a', { headers: [['X-Token', `${TOKEN}-2`]] });
    const row = raw('a');
    expect(row.credentials_json).toContain('"user":"ann"');
    expect(row.credentials_json).toMatch(/"password":"bus1\./);
    expect(row.headers_json).toMatch(/^\[\["X-Token","bus1\./);
    expect(fileBytes().includes(PASSWORD)).toBe(false);
    expect(fileBytes().includes(TOKEN)).toBe(false);
    expect(store.getJob('a')).toMatchObject({
      credentials: { user: 'ann', password: PASSWORD },
      headers: [['X-Token', `${TOKEN}-2`]],
    });
  });

  it('read with another key: the job is kept, shown failed, and says to enter the password again', () => {
    open().insertJobs([withSecrets('a'), sampleRecord({ id: 'plain' })]);
    const store = open(9);
    const job = store.getJob('a')!;
    expect(job.state).toBe('error');
    expect(job.credentials).toBeUndefined();
    expect(job.headers).toEqual([
      ['X-Token', ''],
      ['X-Empty', ''],
    ]);
    expect(job.secretsUnreadable).toEqual(['credentials', 'headers']);
    expect(job.error?.message).toMatch(
      /^The saved password and header values for this job cannot be read; enter them again/,
    );
    expect(store.getJob('plain')?.state).toBe('queued');
    store.listJobs({});
    expect(problems.filter((problem) => problem.action === 'secrets-unreadable')).toEqual([
      expect.objectContaining({ key: 'a', fields: ['credentials', 'headers'] }),
    ]);
    // Nothing was overwritten: the right key still opens them.
    expect(open().getJob('a')?.credentials?.password).toBe(PASSWORD);
  });

  it('a damaged envelope, or one copied from another job, fails that job alone', () => {
    const store = open();
    store.insertJobs([withSecrets('a'), withSecrets('b')]);
    const db = new Sqlite(dbPath);
    const a = raw('a');
    db.prepare('UPDATE jobs SET credentials_json = ? WHERE id = ?').run(a.credentials_json, 'b');
    db.prepare('UPDATE jobs SET headers_json = ? WHERE id = ?').run(
      a.headers_json.replace(/bus1\.([\w-]+)\.([\w-]+)\.([\w-]{4})/, 'bus1.$1.$2.AAAA'),
      'a',
    );
    db.close();
    const again = open();
    const jobA = again.getJob('a')!;
    const jobB = again.getJob('b')!;
    expect(jobA.secretsUnreadable).toEqual(['headers']);
    expect(jobA.credentials?.password).toBe(PASSWORD);
    expect(jobA.error?.message).toMatch(
      /header values for this job cannot be read; enter them again \(.*damaged/,
    );
    expect(jobB.secretsUnreadable).toEqual(['credentials']);
    expect(jobB.error?.message).toMatch(/^The saved password for this job cannot be read; enter it again/);
    expect(jobB.headers[0]).toEqual(['X-Token', TOKEN]);
  });

  it('erased (password gone, header names kept) leaves no trace of them in the file after a checkpoint', () => {
    const store = open();
    store.insertJobs([withSecrets('a')]);
    const sealed = raw('a');
    const envelope = /"password":"([^"]+)"/.exec(sealed.credentials_json!)![1]!;
    store.updateJob('a', {
      state: 'acknowledged',
      credentials: undefined,
      headers: [
        ['X-Token', ''],
        ['X-Empty', ''],
      ],
    });
    expect(raw('a')).toEqual({ headers_json: '[["X-Token",""],["X-Empty",""]]', credentials_json: null });
    const db = new Sqlite(dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // secure_delete: even the sealed form is zeroed, not left in free space.
    expect(fileBytes().includes(envelope)).toBe(false);
  });
});

describe('a database written before sealed secrets (schema 1, plain text)', () => {
  function writeSchema1(): void {
    const db = new Sqlite(dbPath);
    db.pragma('journal_mode = WAL');
    runMigrations(db, [initialMigration]);
    db.prepare(
      `INSERT INTO jobs (id, type, state, priority, queue_order, file_path, url, headers_json, credentials_json,
        bytes_total, created_at, updated_at)
       VALUES ('old', 'upload', 'queued', 'normal', 1, '/data/old.bin', 'https://h.example/up/', ?, ?, 10, 1, 1)`,
    ).run(JSON.stringify([['X-Token', TOKEN]]), JSON.stringify({ user: 'ann', password: PASSWORD }));
    db.close();
    expect(fileBytes().includes(PASSWORD)).toBe(true);
  }

  it('is migrated: its secrets are sealed at open and the plain text is gone from the file', () => {
    writeSchema1();
    const store = open();
    expect(store.getJob('old')).toMatchObject({
      state: 'queued',
      credentials: { user: 'ann', password: PASSWORD },
      headers: [['X-Token', TOKEN]],
    });
    expect(raw('old').credentials_json).toMatch(/"password":"bus1\./);
    expect(fileBytes().includes(PASSWORD)).toBe(false);
    expect(fileBytes().includes(TOKEN)).toBe(false);
    store.close();
    expect(open().getJob('old')?.credentials?.password).toBe(PASSWORD);
  });
});
