import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_STATES, JobEventSchema, JobTypeSchema, PRIORITIES } from '../../shared/jobs.js';
import { createJobStore } from './job-store.js';
import {
  INITIAL_EVENT_KINDS,
  INITIAL_JOB_STATES,
  INITIAL_JOB_TYPES,
  INITIAL_PRIORITIES,
} from './migrations/001-initial.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { openDatabase } from './open-database.js';
import { makeTempDir, sampleRecord, sampleRecords } from './testing/job-fixtures.js';

// 2024-03-05 06:07:08 local time: the moved-aside names are stamped in local time.
const NOW = new Date(2024, 2, 5, 6, 7, 8).getTime();

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
beforeEach(() => {
  temp = makeTempDir();
  dbPath = path.join(temp.dir, 'bits-uploader.db');
});
afterEach(() => temp.remove());

function tableNames(db: Sqlite.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>
  ).map((row) => row.name);
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... in order', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('create the schema from an empty file and set user_version', () => {
    const { db, recovered } = openDatabase(dbPath);
    expect(recovered).toBeUndefined();
    expect(tableNames(db)).toEqual(expect.arrayContaining(['jobs', 'job_events', 'settings']));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('allow exactly the values the shared model knows (a new one needs a new migration)', () => {
    expect([...INITIAL_JOB_STATES]).toEqual([...JOB_STATES]);
    expect([...INITIAL_PRIORITIES]).toEqual([...PRIORITIES]);
    expect([...INITIAL_JOB_TYPES]).toEqual([...JobTypeSchema.options]);
    expect([...INITIAL_EVENT_KINDS]).toEqual([...JobEventSchema.shape.kind.options]);
  });

  it('reject values outside those lists', () => {
    const { db } = openDatabase(':memory:');
    const store = createJobStore(db);
    expect(() => store.insertJobs([sampleRecord({ id: 'a', state: 'paused' as never })])).toThrow(/CHECK/);
    expect(() => store.insertJobs([sampleRecord({ id: 'b', priority: 'urgent' as never })])).toThrow(/CHECK/);
    expect(() => store.insertJobs([sampleRecord({ id: 'c', type: 'download' as never })])).toThrow(/CHECK/);
    store.close();
  });
});

