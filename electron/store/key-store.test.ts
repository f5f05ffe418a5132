import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKeyStore, KEY_FILE, KeyUnavailableError, WRAPPED_KEY_FILE } from './key-store.js';
import { makeTempDir } from './testing/job-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('bits-key-');
  chmodSync(temp.dir, 0o755);
});
afterEach(() => temp.remove());

const keyFile = () => path.join(temp.dir, KEY_FILE);
const mode = (file: string) => statSync(file).mode & 0o777;

describe('fileKeyStore', () => {
  it('makes a 32-byte key on first use, owner-only, and returns the same key afterwards', async () => {
    const first = await fileKeyStore(temp.dir).loadOrCreateKey();
    expect(first).toHaveLength(32);
    expect(mode(keyFile())).toBe(0o600);
    expect((await fileKeyStore(temp.dir).loadOrCreateKey()).equals(first)).toBe(true);
  });

  it('gives two stores racing on a new folder one and the same key', async () => {
    const [a, b] = await Promise.all([
      fileKeyStore(temp.dir).loadOrCreateKey(),
      fileKeyStore(temp.dir).loadOrCreateKey(),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  it('tightens a key file left readable by others', async () => {
    const key = await fileKeyStore(temp.dir).loadOrCreateKey();
    chmodSync(keyFile(), 0o644);
    expect((await fileKeyStore(temp.dir).loadOrCreateKey()).equals(key)).toBe(true);
    expect(mode(keyFile())).toBe(0o600);
  });

  it('refuses a damaged key file and leaves it as it was (never a silent new key)', async () => {
    writeFileSync(keyFile(), 'not a key\n', { mode: 0o600 });
    await expect(fileKeyStore(temp.dir).loadOrCreateKey()).rejects.toThrow(KeyUnavailableError);
    await expect(fileKeyStore(temp.dir).loadOrCreateKey()).rejects.toThrow(/is damaged/);
    expect(readFileSync(keyFile(), 'utf8')).toBe('not a key\n');
  });

  it('refuses a folder whose key the desktop app wrapped, rather than starting another key', async () => {
    writeFileSync(path.join(temp.dir, WRAPPED_KEY_FILE), 'wrapped', { mode: 0o600 });
    await expect(fileKeyStore(temp.dir).loadOrCreateKey()).rejects.toThrow(/wrapped by the desktop app/);
    expect(() => statSync(keyFile())).toThrow();
  });
});
