import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/jobs.js';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import { makeTempDir, sampleRecord, testSecretBox } from './testing/job-fixtures.js';

const PROXY_PASSWORD = 'pr0xy-Secret-7731';
const PASSPHRASE = 'p12-Passphrase-4410';
const URL_PASSWORD = 'url-Pa55-9925';

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let stores: JobStore[];

function open(fill = 7): JobStore {
  const store = createJobStore(openDatabase(dbPath).db, { secrets: testSecretBox(fill) });
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
const holds = (secret: string) => fileBytes().includes(Buffer.from(secret));

beforeEach(() => {
  temp = makeTempDir('bits-option-secrets-');
  dbPath = path.join(temp.dir, 'jobs.db');
  stores = [];
});
afterEach(() => {
  for (const store of stores) store.close();
  temp.remove();
});

const withOptionSecrets = (id: string) =>
  sampleRecord({
    id,
    options: {
      proxy: 'http://proxy.corp:3128',
      proxyCredentials: { user: 'ann', password: PROXY_PASSWORD },
      clientCert: { pfxFile: '/certs/me.p12', passphrase: PASSPHRASE },
    },
  });

describe('proxy passwords and certificate passphrases at rest', () => {
  it('are sealed in options_json and come back after reopening', () => {
    const store = open();
    store.insertJobs([withOptionSecrets('job-1')]);
    expect(holds(PROXY_PASSWORD)).toBe(false);
    expect(holds(PASSPHRASE)).toBe(false);
    store.close();
    const again = open();
    const options = again.getJob('job-1')?.options;
    expect(options?.proxyCredentials).toEqual({ user: 'ann', password: PROXY_PASSWORD });
    expect(options?.clientCert).toEqual({ pfxFile: '/certs/me.p12', passphrase: PASSPHRASE });
  });

  it('plain rows from an earlier version are sealed when the store opens', () => {
    open().close();
    // An older build wrote options_json as typed.
    const db = new Sqlite(dbPath);
    const record = withOptionSecrets('old-1');
    db.prepare(
      `INSERT INTO jobs (id, type, state, priority, queue_order, file_path, url, options_json, bytes_total, bytes_acked, attempts, created_at, updated_at, secrets_sealed)
       VALUES (?, 'upload', 'queued', 'normal', 1, '/tmp/a.bin', 'https://example.test/up/a.bin', ?, 10, 0, 0, 1, 1, 1)`,
    ).run(record.id, JSON.stringify(record.options));
    db.close();
    expect(holds(PROXY_PASSWORD)).toBe(true);
    const store = open();
    expect(holds(PROXY_PASSWORD)).toBe(false);
    expect(holds(PASSPHRASE)).toBe(false);
    expect(store.getJob('old-1')?.options.proxyCredentials?.password).toBe(PROXY_PASSWORD);
  });

  it('a proxy URL with credentials in the settings is sealed, including one saved in plain text before', () => {
    const store = open();
    store.saveSettings({ ...DEFAULT_SETTINGS, proxy: `http://ann:${URL_PASSWORD}@proxy.corp:3128` });
    expect(holds(URL_PASSWORD)).toBe(false);
    store.close();
    expect(open().getSettings().proxy).toBe(`http://ann:${URL_PASSWORD}@proxy.corp:3128`);
    stores.pop()?.close();
    const db = new Sqlite(dbPath);
    db.prepare("UPDATE settings SET value_json = ? WHERE key = 'proxy'").run(
      JSON.stringify(`http://bob:${URL_PASSWORD}@proxy.corp:3128`),
    );
    db.close();
    expect(holds(URL_PASSWORD)).toBe(true);
    const reopened = open();
    expect(holds(URL_PASSWORD)).toBe(false);
    expect(reopened.getSettings().proxy).toBe(`http://bob:${URL_PASSWORD}@proxy.corp:3128`);
  });

  it('a proxy password sealed with another key makes the job ask for it again', () => {
    open(7).insertJobs([withOptionSecrets('job-2')]);
    stores.pop()?.close();
    const job = open(9).getJob('job-2');
    expect(job?.options.proxyCredentials).toBeUndefined();
    expect(job?.state).toBe('error');
    expect(job?.error?.message).toMatch(/cannot be read/);
  });
});
