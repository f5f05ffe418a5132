import { createHash } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { localFile } from '../../electron/bits/file-source.js';
import { liveHashThreads } from '../../electron/bits/hash-thread.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { THREAD_FROM_BYTES } from '../../electron/bits/upload-digest.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import { toJob } from '../../electron/engine/job-view.js';
import { engineHarness } from '../../electron/engine/testing/engine-harness.js';
import { randomFile, serverFor, storedBytes, tempDir } from './support.js';

const FRAGMENT = 256 * 1024;

describe('upload integrity: SHA-256 while streaming, checked by the server', () => {
  it('survives an app restart mid-upload (the new process hashes the prefix from disk); the server agrees', async () => {
    const server = await serverFor();
    // A bandwidth limit keeps the upload going long enough to stop it in the middle.
    const h = await engineHarness({ settings: { fragmentSize: FRAGMENT, bandwidthLimitBps: 2_000_000 } });
    const file = await randomFile(await tempDir(), 3 * 1024 * 1024);
    const job = await h.add({ filePath: file.path, url: server.url('/up/digest.bin') });
    while (h.job(job.id).bytesAcked < 4 * FRAGMENT) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.job(job.id).bytesAcked).toBeLessThan(file.bytes.length);
    // Closing the app mid-upload: the next process knows only the cursor, not the hash state.
    await h.restart();
    const done = await h.waitFor(h.job(job.id).id, (j) => j.state === 'acknowledged');
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    expect(done.sha256).toBe(sha256);
    expect(toJob(h.job(job.id)).sha256).toBe(sha256);
    expect(server.log.some((entry) => entry.packetType === 'Ping')).toBe(true);
    const closes = server.log.filter((entry) => entry.packetType === 'Close-Session');
    expect(closes.map((entry) => entry.status)).toEqual([200]);
    expect(closes[0]!.headers.find(([name]) => name === 'Repr-Digest')?.[1]).toBe(
      `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
    );
  });
});

/** A file large enough that its SHA-256 is computed in a worker thread. */
const LARGE = THREAD_FROM_BYTES + 4 * 1024 * 1024;
const MiB = 1024 * 1024;

async function noHashThreadLeft(): Promise<number> {
  // close() ends the thread asynchronously; the count drops when it has exited.
  for (let i = 0; i < 200 && liveHashThreads() > 0; i++) await new Promise((r) => setTimeout(r, 10));
  return liveHashThreads();
}

describe('upload integrity for a large file (hashed in a worker thread)', () => {
  it('survives an app restart mid-file, stays byte-identical, and leaves no thread behind', async () => {
    const server = await serverFor();
    const h = await engineHarness({ settings: { fragmentSize: MiB, bandwidthLimitBps: 16_000_000 } });
    const file = await randomFile(await tempDir(), LARGE);
    const job = await h.add({ filePath: file.path, url: server.url('/up/large.bin') });
    while (h.job(job.id).bytesAcked < 4 * MiB) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(liveHashThreads()).toBe(1);
    await h.restart();
    expect(await noHashThreadLeft()).toBe(0);
    h.engine.updateSettings({ ...h.engine.settings, bandwidthLimitBps: 0 });
    const done = await h.waitFor(job.id, (j) => j.state === 'acknowledged');
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    expect(done.sha256).toBe(sha256);
    expect((await storedBytes(server, '/up/large.bin')).equals(file.bytes)).toBe(true);
    const close = server.log.find((entry) => entry.packetType === 'Close-Session');
    expect(close?.status).toBe(200);
    expect(await noHashThreadLeft()).toBe(0);
  });

  it('suspend and cancel end the job’s hash thread; a resumed job still gets the right digest', async () => {
    const server = await serverFor();
    const h = await engineHarness({ settings: { fragmentSize: MiB, bandwidthLimitBps: 16_000_000 } });
    const dir = await tempDir();
    const file = await randomFile(dir, LARGE);
    const job = await h.add({ filePath: file.path, url: server.url('/up/suspended.bin') });
    while (h.job(job.id).bytesAcked < 2 * MiB) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(liveHashThreads()).toBe(1);
    h.engine.suspend(job.id);
    expect(await noHashThreadLeft()).toBe(0);
    h.engine.updateSettings({ ...h.engine.settings, bandwidthLimitBps: 0 });
    h.engine.resume(job.id);
    const done = await h.waitFor(job.id, (j) => j.state === 'acknowledged');
    expect(done.sha256).toBe(createHash('sha256').update(file.bytes).digest('hex'));
    expect(await noHashThreadLeft()).toBe(0);

    h.engine.updateSettings({ ...h.engine.settings, bandwidthLimitBps: 16_000_000 });
    const other = await randomFile(dir, LARGE, 'other.bin');
    const cancelled = await h.add({ filePath: other.path, url: server.url('/up/cancelled.bin') });
    while (h.job(cancelled.id).bytesAcked < 2 * MiB) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(liveHashThreads()).toBe(1);
    h.engine.cancel(cancelled.id);
    expect(await noHashThreadLeft()).toBe(0);
  });

  it('a file changed mid-upload fails the job without sending mixed bytes, and ends the thread', async () => {
    const server = await serverFor();
    const h = await engineHarness({ settings: { fragmentSize: MiB, bandwidthLimitBps: 16_000_000 } });
    const file = await randomFile(await tempDir(), LARGE);
    const job = await h.add({ filePath: file.path, url: server.url('/up/changed.bin') });
    while (h.job(job.id).bytesAcked < 2 * MiB) await new Promise((resolve) => setTimeout(resolve, 5));
    await appendFile(file.path, 'more');
    const failed = await h.waitFor(job.id, (j) => j.state === 'error');
    expect(failed.error?.message).toMatch(/changed/);
    expect(server.log.some((entry) => entry.packetType === 'Close-Session')).toBe(false);
    expect(await noHashThreadLeft()).toBe(0);
  });
});

describe('a session run that hashes for itself (no digest given)', () => {
  it('ends its hash thread when the run ends, finished or failed', async () => {
    const server = await serverFor();
    const file = await randomFile(await tempDir(), LARGE);
    const run = (path: string) => {
      const transport = createNodeTransport();
      return runUploadSession({
        url: server.url(path),
        kind: 'upload',
        file: localFile(file.path),
        transport,
        fragmentSize: 8 * MiB,
      }).finally(() => transport.close());
    };
    const outcome = await run('/up/own.bin');
    expect(outcome.state.sha256).toBe(createHash('sha256').update(file.bytes).digest('hex'));
    expect(await noHashThreadLeft()).toBe(0);

    server.faults.add({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'status', status: 500 },
      times: 1,
    });
    await expect(run('/up/own-failed.bin')).rejects.toThrow();
    expect(await noHashThreadLeft()).toBe(0);
  });
});
