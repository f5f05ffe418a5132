/**
 * The key-store port as the `secrets` branch defines it in electron/store/key-store.ts (not on
 * this branch yet: the integrator replaces these declarations with imports from there). Same
 * names, same file names, same contract: loadOrCreateKey() gives the data folder's 32-byte key
 * or rejects with KeyUnavailableError saying which file and why, leaving files as they are.
 */
export interface KeyStore {
  loadOrCreateKey(): Promise<Buffer>;
  readonly description: string;
}

export class KeyUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyUnavailableError';
  }
}

export const KEY_BYTES = 32;
/** The plain, owner-only key file of the CLI and `serve`. */
export const KEY_FILE = 'secret.key';
/** The desktop app's key, wrapped by the OS keychain (safeStorage). */
export const WRAPPED_KEY_FILE = 'secret.key.safestorage';
