import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../electron/bits/testing/fake-clock.js';
import { engineHarness } from '../../electron/engine/testing/engine-harness.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

/**
 * Issue 9 item 4: a server that closes the connection after each answer without saying so
 * (no Connection: close). The request that finds the reused connection dead is re-sent at once
 * on a new one, and from then on every request to that host gets a fresh connection: no
 * failed attempt, no back-off.
 */
const MIB = 1024 * 1024;

describe('a server whose connections never survive an answer', () => {
  it('the session finishes in one attempt, byte-identical, learning the host after one reset', async () => {
    const server = await serverFor({ closeSilently: true });
    const dir = await tempDir();
    const file = await randomFile(dir, 5 * MIB);
    const result = await uploadWithRetries({
      url: server.url('/up/five.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: MIB,
    });
    expect(result.errors.map((error) => error.message)).toEqual([]);
    expect(result.attempts).toBe(1);
    expect((await storedBytes(server, '/up/five.bin')).equals(file.bytes)).toBe(true);
    // Only the first reuse found a dead connection; afterwards each request said Connection: close.
    expect(server.log.filter((entry) => entry.fault === 'close-silently')).toHaveLength(1);
    const fragments = server.log.filter((entry) => entry.packetType === 'Fragment' && entry.status === 200);
    expect(fragments).toHaveLength(5);
  });

  it('upload-reply: the reply download and Close-Session go on fresh connections too', async () => {
    const server = await serverFor({ closeSilently: true });
    const dir = await tempDir();
    const file = await randomFile(dir, 3 * MIB);
    const replyPath = join(dir, 'reply.txt');
    const result = await uploadWithRetries({
      url: server.url('/reply/three.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
      fragmentSize: MIB,
    });
    expect(result.attempts).toBe(1);
    expect(await readFile(replyPath, 'utf8')).toContain(
      createHash('sha256').update(file.bytes).digest('hex'),
    );
    expect(server.log.filter((entry) => entry.fault === 'close-silently')).toHaveLength(1);
  });

  it('the engine finishes the job without a retry, on a clock that never moves', async () => {
    const server = await serverFor({ closeSilently: true });
    const clock = new FakeClock();
    const h = await engineHarness({ clock, settings: { fragmentSize: MIB } });
    const dir = await tempDir();
    const file = await randomFile(dir, 5 * MIB);
    const job = await h.add({ filePath: file.path, url: server.url('/up/engine.bin'), type: 'upload' });
    // A back-off would wait on the fake clock forever: the job only finishes without one.
    const done = await h.waitFor(job.id, (j) => j.state === 'acknowledged' || j.state === 'transient-error');
    expect(`${done.state} ${done.error?.message ?? ''}`).toBe('acknowledged ');
    expect(h.states(job.id)).not.toContain('transient-error');
    expect(server.log.filter((entry) => entry.fault === 'close-silently')).toHaveLength(1);
    expect((await storedBytes(server, '/up/engine.bin')).equals(file.bytes)).toBe(true);
  });
});
