import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { KEY_BYTES, KEY_FILE, type KeyStore, KeyUnavailableError, WRAPPED_KEY_FILE } from '../store/index.js';

/** The part of Electron's safeStorage this uses (the real one in the app, a stand-in in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The desktop app's key store (see electron/main/SECRETS.md for the design):
 * - the wrapped key `secret.key.safestorage` is the desktop's key;
 * - a plain `secret.key` (from `serve` or the CLI) with no wrapped key is adopted: the same key
 *   is wrapped, read back, and the plain file removed, so every sealed secret stays readable;
 * - both present: the same key is fine (the user exported it for serve on purpose, see
 *   exportPlainKey); two different keys are an error naming both, never a guess;
 * - neither: a new random key, wrapped.
 */
export function safeStorageKeyStore(dataDir: string, safeStorage: SafeStorageLike): KeyStore {
  const wrappedFile = path.join(dataDir, WRAPPED_KEY_FILE);
  const plainFile = path.join(dataDir, KEY_FILE);
  return {
    description: `the key ${wrappedFile}, protected by the system keychain`,
    async loadOrCreateKey() {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new KeyUnavailableError(
          `The system keychain is not available, so the key in ${wrappedFile} cannot be used now; nothing was changed.`,
        );
      }
      const wrapped = readOptional(wrappedFile);
      const plainText = readOptional(plainFile);
      if (wrapped !== undefined) {
        const key = unwrap(safeStorage, wrapped, wrappedFile);
        if (plainText !== undefined && !parseKey(plainText, plainFile).equals(key)) {
          throw new KeyUnavailableError(
            `${plainFile} and ${wrappedFile} hold different keys; move the one that does not belong to this folder away.`,
          );
        }
        return key;
      }
      if (plainText !== undefined) {
        const key = parseKey(plainText, plainFile);
        writeWrapped(safeStorage, wrappedFile, key);
        if (!unwrap(safeStorage, readFileSync(wrappedFile), wrappedFile).equals(key)) {
          throw new KeyUnavailableError(`${wrappedFile} did not read back as the key it was made from.`);
        }
        unlinkSync(plainFile);
        return key;
      }
      const key = randomBytes(KEY_BYTES);
      if (!writeWrapped(safeStorage, wrappedFile, key)) return this.loadOrCreateKey();
      return key;
    },
  };
}

/**
 * Writes the desktop's key as the plain owner-only `secret.key`, so `serve` or the CLI on
 * another machine can use the folder (`bits-uploader export-key`). Never replaces a file.
 */
export async function exportPlainKey(store: KeyStore, dataDir: string): Promise<string> {
  const key = await store.loadOrCreateKey();
  const file = path.join(dataDir, KEY_FILE);
  if (!createExclusive(file, `${key.toString('base64')}\n`)) {
    const existing = parseKey(readFileSync(file, 'utf8'), file);
    if (!existing.equals(key)) throw new KeyUnavailableError(`${file} already holds a different key.`);
  }
  return file;
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyUnavailableError(`The key file ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function parseKey(content: Buffer | string, file: string): Buffer {
  const text = content.toString().trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== KEY_BYTES) {
    throw new KeyUnavailableError(
      `The key file ${file} is damaged (it does not hold a ${KEY_BYTES}-byte key).`,
    );
  }
  return key;
}

function unwrap(safeStorage: SafeStorageLike, wrapped: Buffer, file: string): Buffer {
  let text: string;
  try {
    text = safeStorage.decryptString(wrapped);
  } catch (error) {
    throw new KeyUnavailableError(
      `The system keychain cannot unlock ${file} (${(error as Error).message}); it was made by another user or machine. Nothing was changed.`,
      { cause: error },
    );
  }
  return parseKey(text, file);
}

/** False when another process created the file first (its key wins). */
function writeWrapped(safeStorage: SafeStorageLike, file: string, key: Buffer): boolean {
  return createExclusive(file, safeStorage.encryptString(key.toString('base64')));
}

/* Whole or not at all: a private temp file, hard-linked into place (fails if the name exists). */
function createExclusive(file: string, content: Buffer | string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new KeyUnavailableError(`The key file ${file} cannot be created: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    unlinkSync(temp);
  }
}
