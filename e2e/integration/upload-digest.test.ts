import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toJob } from '../../electron/engine/job-view.js';
import { engineHarness } from '../../electron/engine/testing/engine-harness.js';
import { randomFile, serverFor, tempDir } from './support.js';

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
