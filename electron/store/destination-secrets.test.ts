import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import type { StoreProblem } from './store-problem.js';
import { makeTempDir, testSecretBox } from './testing/job-fixtures.js';

const PASSWORD = 'dest-Pa55word-plugh';
const TOKEN = 'dest-token-7a6b5c4d';

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

function closeAll(): void {
  for (const store of stores.splice(0)) store.close();
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

function saveOne(store: JobStore): string {
  return store.putDestination(
    {
      name: 'Tenant',
      url: 'https://upload.example.test/bits',
      type: 'upload',
      headers: [
        ['X-Token', TOKEN],
        ['X-Empty', ''],
      ],
      credentials: { user: 'ann', password: PASSWORD },
    },
    1000,
  ).id;
}

beforeEach(() => {
  temp = makeTempDir('bits-dest-secrets-');
  dbPath = path.join(temp.dir, 'jobs.db');
  problems = [];
  stores = [];
});
afterEach(() => {
  closeAll();
  temp.remove();
});

describe('saved destinations at rest', () => {
  it('keep the password and header values out of the database files, names readable', () => {
    saveOne(open());
    closeAll();
    const bytes = fileBytes();
    expect(bytes.includes(PASSWORD)).toBe(false);
    expect(bytes.includes(TOKEN)).toBe(false);
    expect(bytes.includes('X-Token')).toBe(true);
    expect(bytes.includes('"user":"ann"')).toBe(true);
  });

  it('read back as saved after reopening with the same key', () => {
    const id = saveOne(open());
    closeAll();
    const record = open().getDestination(id);
    expect(record).toMatchObject({
      headers: [
        ['X-Token', TOKEN],
        ['X-Empty', ''],
      ],
      credentials: { user: 'ann', password: PASSWORD },
    });
    expect(record?.damaged).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('are kept and reported, without secrets, when the key is another one', () => {
    const id = saveOne(open(7));
    closeAll();
    const record = open(9).getDestination(id);
    expect(record).toMatchObject({ id, name: 'Tenant', headers: [], damaged: true });
    expect(record?.credentials).toBeUndefined();
    expect(problems).toEqual([
      { table: 'destinations', key: id, fields: ['secrets'], action: 'default-used' },
    ]);
  });

  it('saved in plain text before sealing are sealed at the next open', () => {
    open();
    closeAll();
    const db = new Sqlite(dbPath);
    db.prepare(
      `INSERT INTO destinations (id, name, url, type, headers_json, credentials_json, fragment_size, created_at, updated_at)
       VALUES ('old', 'Old', 'https://old.example.test/', 'upload', ?, ?, NULL, 1, 1)`,
    ).run(JSON.stringify([['X-Token', TOKEN]]), JSON.stringify({ user: 'ann', password: PASSWORD }));
    db.close();
    expect(fileBytes().includes(PASSWORD)).toBe(true);

    expect(open().getDestination('old')).toMatchObject({
      headers: [['X-Token', TOKEN]],
      credentials: { user: 'ann', password: PASSWORD },
    });
    closeAll();
    const bytes = fileBytes();
    expect(bytes.includes(PASSWORD)).toBe(false);
    expect(bytes.includes(TOKEN)).toBe(false);
    expect(open().getDestination('old')?.credentials?.password).toBe(PASSWORD);
    expect(problems).toEqual([]);
  });
});
