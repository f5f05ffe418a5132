import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/session-state.js';
import type { FileSource } from './file-source.js';
import { liveHashThreads } from './hash-thread.js';
import { MemoryFile } from './testing/memory-file.js';
import { startSession } from './testing/session-script.js';
import { reprDigest, THREAD_FROM_BYTES, UploadDigest } from './upload-digest.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A MemoryFile that counts the bytes read from it: hashing must not read the file a second time. */
function counted(file: MemoryFile): FileSource & { read: number; reads: Array<[number, number]> } {
  const source = {
    read: 0,
    reads: [] as Array<[number, number]>,
    path: file.path,
    identify: () => file.identify(),
    body: (offset: number, length: number) => {
      const inner = file.body(offset, length);
      return {
        length,
        chunks: async function* () {
          let at = offset;
          for await (const chunk of inner.chunks()) {
            source.read += chunk.byteLength;
            source.reads.push([at, chunk.byteLength]);
            at += chunk.byteLength;
            yield chunk;
          }
        },
      };
    },
  };
  return source;
}

async function drain(body: { chunks(): AsyncIterable<Uint8Array> }): Promise<void> {
  for await (const _chunk of body.chunks());
}

/** Reads of the file, as [offset, length) per chunk: hashing must not read a byte twice. */
function readsIn(source: FileSource & { reads: Array<[number, number]> }, from: number, to: number): number {
  let total = 0;
  for (const [offset, length] of source.reads) {
    total += Math.max(0, Math.min(to, offset + length) - Math.max(from, offset));
  }
  return total;
}

describe.each(['inline', 'thread'] as const)('UploadDigest (%s)', (mode) => {
  const file = MemoryFile.pattern(3_000_000);
  const whole = sha256(file.slice(0, 3_000_000));

  it('hashes fragments as they stream, once, even when ranges are re-sent or cut', async () => {
    const source = counted(file);
    const digest = new UploadDigest(mode).forFile(file.identity);
    await drain(digest.track(source.body(0, 1_000_000), 0, source));
    // Re-sent after a lost Ack, then a cursor that went back: nothing is hashed twice.
    await drain(digest.track(source.body(0, 1_000_000), 0, source));
    await drain(digest.track(source.body(500_000, 1_500_000), 500_000, source));
    await drain(digest.track(source.body(2_000_000, 1_000_000), 2_000_000, source));
    const read = source.read;
    expect(await digest.finish(source)).toBe(whole);
    expect(source.read).toBe(read);
    await digest.close();
  });

  it('a replayed final fragment changes nothing', async () => {
    const source = counted(file);
    const digest = new UploadDigest(mode).forFile(file.identity);
    await drain(digest.track(source.body(0, 3_000_000), 0, source));
    expect(await digest.finish(source)).toBe(whole);
    // The final Ack was lost: the last fragment goes out again (§6.5).
    await drain(digest.track(source.body(2_000_000, 1_000_000), 2_000_000, source));
    expect(await digest.finish(source)).toBe(whole);
    expect(source.read).toBe(4_000_000);
    await digest.close();
  });

  it('after a restart reads the acknowledged prefix once, alongside the stream', async () => {
    const source = counted(file);
    const digest = new UploadDigest(mode).forFile(file.identity);
    // The stream does not wait for the prefix: its chunks go out while the prefix is read.
    await drain(digest.track(source.body(2_000_000, 500_000), 2_000_000, source));
    await drain(digest.track(source.body(2_500_000, 500_000), 2_500_000, source));
    expect(await digest.finish(source)).toBe(whole);
    expect(readsIn(source, 0, 2_000_000)).toBe(2_000_000);
    await digest.close();
  });

  it('starts over for another file (one changed between attempts)', async () => {
    const digest = new UploadDigest(mode).forFile(file.identity);
    await drain(digest.track(file.body(0, 1000), 0, file));
    const other = MemoryFile.of(Buffer.from('other bytes'));
    other.identity.mtimeMs += 1;
    expect(await digest.forFile(other.identity).finish(other)).toBe(sha256(Buffer.from('other bytes')));
    await digest.close();
  });

  it('writes Repr-Digest as RFC 9530 does', () => {
    // RFC 9530 appendix B: the SHA-256 of {"hello": "world"}
    const hex = sha256(Buffer.from('{"hello": "world"}'));
    expect(reprDigest(hex)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
  });
});

describe('UploadDigest in a thread', () => {
  it('reads chunks in shared memory in place and hands each back only once it is hashed', async () => {
    const bytes = MemoryFile.pattern(4_000_000).slice(0, 4_000_000);
    const released: Uint8Array[] = [];
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 1_000_000) {
      const chunk = new Uint8Array(new SharedArrayBuffer(1_000_000));
      chunk.set(bytes.subarray(at, at + 1_000_000));
      chunks.push(chunk);
    }
    const body = {
      length: bytes.length,
      chunks: async function* () {
        yield* chunks;
      },
      release: (chunk: Uint8Array) => {
        released.push(chunk);
      },
    };
    const file = MemoryFile.of(bytes);
    const digest = new UploadDigest('thread').forFile(file.identity);
    const tracked = digest.track(body, 0, file);
    let releasedAtOnce = 0;
    for await (const chunk of tracked.chunks()) {
      tracked.release?.(chunk);
      releasedAtOnce += released.includes(chunk) ? 1 : 0;
    }
    // The socket was done with each chunk at once, but the thread still had to read it.
    expect(releasedAtOnce).toBe(0);
    expect(await digest.finish(file)).toBe(sha256(bytes));
    // The same chunk objects, each once (compared by identity: they are large).
    expect(released.length).toBe(chunks.length);
    expect(released.every((chunk, i) => chunk === chunks[i])).toBe(true);
    await digest.close();
  });

  it('auto hashes small files on the event loop and large ones in a thread, which close() ends', async () => {
    const small = MemoryFile.pattern(1000);
    const inline = new UploadDigest().forFile(small.identity);
    await drain(inline.track(small.body(0, 1000), 0, small));
    expect(liveHashThreads()).toBe(0);
    expect(await inline.finish(small)).toBe(sha256(small.slice(0, 1000)));

    const large = MemoryFile.pattern(THREAD_FROM_BYTES);
    const threaded = new UploadDigest().forFile(large.identity);
    await drain(threaded.track(large.body(0, 1_000_000), 0, large));
    expect(liveHashThreads()).toBe(1);
    await threaded.close();
    expect(liveHashThreads()).toBe(0);
    // Closed is final: nothing starts a thread again.
    await drain(threaded.track(large.body(1_000_000, 1_000_000), 1_000_000, large));
    expect(liveHashThreads()).toBe(0);
    await expect(threaded.finish(large)).rejects.toThrow('closed');
  });
});

