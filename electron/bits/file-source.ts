import { type FileHandle, open, stat } from 'node:fs/promises';
import type { RequestBody } from './http/transport.js';

/** Size and modification time: how BITS decides that a source file changed (§6.8). */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
}

/** The local file being uploaded, as a port so tests can hand in anything byte-addressable. */
export interface FileSource {
  readonly path: string;
  identify(): Promise<FileIdentity>;
  /**
   * Bytes [offset, offset + length) streamed in chunks; fails if the file is shorter, or (with
   * `expected`) if its size or mtime stop matching while it is read, so no chunk of a changed
   * file ever reaches the server.
   */
  body(offset: number, length: number, expected?: FileIdentity): RequestBody;
  /**
   * Releases what the source holds open. The session runner owns the source it is given and
   * calls this once when its run ends, even while the transport still iterates a body of a
   * failed request: from then on reads fail, and nothing reopens the file.
   */
  close?(): Promise<void>;
}

/**
 * Bytes per read (and per socket write). Measured quiet against a disk-storing server (bench
 * section 9, one 1 GiB fragment): 1 MiB chunks finished in 0.85–1.07 of curl's time, 4 MiB ones
 * in 0.75–0.85, at the same CPU per GiB within noise (a bigger write leaves the receiver idle
 * longer); smaller chunks would cost a thread-pool round trip each for little gain.
 */
const READ_CHUNK = 1024 * 1024;
/**
 * Free chunk buffers kept for reuse: covers what the transport queues, the read-ahead and the
 * hash thread's backlog (8 MiB). Fewer, and chunks past the pool are new shared memory that only a
 * GC returns: peak RSS grew with the file (84 MB at 256 MiB, 153 MB at 1 GiB with 4 of them).
 */
const POOL_LIMIT = 16;

export function localFile(path: string): FileSource {
  return new LocalFile(path);
}

/**
 * Reads a file for one upload session: one open handle, recycled chunk buffers, one chunk read
 * ahead while the socket sends, and the next fragment's first chunk read while its Ack is awaited.
 * The handle is opened on first read and closed by close(), which is final.
 */
class LocalFile implements FileSource {
  private readonly pool: Buffer[] = [];
  private handle: Promise<FileHandle> | undefined;
  private closed = false;
  /** The chunk after the last range handed out, read while the server acknowledges that range. */
  private ahead: { position: number; read: Promise<Buffer> } | undefined;

  constructor(readonly path: string) {}

  async identify(): Promise<FileIdentity> {
    const info = await stat(this.path);
    if (!info.isFile())
      throw Object.assign(new Error(`${this.path} is not a regular file`), { code: 'EISDIR' });
    return { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
  }

  body(offset: number, length: number, expected?: FileIdentity): RequestBody {
    return {
      length,
      chunks: () => this.readRange(offset, length, expected),
      // The transport hands each chunk back once the socket has it: its memory block is reused.
      release: (chunk) => this.recycle(chunk),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ahead = this.ahead;
    this.ahead = undefined;
    await ahead?.read.catch(() => undefined);
    // FileHandle.close() waits for reads still in flight on it.
    await (await this.handle?.catch(() => undefined))?.close();
  }

  private opened(): Promise<FileHandle> {
    // Reopening after close() would leave a handle nobody closes (the GC warns about it later).
    if (this.closed) return Promise.reject(closedError(this.path));
    this.handle ??= open(this.path, 'r');
    return this.handle;
  }

  private recycle(chunk: Uint8Array): void {
    // Our chunks each own a whole READ_CHUNK-sized memory block (a SharedArrayBuffer of their own).
    if (chunk.buffer.byteLength === READ_CHUNK && this.pool.length < POOL_LIMIT) {
      this.pool.push(Buffer.from(chunk.buffer, 0, READ_CHUNK));
    }
  }

  /** Reads up to `want` (at most READ_CHUNK) bytes at `position` into a recycled (or new) buffer. */
  private async read(position: number, want: number): Promise<Buffer> {
    const handle = await this.opened();
    // A recycled buffer only once the socket is done with it; never one it still holds. Shared
    // memory, so the hash thread reads the same bytes the socket sends (no copy).
    const buffer = this.pool.pop() ?? Buffer.from(new SharedArrayBuffer(READ_CHUNK));
    const { bytesRead } = await handle.read(buffer, 0, Math.min(READ_CHUNK, want), position);
    return bytesRead === READ_CHUNK ? buffer : buffer.subarray(0, bytesRead);
  }

  /** The first chunk of a range: the one read ahead if it starts there, else a fresh read. */
  private firstRead(position: number, want: number): Promise<Buffer> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead?.position === position) return ahead.read;
    // The server moved its cursor elsewhere: the chunk read ahead is not needed.
    void ahead?.read.then(
      (chunk) => this.recycle(chunk),
      () => undefined,
    );
    return this.read(position, want);
  }

  /**
   * Streams [offset, offset + length). Before the range's last chunk is handed out, the file's
   * size and mtime are checked again: a file changed while it was read never completes a
   * fragment, so the server (which only keeps complete fragments) never stores mixed content.
   */
  private async *readRange(
    offset: number,
    length: number,
    expected: FileIdentity | undefined,
  ): AsyncGenerator<Uint8Array> {
    const end = offset + length;
    const take = (chunk: Buffer, position: number): Buffer => {
      if (chunk.length === 0) {
        throw Object.assign(new Error(`${this.path} ended at ${position} bytes, before ${end}`), {
          code: 'ESHORTREAD',
        });
      }
      return position + chunk.length > end ? chunk.subarray(0, end - position) : chunk;
    };
    let next: Promise<Buffer> | undefined = offset < end ? this.firstRead(offset, length) : undefined;
    try {
      let position = offset;
      while (next) {
        const chunk = take(await next, position);
        position += chunk.length;
        next = position < end ? this.read(position, end - position) : undefined;
        if (!next && expected) {
          const now = await (await this.opened()).stat();
          if (now.size !== expected.size || Math.trunc(now.mtimeMs) !== expected.mtimeMs) {
            throw Object.assign(new Error(`${this.path} changed while it was being read`), {
              code: 'EFILECHANGED',
            });
          }
        }
        yield chunk;
      }
      // The range went out whole: read the next fragment's first chunk while its Ack is awaited.
      if (expected && end < expected.size && !this.closed) {
        const read = this.read(end, Math.min(length, expected.size - end));
        // Nobody may ever ask for it (the session ends): its failure must not go unhandled.
        read.catch(() => undefined);
        this.ahead = { position: end, read };
      }
    } finally {
      // A read still in flight when the consumer stopped must not land in a buffer reused later.
      await next?.catch(() => undefined);
    }
  }
}

function closedError(path: string): Error {
  return Object.assign(new Error(`${path} was closed: the upload session that read it has ended`), {
    code: 'ESOURCECLOSED',
  });
}
