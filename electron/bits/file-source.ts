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
  /** Releases what the source holds open (the session runner calls it when it ends). */
  close?(): Promise<void>;
}

const READ_CHUNK = 1024 * 1024;
/** Free chunk buffers kept for reuse: covers what the transport queues plus the read-ahead. */
const POOL_LIMIT = 8;

export function localFile(path: string): FileSource {
  const pool: Buffer[] = [];
  // One handle for the whole session, opened on first use: no open/close per fragment.
  let handle: Promise<FileHandle> | undefined;
  const opened = () => {
    handle ??= open(path, 'r');
    return handle;
  };
  return {
    path,
    async identify() {
      const info = await stat(path);
      if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EISDIR' });
      return { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
    },
    body(offset, length, expected) {
      return {
        length,
        chunks: () => readRange(path, opened, offset, length, expected, pool),
        release(chunk) {
          // Our chunks each own a whole READ_CHUNK-sized memory block (allocUnsafeSlow): reuse it.
          if (chunk.buffer.byteLength === READ_CHUNK && pool.length < POOL_LIMIT) {
            pool.push(Buffer.from(chunk.buffer, 0, READ_CHUNK));
          }
        },
      };
    },
    async close() {
      const current = handle;
      handle = undefined;
      await (await current?.catch(() => undefined))?.close();
    },
  };
}

/**
 * Streams [offset, offset + length) with one read ahead, so the disk works while the socket
 * sends. Before the range's last chunk is handed out, the file's size and mtime are checked
 * again: a file changed while it was read never completes a fragment, so the server (which only
 * keeps complete fragments) never stores mixed content.
 */
async function* readRange(
  path: string,
  opened: () => Promise<FileHandle>,
  offset: number,
  length: number,
  expected: FileIdentity | undefined,
  pool: Buffer[],
): AsyncGenerator<Uint8Array> {
  const handle = await opened();
  const end = offset + length;
  const read = async (position: number): Promise<Buffer> => {
    // A recycled buffer if the socket is done with one, else a new one (never one it still holds).
    const buffer = pool.pop() ?? Buffer.allocUnsafeSlow(READ_CHUNK);
    const want = Math.min(READ_CHUNK, end - position);
    const { bytesRead } = await handle.read(buffer, 0, want, position);
    if (bytesRead === 0) {
      throw Object.assign(new Error(`${path} ended at ${position} bytes, before ${end}`), {
        code: 'ESHORTREAD',
      });
    }
    return bytesRead === READ_CHUNK ? buffer : buffer.subarray(0, bytesRead);
  };
  let next: Promise<Buffer> | undefined;
  try {
    let position = offset;
    next = position < end ? read(position) : undefined;
    while (next) {
      const chunk = await next;
      position += chunk.length;
      next = position < end ? read(position) : undefined;
      if (!next && expected) {
        const now = await handle.stat();
        if (now.size !== expected.size || Math.trunc(now.mtimeMs) !== expected.mtimeMs) {
          throw Object.assign(new Error(`${path} changed while it was being read`), { code: 'EFILECHANGED' });
        }
      }
      yield chunk;
    }
  } finally {
    // A read still in flight when the consumer stopped must not land in a buffer reused later.
    await next?.catch(() => undefined);
  }
}
