import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { KEY_BYTES } from './secret-box.js';

/** The plain key file of a data folder (CLI, `serve`): owner-only, one line of base64. */
export const KEY_FILE = 'secret.key';
/** Where a key-store that wraps the key with the OS keychain (Electron safeStorage) keeps it. */
export const WRAPPED_KEY_FILE = 'secret.key.safestorage';

/**
 * The port through which the core gets the key that seals the database's secrets (passwords and
 * custom header values), kept apart from the database. The default is fileKeyStore(dataDir);
 * the desktop app passes one backed by Electron safeStorage through createCore({ keyStore }).
 *
 * Contract for every implementation:
 * - loadOrCreateKey() resolves with the data folder's 32-byte key. When the folder has no key
 *   yet it makes one (crypto-random) and persists it atomically and owner-only, never replacing
 *   an existing key (create with O_EXCL; a concurrent creator wins and its key is read back).
 * - When a key exists but cannot be read, unwrapped or is malformed, it rejects with
 *   KeyUnavailableError saying which file and why, and leaves the file as it is. The core then
 *   runs without a key: every job is kept, those whose secrets are sealed are shown failed with
 *   "the saved password for this job cannot be read; enter it again" and never run without
 *   them, and new secrets are refused until the key can be loaded (or the file is moved away,
 *   which starts a new key on the next start).
 * - A safeStorage implementation keeps the key wrapped (safeStorage.encryptString of the base64
 *   key) in `<dataDir>/secret.key.safestorage` (WRAPPED_KEY_FILE), 0600, created like above. If it
 *   finds a plain `secret.key` and no wrapped file, it adopts that same key (so rows written by
 *   the CLI or `serve` stay readable), writes the wrapped file, then deletes `secret.key`.
 *   If safeStorage is unavailable it rejects with KeyUnavailableError (never a plain fallback).
 * - fileKeyStore meeting only a wrapped key (a folder moved from the desktop app) rejects with
 *   KeyUnavailableError rather than making a new key, so moving the folder back loses nothing.
 */
export interface KeyStore {
  loadOrCreateKey(): Promise<Buffer>;
  /** Where the key lives, for messages ("the key file /x/secret.key"). */
  readonly description: string;
}

export class KeyUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyUnavailableError';
  }
}

/** The default key store: `<dataDir>/secret.key`, owner-only, made on first use. */
export function fileKeyStore(dataDir: string): KeyStore {
  const file = path.join(dataDir, KEY_FILE);
  return {
    description: `the key file ${file}`,
    async loadOrCreateKey() {
      for (let round = 0; round < 3; round++) {
        const existing = readKeyFile(file);
        if (existing) return existing;
        const wrapped = path.join(dataDir, WRAPPED_KEY_FILE);
        if (existsSync(wrapped)) {
          throw new KeyUnavailableError(
            `The key that protects saved passwords is in ${wrapped}, wrapped by the desktop app's keychain, which this program cannot use.`,
          );
        }
        if (createKeyFile(file)) continue; // read back what we wrote (or what a rival wrote first)
      }
      throw new KeyUnavailableError(`The key file ${file} kept changing while it was being read.`);
    },
  };
}

/** The key, or undefined when there is no file; throws KeyUnavailableError when it is unusable. */
function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    // Tightened first: an older build (or a copy) may have left it readable by others.
    chmodSync(file, 0o600);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyUnavailableError(`The key file ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text.trim()) || key.length !== KEY_BYTES) {
    throw new KeyUnavailableError(
      `The key file ${file} is damaged (it does not hold a ${KEY_BYTES}-byte key).`,
    );
  }
  return key;
}

/*
 * The key must appear whole or not at all: a reader meeting a half-written file would call it
 * damaged. Written to a private temp file, then hard-linked into place (fails if the name exists);
 * without hard links (FAT), an O_EXCL create of the file itself.
 */
function createKeyFile(file: string): boolean {
  const content = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
  try {
    writeExclusive(temp, content);
    try {
      linkSync(temp, file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return false;
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV'].includes(code)) throw error;
    }
    writeExclusive(file, content);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new KeyUnavailableError(`The key file ${file} cannot be created: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already gone.
    }
  }
}

function writeExclusive(file: string, content: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
