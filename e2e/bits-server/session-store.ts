import { createHash, type Hash, randomUUID } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { parseUrlPath, type SessionFiles, sessionFiles } from './paths.js';

export type UploadKind = 'upload' | 'upload-reply';
export type StorageMode = 'disk' | 'discard';

/** One upload session. Mutable fields are only changed while the session's lock is held. */
export interface BitsSession {
  /** As issued: a braced upper-case GUID. */
  readonly id: string;
  readonly kind: UploadKind;
  /** Decoded destination URL path, e.g. /up/data.bin. */
  readonly urlPath: string;
  /** Destination URL path as sent (percent-encoded), used to build absolute reply URLs. */
  readonly rawPath: string;
  readonly files: SessionFiles;
  readonly storage: StorageMode;
  readonly createdAt: number;
  /** Contiguous bytes stored: the cursor sent in BITS-Received-Content-Range. */
  received: number;
  /** Entity size, fixed by the first Fragment. */
  total: number | undefined;
  /** The upload was moved to its destination (done once, on the final byte). */
  committed: boolean;
  /** Cached BITS-Reply-URL once the "server application" has answered (upload-reply only). */
  replyUrl: string | undefined;
  /** Discard mode has no file to hash afterwards, so upload-reply sessions hash as bytes arrive. */
  hash: Hash | undefined;
  /** Digest of the complete upload, computed once for the reply. */
  sha256: string | undefined;
}

export interface SeedOptions {
  urlPath: string;
  received: number;
  total: number;
  upload?: UploadKind;
}

interface StoreBinding {
  root: string;
  storage: StorageMode;
}

/**
 * Sessions by id (case-insensitive). Handing one store to several server instances is how tests
 * model a farm with shared storage: any instance can continue a session another one created.
 */
export class SessionStore {
  private readonly sessions = new Map<string, BitsSession>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private binding: StoreBinding | undefined;

  /** Called by the first server using this store; seed() creates its files under that root. */
  bind(binding: StoreBinding): void {
    this.binding ??= binding;
  }

  get(id: string): BitsSession | undefined {
    return this.sessions.get(id.toUpperCase());
  }

  list(): BitsSession[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Forgets a session (as a server that lost its state would); its partial data is removed later. */
  delete(id: string): boolean {
    const session = this.get(id);
    if (!session) return false;
    this.sessions.delete(id.toUpperCase());
    rm(session.files.workDir, { recursive: true, force: true }).catch(() => {});
    return true;
  }

  /** Internal: registers a new session with a fresh braced upper-case GUID. */
  create(init: { kind: UploadKind; urlPath: string; rawPath: string; root: string; storage: StorageMode }) {
    const segments = parseUrlPath(init.rawPath)?.segments;
    if (!segments) throw new Error(`invalid URL path ${init.rawPath}`);
    const id = `{${randomUUID().toUpperCase()}}`;
    const session: BitsSession = {
      id,
      kind: init.kind,
      urlPath: init.urlPath,
      rawPath: init.rawPath,
      files: sessionFiles(init.root, segments, id),
      storage: init.storage,
      createdAt: Date.now(),
      received: 0,
      total: undefined,
      committed: false,
      replyUrl: undefined,
      hash: init.kind === 'upload-reply' && init.storage === 'discard' ? createHash('sha256') : undefined,
      sha256: undefined,
    };
    this.sessions.set(id, session);
    return session;
  }

  /**
   * Test hook: a session that already holds `received` bytes of a `total`-byte upload, backed by a
   * sparse temp file, so a client can resume near 4 GiB without sending 4 GiB. Returns its id.
   */
  seed(options: SeedOptions): string {
    if (!this.binding) throw new Error('SessionStore.seed needs a store that a server is using');
    const parsed = parseUrlPath(options.urlPath);
    if (!parsed) throw new Error(`invalid URL path ${options.urlPath}`);
    if (
      !(Number.isSafeInteger(options.received) && options.received >= 0 && options.received <= options.total)
    ) {
      throw new Error('seed: need 0 <= received <= total');
    }
    const session = this.create({
      kind: options.upload ?? 'upload',
      urlPath: parsed.decoded,
      rawPath: parsed.raw,
      root: this.binding.root,
      storage: this.binding.storage,
    });
    session.received = options.received;
    session.total = options.total;
    if (session.storage === 'disk') {
      mkdirSync(session.files.workDir, { recursive: true });
      const fd = openSync(session.files.tempPath, 'w');
      try {
        ftruncateSync(fd, options.received);
      } finally {
        closeSync(fd);
      }
    }
    return session.id;
  }

  /** Internal: drops the record (files are the caller's business). */
  remove(id: string): void {
    this.sessions.delete(id.toUpperCase());
  }

  /**
   * Runs `fn` with the session's lock held. A retry racing an old request for the same session
   * (client timeout, new connection) waits here until the old one finished (§7.4).
   */
  async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const key = id.toUpperCase();
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => {});
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