describe('upload session: the file’s SHA-256', () => {
  it('sends Repr-Digest on Close-Session and keeps the digest in the state', async () => {
    const bytes = MemoryFile.pattern(20_000).slice(0, 20_000);
    const { script, settled } = startSession({ size: 20_000, fragmentSize: 8192 });
    await script.createSession();
    await script.fragment('bytes 0-8191/20000');
    await script.fragment('bytes 8192-16383/20000');
    await script.fragment('bytes 16384-19999/20000');
    const close = await script.close();
    expect(close.header('Repr-Digest')).toBe(reprDigest(sha256(bytes)));
    const outcome = await settled;
    expect(outcome.ok && outcome.value.state.sha256).toBe(sha256(bytes));
  });

  it('stops with a plain error when the server says the data does not match', async () => {
    const state: SessionState = {
      sessionId: '{S-1}',
      acked: 100,
      fileSize: 100,
      fileMtimeMs: MemoryFile.pattern(1).identity.mtimeMs,
      uploadComplete: true,
      replyDone: false,
      closeSent: true,
      restartsWithoutProgress: 0,
      sha256: 'ab'.repeat(32),
    };
    const { script, settled } = startSession({ size: 100, state });
    await script.ping();
    const close = await script.expect('Close-Session');
    close.ack({ 'BITS-Error-Code': '0x80070017', 'BITS-Error-Context': '0x5' }, 400);
    const outcome = await settled;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe(
      `The server reports that the file it received does not match this file's SHA-256 (${'ab'.repeat(32)}).`,
    );
    expect(outcome.error.classification).toBe('fatal');
  });
});
