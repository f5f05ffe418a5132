import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, WRAPPED_KEY_FILE } from '../store/index.js';
import { exportPlainKey, type SafeStorageLike, safeStorageKeyStore } from './safe-storage-key-store.js';

/**
 * Stands for Electron's safeStorage (the one mock the brief allows: no Electron binary here).
 * It really encrypts, with a per-"keychain" secret, so another keychain cannot unwrap.
 */
function fakeSafeStorage(options: { available?: boolean } = {}): SafeStorageLike & { available: boolean } {
  const secret = randomBytes(32);
  return {
    available: options.available ?? true,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', secret, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('safeStorageKeyStore (real files, a stand-in keychain)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = () => (dir = mkdtempSync(path.join(tmpdir(), 'bits-key-')));

  it('makes a 32-byte key once, wrapped and owner-only, and gives the same key every time', async () => {
    fresh();
    const keychain = fakeSafeStorage();
    const key = await safeStorageKeyStore(dir, keychain).loadOrCreateKey();
    expect(key).toHaveLength(32);
    const wrapped = readFileSync(path.join(dir, WRAPPED_KEY_FILE));
    expect(wrapped.includes(Buffer.from(key.toString('base64')))).toBe(false);
    if (process.platform !== 'win32')
      expect(statSync(path.join(dir, WRAPPED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(await safeStorageKeyStore(dir, keychain).loadOrCreateKey()).toEqual(key);
    expect(existsSync(path.join(dir, KEY_FILE))).toBe(false);
  });

  it("adopts serve's plain key file: same key, wrapped, plain copy gone", async () => {
    fresh();
    const serveKey = randomBytes(32);
    writeFileSync(path.join(dir, KEY_FILE), `${serveKey.toString('base64')}\n`, { mode: 0o600 });
    const key = await safeStorageKeyStore(dir, fakeSafeStorage()).loadOrCreateKey();
    expect(key).toEqual(serveKey);
    expect(existsSync(path.join(dir, KEY_FILE))).toBe(false);
    expect(existsSync(path.join(dir, WRAPPED_KEY_FILE))).toBe(true);
  });

  it('exports the key for serve and the CLI, and keeps working with both files present', async () => {
    fresh();
    const keychain = fakeSafeStorage();
    const store = safeStorageKeyStore(dir, keychain);
    const key = await store.loadOrCreateKey();
    const file = await exportPlainKey(store, dir);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(key);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await exportPlainKey(store, dir)).toBe(file);
    expect(await safeStorageKeyStore(dir, keychain).loadOrCreateKey()).toEqual(key);
    expect(existsSync(file)).toBe(true);
  });

  it('refuses two different keys, a damaged file, a foreign keychain and no keychain, changing nothing', async () => {
    fresh();
    const keychain = fakeSafeStorage();
    await safeStorageKeyStore(dir, keychain).loadOrCreateKey();
    const before = readFileSync(path.join(dir, WRAPPED_KEY_FILE));
    writeFileSync(path.join(dir, KEY_FILE), `${randomBytes(32).toString('base64')}\n`);
    await expect(safeStorageKeyStore(dir, keychain).loadOrCreateKey()).rejects.toThrow(/different keys/);
    rmSync(path.join(dir, KEY_FILE));
    await expect(safeStorageKeyStore(dir, fakeSafeStorage()).loadOrCreateKey()).rejects.toThrow(
      /cannot unlock .*another user or machine/,
    );
    await expect(
      safeStorageKeyStore(dir, fakeSafeStorage({ available: false })).loadOrCreateKey(),
    ).rejects.toThrow(/keychain is not available/);
    expect(readFileSync(path.join(dir, WRAPPED_KEY_FILE))).toEqual(before);
    fresh();
    writeFileSync(path.join(dir, KEY_FILE), 'not a key\n');
    await expect(safeStorageKeyStore(dir, keychain).loadOrCreateKey()).rejects.toMatchObject({
      name: 'KeyUnavailableError',
      message: expect.stringContaining('damaged'),
    });
    expect(readFileSync(path.join(dir, KEY_FILE), 'utf8')).toBe('not a key\n');
    expect(existsSync(path.join(dir, WRAPPED_KEY_FILE))).toBe(false);
  });
});
