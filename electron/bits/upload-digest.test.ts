import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/session-state.js';
import type { FileSource } from './file-source.js';
import { MemoryFile } from './testing/memory-file.js';
import { startSession } from './testing/session-script.js';
import { reprDigest, UploadDigest } from './upload-digest.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A MemoryFile that counts the bytes read from it: hashing must not read the file a second time. */
function counted(file: MemoryFile): FileSource & { read: number } {
  const source = {
    read: 0,
    path: file.path,
    identify: () => file.identify(),
    body: (offset: number, length: number) => {
      const inner = file.body(offset, length);
      return {
        length,
        chunks: async function* () {
          for await (const chunk of inner.chunks()) {
            source.read += chunk.byteLength;
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

describe('UploadDigest', () => {
  const file = MemoryFile.pattern(3_000_000);
  const whole = sha256(file.slice(0, 3_000_000));

  it('hashes fragments as they stream, once, even when ranges are re-sent or cut', async () => {
    const source = counted(file);
    const digest = new UploadDigest().forFile(file.identity);
    await drain(digest.track(source.body(0, 1_000_000), 0, source));
    // Re-sent after a lost Ack, then a cursor that went back: nothing is hashed twice.
    await drain(digest.track(source.body(0, 1_000_000), 0, source));
    await drain(digest.track(source.body(500_000, 1_500_000), 500_000, source));
    await drain(digest.track(source.body(2_000_000, 1_000_000), 2_000_000, source));
    const read = source.read;
    expect(await digest.finish(source)).toBe(whole);
    expect(source.read).toBe(read);
  });

  it('after a restart hashes the acknowledged prefix once, then streams the rest', async () => {
    const source = counted(file);
    const digest = new UploadDigest().forFile(file.identity);
    await drain(digest.track(source.body(2_000_000, 1_000_000), 2_000_000, source));
    expect(await digest.finish(source)).toBe(whole);
    expect(source.read).toBe(3_000_000);
  });

  it('starts over for another file', async () => {
    const digest = new UploadDigest().forFile(file.identity);
    await drain(digest.track(file.body(0, 1000), 0, file));
    const other = MemoryFile.of(Buffer.from('other bytes'));
    other.identity.mtimeMs += 1;
    expect(await digest.forFile(other.identity).finish(other)).toBe(sha256(Buffer.from('other bytes')));
  });

  it('writes Repr-Digest as RFC 9530 does', () => {
    // RFC 9530 appendix B: the SHA-256 of {"hello": "world"}
    const hex = sha256(Buffer.from('{"hello": "world"}'));
    expect(reprDigest(hex)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
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
