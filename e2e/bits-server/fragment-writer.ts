import { type FileHandle, open, truncate } from 'node:fs/promises';
import type { BodyReader } from './connection.js';
import type { BitsSession } from './session-store.js';

/**
 * Bytes gathered into one positional writev. When the disk keeps up, each socket chunk is written
 * as it comes; when it falls behind, chunks queue while the previous write runs and go down
 * together, so syscalls shrink exactly when they matter.
 */
const BATCH_BYTES = 1024 * 1024;

/**
 * Streams a fragment body whose first byte is at `first` into the session's temp file, writing
 * only bytes at or past `session.received` (§6.2: an overlap never overwrites stored bytes).
 * Returns how many new bytes were stored. Always reads the whole body, even after a write error,
 * so the connection stays usable; the error is thrown once the body is drained.
 */
export async function storeFragmentBody(
  body: BodyReader,
  session: BitsSession,
  first: number,
): Promise<number> {
  let skip = session.received - first;
  let stored = 0;
  if (session.storage === 'discard') {
    for (let chunks = await body.read(); chunks; chunks = await body.read()) {
      for (const chunk of dropPrefix(chunks, skip)) {
        session.hash?.update(chunk);
        stored += chunk.length;
      }
      skip = Math.max(0, skip - sum(chunks));
    }
    return stored;
  }

  const handle = await open(session.files.tempPath, 'r+');
  let pending: Promise<void> | undefined;
  let failure: unknown;
  try {
    let position = session.received;
    for (let chunks = await body.read(BATCH_BYTES); chunks; chunks = await body.read(BATCH_BYTES)) {
      const fresh = dropPrefix(chunks, skip);
      skip = Math.max(0, skip - sum(chunks));
      if (fresh.length === 0 || failure !== undefined) continue;
      // One write in flight at a time; the next batch was read from the socket meanwhile.
      if (pending) await pending;
      const at = position;
      const size = sum(fresh);
      position += size;
      stored += size;
      pending = writeAll(handle, fresh, at).catch((err: unknown) => {
        failure ??= err;
      });
    }
  } finally {
    if (pending) await pending;
    await handle.close();
  }
  if (failure !== undefined) throw failure;
  return stored;
}

/** The "server lost data" fault: forget everything past `to`. */
export async function rewindSession(session: BitsSession, to: number): Promise<void> {
  if (session.committed || to >= session.received) return;
  session.received = Math.max(0, to);
  if (session.storage === 'disk') await truncate(session.files.tempPath, session.received);
}

async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let left = buffers;
  let at = position;
  while (left.length > 0) {
    const { bytesWritten } = await handle.writev(left, at);
    at += bytesWritten;
    left = dropPrefix(left, bytesWritten);
  }
}

function dropPrefix(chunks: Buffer[], count: number): Buffer[] {
  if (count <= 0) return chunks;
  const out: Buffer[] = [];
  let left = count;
  for (const chunk of chunks) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    out.push(left > 0 ? chunk.subarray(left) : chunk);
    left = 0;
  }
  return out;
}

function sum(chunks: readonly Buffer[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}
