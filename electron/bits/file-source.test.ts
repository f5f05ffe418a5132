import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localFile } from './file-source.js';
import { openDescriptorsOn } from './testing/open-descriptors.js';

/**
 * Issue 9 item 7 / issue 10 item 10: the session runner closes its file source when a run ends,
 * while the transport may still be iterating a fragment body (the request failed mid-body).
 * Nothing may reopen the file after close(): a reopened handle is never closed again.
 */
const MIB = 1024 * 1024;
/** What localFile reads at a time: a range spans several chunks only past this. */
const CHUNK = 4 * MIB;
let dir: string;
let path: string;
let bytes: Buffer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-source-'));
  path = join(dir, 'data.bin');
  bytes = randomBytes(3 * CHUNK + 17);
  await writeFile(path, bytes);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('localFile: the handle belongs to the source until close(), and close() is final', () => {
  it('streams a range byte-identical and holds one handle while it does', async () => {
    const source = localFile(path);
    const { mtimeMs } = await source.identify();
    const chunks: Buffer[] = [];
    for await (const chunk of source.body(MIB - 5, 2 * CHUNK, { size: bytes.length, mtimeMs }).chunks()) {
      chunks.push(Buffer.from(chunk));
      expect(openDescriptorsOn(path)).toBe(1);
    }
    expect(Buffer.concat(chunks).equals(bytes.subarray(MIB - 5, MIB - 5 + 2 * CHUNK))).toBe(true);
    await source.close!();
    expect(openDescriptorsOn(path)).toBe(0);
  });

  it('does not reopen the file when a body is still iterated after close() (failed request)', async () => {
    const source = localFile(path);
    const iterator = source
      .body(0, 3 * CHUNK)
      .chunks()
      [Symbol.asyncIterator]();
    await iterator.next();
    await source.close!();
    // The transport's write loop goes on for a moment after the request failed. The read that
    // was already in flight may still land; none is started on a reopened file.
    let outcome = '';
    for (let i = 0; i < 3 && !outcome; i++) {
      outcome = await iterator.next().then(
        (result) => (result.done ? 'done' : ''),
        (error: Error) => error.message,
      );
    }
    await iterator.return?.();
    expect(outcome).toMatch(/was closed/);
    expect(openDescriptorsOn(path)).toBe(0);
  });

  it('does not reopen the file for the read-ahead when the last chunk is taken after close()', async () => {
    const source = localFile(path);
    const { mtimeMs } = await source.identify();
    const iterator = source.body(0, MIB, { size: bytes.length, mtimeMs }).chunks()[Symbol.asyncIterator]();
    await iterator.next();
    await source.close!();
    // The range is done: this is where the next fragment's first chunk used to be read ahead.
    await iterator.next().catch(() => undefined);
    await iterator.return?.();
    expect(openDescriptorsOn(path)).toBe(0);
  });

  it('closes the handle and a pending read-ahead together', async () => {
    const source = localFile(path);
    const { mtimeMs } = await source.identify();
    for await (const _ of source.body(0, MIB, { size: bytes.length, mtimeMs }).chunks()) {
      // drain
    }
    await source.close!();
    expect(openDescriptorsOn(path)).toBe(0);
  });
});
