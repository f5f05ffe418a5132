import { constants } from 'node:fs';
import { type FileHandle, link, lstat, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MAX_FILE_NAME_BYTES, truncateUtf8, utf8Length } from '../../../shared/file-names.js';
import { localFileError, replyExistsError, writeError } from './reply-errors.js';

/** What identifies the bytes already in the temp file, so a later attempt can resume them (§11.2). */
export interface PartState {
  url: string;
  etag?: string;
  lastModified?: string;
  total?: number;
}

// Windows has no O_NOFOLLOW (0 there): its symbolic links need privileges to plant.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const SIDECAR_MAX_BYTES = 64 * 1024;

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
 * The temp file and sidecar names for a reply: beside the destination (so the final rename stays
 * on one file system), carrying the owner (the job id) so two jobs never share one, and cut in
 * bytes so that even the longest of them fits the 255-byte file-name limit.
 */
export function partPaths(destination: string, owner?: string): { partPath: string; sidecarPath: string } {
  const suffix = owner === undefined ? '.bits-part' : `.${owner}.bits-part`;
  const room = MAX_FILE_NAME_BYTES - utf8Length(`${suffix}.json`);
  const partPath = join(dirname(destination), `${truncateUtf8(basename(destination), room)}${suffix}`);
  return { partPath, sidecarPath: `${partPath}.json` };
}

/** Removes what a download left behind for `owner` (a job that was cancelled): never the reply itself. */
export async function discardPartFiles(destination: string, owner: string): Promise<void> {
  const { partPath, sidecarPath } = partPaths(destination, owner);
  await Promise.all(
    [partPath, sidecarPath, `${partPath}.tmp`].map((path) =>
      rm(path, { force: true }).catch(() => undefined),
    ),
  );
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Opens our temp file for reading and writing without ever following a link: a symbolic link,
 * a hard link to another file, a FIFO or a device planted at the name is removed (the name only,
 * never what it points at) and a fresh file is created in its place with O_EXCL.
 */
async function openOwnFile(path: string, destination: string): Promise<FileHandle> {
  for (let tries = 0; tries < 4; tries++) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, constants.O_RDWR | NOFOLLOW | NONBLOCK);
    } catch (error) {
      const code = codeOf(error);
      // ELOOP: a symbolic link (EMLINK on FreeBSD); EISDIR/ENXIO: a folder or a socket.
      if (code === 'ELOOP' || code === 'EMLINK' || code === 'ENXIO') {
        await unlink(path);
        continue;
      }
      if (code !== 'ENOENT') throw error;
    }
    if (handle) {
      const info = await handle.stat();
      if (info.isFile() && (info.nlink <= 1 || (await sameFile(info, destination)))) return handle;
      await handle.close();
      await unlink(path);
      continue;
    }
    try {
      return await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
    } catch (error) {
      // Someone created the name between our two opens: look again.
      if (codeOf(error) !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${path} keeps being replaced while it is opened`);
}

/** A second link to the temp file is fine only if it is our own finished reply (a commit cut short). */
async function sameFile(info: { dev: number; ino: number }, destination: string): Promise<boolean> {
  const other = await lstat(destination).catch(() => undefined);
  return other !== undefined && other.dev === info.dev && other.ino === info.ino;
}

/** Reads the sidecar without following a link or blocking on a FIFO; undefined if it is not a plain small file. */
async function readSidecar(path: string): Promise<string | undefined> {
  const handle = await open(path, constants.O_RDONLY | NOFOLLOW | NONBLOCK).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > SIDECAR_MAX_BYTES) return undefined;
    return await handle.readFile('utf8');
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export interface PartFileOptions {
  /** Whose download this is (the job id): part of the temp file names. */
  owner?: string;
  /** Whether the final rename may replace a file already at the destination. */
  overwrite?: boolean;
}

/**
 * The reply while it downloads: a temp file plus a small JSON sidecar beside the destination.
 * The destination itself is only ever touched by the final rename, so a failure never leaves half
 * a reply there; every file is opened so that a planted link cannot redirect a write.
 */
export class PartFile {
  private constructor(
    readonly destination: string,
    readonly partPath: string,
    readonly sidecarPath: string,
    private readonly overwrite: boolean,
    private handle: FileHandle | undefined,
  ) {}

  /** Checks the destination directory and opens (or creates) the temp file without truncating it. */
  static async open(destination: string, options: PartFileOptions = {}): Promise<PartFile> {
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
    const existing = await lstat(destination).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw localFileError(
        `The reply file name points at a folder: ${destination}`,
        'Choose a file name for the reply, not a folder.',
        undefined,
        destination,
      );
    }
    const { partPath, sidecarPath } = partPaths(destination, options.owner);
    try {
      const handle = await openOwnFile(partPath, destination);
      return new PartFile(destination, partPath, sidecarPath, options.overwrite ?? false, handle);
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
    const text = await readSidecar(this.sidecarPath);
    const { size } = await this.file.stat();
    return { state: text === undefined ? undefined : parseState(text), size };
  }

  /** Writes a new file and renames it over the sidecar: a link planted at either name is replaced, never written through. */
  async save(state: PartState): Promise<void> {
    const fresh = `${this.partPath}.tmp`;
    try {
      await rm(fresh, { force: true });
      const handle = await open(
        fresh,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW,
        0o600,
      );
      try {
        await handle.writeFile(`${JSON.stringify(state)}\n`);
      } finally {
        await handle.close();
      }
      await rename(fresh, this.sidecarPath);
    } catch (error) {
      await rm(fresh, { force: true }).catch(() => undefined);
      throw writeError(error, this.sidecarPath);
    }
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

  /**
   * Flushes and moves the temp file to the destination. Without permission to replace, a hard
   * link claims the name only if it is free (no check-then-rename race); rename, used otherwise,
   * replaces a link at the destination rather than writing through it.
   */
  async commit(): Promise<void> {
    let own: { dev: number; ino: number };
    try {
      await this.file.sync();
      own = await this.file.stat();
      await this.close();
    } catch (error) {
      throw writeError(error, this.destination);
    }
    const existing = await lstat(this.destination).catch(() => undefined);
    try {
      if (existing?.isDirectory())
        throw Object.assign(new Error('a folder is in the way'), { code: 'EISDIR' });
      if (this.overwrite) await rename(this.partPath, this.destination);
      else await this.claimDestination(own);
    } catch (error) {
      if (codeOf(error) === 'EEXIST') throw replyExistsError(this.destination);
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

  private async claimDestination(own: { dev: number; ino: number }): Promise<void> {
    try {
      await link(this.partPath, this.destination);
    } catch (error) {
      const code = codeOf(error);
      // Our own link from a commit cut short by a crash: the reply is already in place.
      if (code === 'EEXIST' && (await sameFile(own, this.destination))) {
        await unlink(this.partPath);
        return;
      }
      // File systems without hard links (FAT, some network shares): check, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      if (await lstat(this.destination).catch(() => undefined)) {
        throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      }
      await rename(this.partPath, this.destination);
      return;
    }
    await unlink(this.partPath);
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
