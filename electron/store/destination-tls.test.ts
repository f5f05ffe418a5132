import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobStore, type JobStore } from './job-store.js';
import { openDatabase } from './open-database.js';
import { makeTempDir, testSecretBox } from './testing/job-fixtures.js';

const PASSPHRASE = 'dest-P12-pass-5531';
const PIN = 'AB:'.repeat(31).concat('AB');

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let stores: JobStore[];

function open(fill = 7): JobStore {
  const store = createJobStore(openDatabase(dbPath).db, { secrets: testSecretBox(fill) });
  stores.push(store);
  return store;
}

const fileBytes = () =>
  Buffer.concat(
    ['', '-wal', '-shm']
      .map((suffix) => `${dbPath}${suffix}`)
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file)),
  );

beforeEach(() => {
  temp = makeTempDir('bits-destination-tls-');
  dbPath = path.join(temp.dir, 'jobs.db');
  stores = [];
});
afterEach(() => {
  for (const store of stores) store.close();
  temp.remove();
});

describe('a saved destination’s client certificate and pins', () => {
  it('are kept across a restart, the passphrase sealed', () => {
    const saved = open().putDestination(
      {
        name: 'Intake',
        url: 'https://intake.test/bits/',
        type: 'upload',
        headers: [],
        clientCert: { pfxFile: '/certs/me.p12', passphrase: PASSPHRASE },
        pins: [PIN],
      },
      1,
    );
    expect(fileBytes().includes(Buffer.from(PASSPHRASE))).toBe(false);
    expect(fileBytes().includes(Buffer.from('/certs/me.p12'))).toBe(true);
    stores.pop()?.close();
    const again = open().getDestination(saved.id);
    expect(again?.clientCert).toEqual({ pfxFile: '/certs/me.p12', passphrase: PASSPHRASE });
    expect(again?.pins).toEqual([PIN]);
    expect(again?.damaged).toBeUndefined();
  });

  it('with another key the destination is listed as damaged, without the passphrase', () => {
    const saved = open(7).putDestination(
      {
        name: 'Intake',
        url: 'https://intake.test/bits/',
        type: 'upload',
        headers: [],
        clientCert: { pfxFile: '/certs/me.p12', passphrase: PASSPHRASE },
      },
      1,
    );
    stores.pop()?.close();
    const again = open(9).getDestination(saved.id);
    expect(again?.damaged).toBe(true);
    expect(again?.clientCert).toBeUndefined();
  });
});
