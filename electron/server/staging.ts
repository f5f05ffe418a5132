import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, statfs } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CoreError } from '../../shared/contract/core-api.js';
import type { StagedFile } from '../../shared/contract/host-api.js';

export interface StagingOptions {
  /** <data folder>/staging */
  dir: string;
  /** Largest file accepted. */
  maxBytes: number;
  /** Room left free on the disk after a file is staged (the database and replies need some). */
  reserveBytes?: number;
  /** Free bytes on the disk holding `dir` (statfs by default; tests pass their own). */
  freeBytes?: (dir: string) => Promise<number>;
}

const DEFAULT_RESERVE = 256 * 1024 * 1024;

/**
 * Files dropped in a browser have no path on the host: their bytes are written here, each in a
 * folder of its own (so the name stays the file's own, for the job and its URL), then queued
 * like any other file. Partial files never survive an abort.
 */
export class StagingArea {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly reserve: number;
  private readonly freeBytes: (dir: string) => Promise<number>;

  constructor(options: StagingOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.reserve = options.reserveBytes ?? DEFAULT_RESERVE;
    this.freeBytes = options.freeBytes ?? diskFree;
  }

  /** Checks before any byte is read: a valid name, within the cap, and room on the disk. */
  async admit(fileName: string, size: number): Promise<void> {
    stagedNameProblem(fileName);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new CoreError('invalid-input', 'The size of a staged file must be a whole number of bytes.');
    }
    if (size > this.maxBytes) {
      throw new CoreError(
        'too-large',
        `${fileName} is ${size} bytes; this host accepts files up to ${this.maxBytes} bytes from a browser.`,
        'Put the file on the host and pick it there, or start serve with a larger --max-stage-size.',
      );
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const free = await this.freeBytes(this.dir);
    if (free - size < this.reserve) {
      throw new CoreError(
        'no-space',
        `The host has no room for ${fileName} (${size} bytes; ${Math.max(0, free)} bytes free).`,
        'Free some space on the host, or remove finished jobs that used dropped files.',
      );
    }
  }

  /** Streams `body` (exactly `size` bytes) into the staging folder; removes everything on failure. */
  async receive(fileName: string, size: number, body: Readable): Promise<StagedFile> {
    await this.admit(fileName, size);
    const folder = join(this.dir, randomUUID());
    await mkdir(folder, { mode: 0o700 });
    const finalPath = join(folder, fileName);
    const partPath = `${finalPath}.part`;
    let received = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > size) {
              throw new CoreError(
                'too-large',
                `More than the announced ${size} bytes arrived for ${fileName}.`,
              );
            }
            yield chunk;
          }
        },
        createWriteStream(partPath, { mode: 0o600 }),
      );
      if (received !== size) {
        throw new CoreError(
          'invalid-input',
          `Only ${received} of ${size} bytes of ${fileName} arrived; nothing was kept.`,
          'Drop the file again.',
        );
      }
      await rename(partPath, finalPath);
      return { stagedPath: finalPath, bytes: size };
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      if (error instanceof CoreError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC')
        throw new CoreError('no-space', `The host's disk filled up while receiving ${fileName}.`);
      if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'ABORT_ERR') {
        throw new CoreError(
          'invalid-input',
          `The upload of ${fileName} to the host was cut off; nothing was kept.`,
        );
      }
      throw new CoreError('io', `Cannot stage ${fileName}: ${(error as Error).message}`);
    }
  }

  /** True for a file this area staged. */
  contains(path: string): boolean {
    const rel = relative(this.dir, path);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && rel.split(sep).length === 2;
  }

  /** Deletes a staged copy (its folder) once no job needs it. */
  async discard(path: string): Promise<void> {
    if (this.contains(path)) await rm(dirname(path), { recursive: true, force: true });
  }

  /** Removes staged copies that no job refers to (left by a crash, or dropped and never queued). */
  async sweep(inUse: ReadonlySet<string>): Promise<number> {
    const folders = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const folder of folders) {
      const files = await readdir(join(this.dir, folder)).catch(() => [] as string[]);
      if (files.some((file) => inUse.has(join(this.dir, folder, file)))) continue;
      await rm(join(this.dir, folder), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}

/** Throws for a name that cannot be one file in a folder of its own. */
export function stagedNameProblem(fileName: string): void {
  const bad =
    fileName === '' ||
    fileName === '.' ||
    fileName === '..' ||
    /[/\\]/.test(fileName) ||
    /[\x00-\x1f\x7f]/.test(fileName) ||
    Buffer.byteLength(fileName) > 255;
  if (bad) {
    throw new CoreError(
      'invalid-input',
      `“${fileName.slice(0, 100)}” cannot be used as a file name on the host.`,
    );
  }
}

async function diskFree(dir: string): Promise<number> {
  const info = await statfs(dir);
  return Number(info.bavail) * Number(info.bsize);
}
