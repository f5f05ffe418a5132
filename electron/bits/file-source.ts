import { open, stat } from 'node:fs/promises';
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
}

const READ_CHUNK = 1024 * 1024;

export function localFile(path: string): FileSource {
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
        async *chunks() {
          const handle = await open(path, 'r');
          try {
            let position = offset;
            const end = offset + length;
            while (position < end) {
              // A fresh buffer per chunk: the socket may still hold the previous one.
              const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, end - position));
              const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
              if (bytesRead === 0) {
                throw Object.assign(new Error(`${path} ended at ${position} bytes, before ${end}`), {
                  code: 'ESHORTREAD',
                });
              }
              if (expected) {
                const now = await handle.stat();
                if (now.size !== expected.size || Math.trunc(now.mtimeMs) !== expected.mtimeMs) {
                  throw Object.assign(new Error(`${path} changed while it was being read`), {
                    code: 'EFILECHANGED',
                  });
                }
              }
              position += bytesRead;
              yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
            }
          } finally {
            await handle.close();
          }
        },
      };
    },
  };
}