describe('openDatabase', () => {
  it('sets the pragmas on a file, WAL included', () => {
    const { db } = openDatabase(dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('works in memory through the same factory', () => {
    const { db, recovered } = openDatabase(':memory:');
    expect(recovered).toBeUndefined();
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('keeps the data across a reopen and does not migrate again', () => {
    const first = openDatabase(dbPath);
    createJobStore(first.db).insertJobs([sampleRecord({ id: 'kept', filePath: '/tmp/kept.bin' })]);
    first.db.close();
    const second = openDatabase(dbPath);
    expect(second.recovered).toBeUndefined();
    expect(createJobStore(second.db).getJob('kept')?.filePath).toBe('/tmp/kept.bin');
    second.db.close();
  });
});

describe('a damaged database', () => {
  it('that is not a database at all is moved aside, with its companions, and replaced', () => {
    const garbage = Buffer.from('this is not an SQLite file, just some bytes '.repeat(200));
    writeFileSync(dbPath, garbage);
    writeFileSync(`${dbPath}-wal`, 'stale wal');
    const { db, recovered } = openDatabase(dbPath, { now: () => NOW });

    const movedTo = `${dbPath}.corrupt-20240305-060708`;
    expect(recovered?.reason).toBe('corrupt');
    expect(recovered?.movedTo).toBe(movedTo);
    expect(recovered?.message).toContain('is damaged');
    expect(recovered?.message).toContain(`moved to ${movedTo}`);
    expect(recovered?.message).toContain('nothing was deleted');
    expect(readFileSync(movedTo).equals(garbage)).toBe(true);
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('stale wal');

    // The fresh database is usable and empty.
    const store = createJobStore(db);
    expect(store.listJobs({}).total).toBe(0);
    store.insertJobs([sampleRecord({ id: 'new' })]);
    expect(store.getJob('new')).toBeDefined();
    store.close();
  });

  it('with a corrupted page is caught by quick_check and moved aside intact', () => {
    const first = openDatabase(dbPath);
    createJobStore(first.db).insertJobs(sampleRecords(2000));
    first.db.close();
    const pageSize = 4096;
    const pages = statSync(dbPath).size / pageSize;
    const page = Math.floor(pages / 2);
    const fd = openSync(dbPath, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    const damaged = readFileSync(dbPath);

    const { db, recovered } = openDatabase(dbPath, { now: () => NOW });
    expect(recovered?.reason).toBe('corrupt');
    expect(recovered?.message).toMatch(/SQLite reported: .+/);
    expect(readFileSync(recovered!.movedTo).equals(damaged)).toBe(true);
    expect(createJobStore(db).listJobs({}).total).toBe(0);
    db.close();
  });

  it('never overwrites an earlier moved-aside file', () => {
    writeFileSync(dbPath, 'garbage one'.repeat(100));
    openDatabase(dbPath, { now: () => NOW }).db.close();
    writeFileSync(dbPath, 'garbage two'.repeat(100));
    const { db, recovered } = openDatabase(dbPath, { now: () => NOW });
    db.close();
    expect(recovered?.movedTo).toBe(`${dbPath}.corrupt-20240305-060708-2`);
    expect(readFileSync(`${dbPath}.corrupt-20240305-060708`, 'utf8')).toMatch(/^garbage one/);
    expect(readFileSync(`${dbPath}.corrupt-20240305-060708-2`, 'utf8')).toMatch(/^garbage two/);
  });
});

describe('a database from a newer version', () => {
  function makeNewer(withWal: boolean): void {
    const first = openDatabase(dbPath);
    createJobStore(first.db).insertJobs([sampleRecord({ id: 'future' })]);
    first.db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    if (!withWal) {
      first.db.close();
      return;
    }
    // Leave the newest commits in the -wal, as a crash of the newer version would.
    first.db.pragma('wal_autocheckpoint = 0');
    first.db.prepare("UPDATE jobs SET url = 'https://newer.example.test/' WHERE id = 'future'").run();
    const copy = (suffix: string) => readFileSync(`${dbPath}${suffix}`);
    const files = { main: copy(''), wal: copy('-wal') };
    first.db.close();
    writeFileSync(dbPath, files.main);
    writeFileSync(`${dbPath}-wal`, files.wal);
  }

  it('is moved aside untouched and a fresh database opens', () => {
    makeNewer(false);
    const before = readFileSync(dbPath);
    const { db, recovered } = openDatabase(dbPath, { now: () => NOW });

    expect(recovered?.reason).toBe('newer');
    expect(recovered?.movedTo).toBe(`${dbPath}.newer-20240305-060708`);
    expect(recovered?.message).toContain('made by a newer version of BITS Uploader');
    expect(recovered?.message).toContain(`moved to ${recovered?.movedTo} so this version can start`);
    expect(recovered?.message).toContain('the newer version can still open it');
    expect(readFileSync(recovered!.movedTo).equals(before)).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(createJobStore(db).getJob('future')).toBeUndefined();
    db.close();
  });

  it('keeps its uncheckpointed -wal beside it, byte for byte, so nothing it wrote is lost', () => {
    makeNewer(true);
    const main = readFileSync(dbPath);
    const wal = readFileSync(`${dbPath}-wal`);
    const { db, recovered } = openDatabase(dbPath, { now: () => NOW });
    db.close();
    expect(recovered?.reason).toBe('newer');
    expect(readFileSync(recovered!.movedTo).equals(main)).toBe(true);
    expect(readFileSync(`${recovered!.movedTo}-wal`).equals(wal)).toBe(true);

    // The moved copy still opens with the newer version's last write.
    const old = new Sqlite(recovered!.movedTo, { readonly: true });
    expect(old.prepare("SELECT url FROM jobs WHERE id = 'future'").get()).toEqual({
      url: 'https://newer.example.test/',
    });
    old.close();
  });

  it('leaves only the fresh database and the moved copy in the folder', () => {
    makeNewer(false);
    openDatabase(dbPath, { now: () => NOW }).db.close();
    const movedTo = `${dbPath}.newer-20240305-060708`;
    const names = readdirSync(temp.dir).sort();
    expect(names.filter((name) => !name.includes('.newer-'))).toEqual(['bits-uploader.db']);
    expect(names).toContain(path.basename(movedTo));
    // The read-only look may leave an empty -wal (and its -shm): they move along, still empty.
    if (existsSync(`${movedTo}-wal`)) expect(statSync(`${movedTo}-wal`).size).toBe(0);
  });
});
