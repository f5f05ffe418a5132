import { type FileHandle, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { localFileError, writeError } from './reply-errors.js';

/** What identifies the bytes already in the temp file, so a later attempt can resume them (§11.2). */
export interface PartState {
  url: string;
  etag?: string;
  lastModified?: string;
  total?: number;
}

function parseState(text: string): PartState | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value !== 'object' || value === null || typeof value.url !== 'string') return undefined;
    const state: PartState = { url: value.url };
    if (typeof value.etag === 'string') state.etag = value.etag;
    if (typeof value.lastModified === 'string') state.lastModified = value.lastModified;
    if (typeof value.total === 'number' && Number.isSafeInteger(value.total) && value.total >= 0) {
      state.total = value.total;
    }
    return state;
  } catch {
    // A sidecar torn by a crash just means we cannot vouch for the temp file: start over.
    return undefined;
  }
}

/**
 * The reply while it downloads: `<destination>.bits-part` plus a small JSON sidecar. The destination
 * itself is only ever touched by the final rename, so a failure never leaves half a reply there.
 */
export class PartFile {
  readonly partPath: string;
  readonly sidecarPath: string;
  private constructor(
    readonly destination: string,
    private handle: FileHandle | undefined,
  ) {
    this.partPath = `${destination}.bits-part`;
    this.sidecarPath = `${this.partPath}.json`;
  }

  /** Checks the destination directory and opens (or creates) the temp file without truncating it. */
  static async open(destination: string): Promise<PartFile> {
    const directory = dirname(destination);
    const info = await stat(directory).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw localFileError(
        `The folder for the reply file does not exist: ${directory}`,
        'Create the folder, or choose another place for reply files.',
        undefined,
        directory,
      );
    }
    const existing = await stat(destination).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw localFileError(
        `The reply file name points at a folder: ${destination}`,
        'Choose a file name for the reply, not a folder.',
        undefined,
        destination,
      );
    }
    const partPath = `${destination}.bits-part`;
    try {
      // r+ keeps earlier bytes for resuming; 'a' would ignore our write positions on Linux.
      const handle = await open(partPath, 'r+').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return open(partPath, 'w+');
        throw error;
      });
      return new PartFile(destination, handle);
    } catch (error) {
      throw writeError(error, partPath);
    }
  }

  private get file(): FileHandle {
    if (!this.handle) throw new Error('The reply temp file is already closed.');
    return this.handle;
  }

  /** The saved identity and how many bytes the temp file already holds. */
  async load(): Promise<{ state: PartState | undefined; size: number }> {
    const text = await readFile(this.sidecarPath, 'utf8').catch(() => undefined);
    const { size } = await this.file.stat();
    return { state: text === undefined ? undefined : parseState(text), size };
  }

  async save(state: PartState): Promise<void> {
    await writeFile(this.sidecarPath, `${JSON.stringify(state)}\n`).catch((error) => {
      throw writeError(error, this.sidecarPath);
    });
  }

  /** Forgets the bytes downloaded so far (the content changed, or they cannot be trusted). */
  async reset(): Promise<void> {
    await this.file.truncate(0).catch((error) => {
      throw writeError(error, this.partPath);
    });
  }

  async write(data: Uint8Array, position: number): Promise<void> {
    let done = 0;
    try {
      while (done < data.length) {
        const { bytesWritten } = await this.file.write(data, done, data.length - done, position + done);
        done += bytesWritten;
      }
    } catch (error) {
      throw writeError(error, this.partPath);
    }
  }

  /** Flushes, moves the temp file over the destination in one rename, and drops the sidecar. */
  async commit(): Promise<void> {
    try {
      await this.file.sync();
      await this.close();
      await rename(this.partPath, this.destination);
    } catch (error) {
      throw writeError(error, this.destination);
    }
    await rm(this.sidecarPath, { force: true }).catch(() => undefined);
    // Makes the rename itself durable; directories cannot be opened for sync on Windows, hence best effort.
    const directory = await open(dirname(this.destination), 'r').catch(() => undefined);
    if (directory) {
      await directory.sync().catch(() => undefined);
      await directory.close().catch(() => undefined);
    }
  }

  /** Removes the temp file and sidecar: used when the partial data is worthless for a retry. */
  async discard(): Promise<void> {
    await this.close();
    await rm(this.partPath, { force: true }).catch(() => undefined);
    await rm(this.sidecarPath, { force: true }).catch(() => undefined);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }
}
