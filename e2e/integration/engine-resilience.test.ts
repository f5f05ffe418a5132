import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../electron/bits/testing/fake-clock.js';
import { engineHarness } from '../../electron/engine/testing/engine-harness.js';
import { type BitsServer, startBitsServer } from '../bits-server/index.js';
import { randomFile, tempDir } from './support.js';

const FRAGMENT = 256 * 1024;

/** Real I/O, fake time: back-off delays pass when the test says so, transfers run for real. */
async function driveUntil(clock: FakeClock, done: () => boolean, status: () => string, limitMs = 40_000) {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > limitMs) throw new Error(`jobs did not finish: ${status()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await clock.advance(15_000);
  }
}

describe('engine ⇄ reference server: many jobs through every kind of trouble', () => {
  it('completes every job byte-identical through cuts, lost Acks, forgotten sessions, lost data and a server restart', async () => {
    const root = await tempDir('bits-root-');
    let server: BitsServer = await startBitsServer({ root });
    const port = server.port;
    try {
      const clock = new FakeClock();
      const h = await engineHarness({
        clock,
        settings: { maxConcurrentJobs: 4, maxJobsPerHost: 4, fragmentSize: FRAGMENT },
      });
      const dir = await tempDir();
      const rules = [
        server.faults.add({
          match: { packet: 'Fragment', nth: 3 },
          action: { type: 'cut-mid-body' },
          times: 3,
        }),
        server.faults.add({ match: { packet: 'Fragment', nth: 9 }, action: { type: 'drop-ack' }, times: 3 }),
        server.faults.add({
          match: { packet: 'Fragment', nth: 15 },
          action: { type: 'forget-session' },
          times: 2,
        }),
        server.faults.add({
          match: { packet: 'Fragment', nth: 2, minOffset: FRAGMENT * 4 },
          action: { type: 'cursor-back', to: FRAGMENT },
          times: 2,
        }),
        server.faults.add({
          match: { packet: 'Fragment', nth: 27 },
          action: { type: 'status', status: 503 },
          times: 2,
        }),
      ];

      const files: Array<{ path: string; bytes: Buffer; job: { id: string }; urlPath: string }> = [];
      for (let i = 0; i < 8; i++) {
        const file = await randomFile(dir, 2 * 1024 * 1024 + i * 77_777, `f${i}.bin`);
        const reply = i % 3 === 0;
        const urlPath = reply ? `/reply/f${i}.bin` : `/up/f${i}.bin`;
        const job = await h.add({
          filePath: file.path,
          url: server.url(`${urlPath}?n=${i}`),
          type: reply ? 'upload-reply' : 'upload',
        });
        files.push({ ...file, job, urlPath });
      }

      // Restart the server mid-way: every session it held is gone.
      const status = () =>
        files
          .map(({ job }) => {
            const record = h.store.getJob(job.id)!;
            return `${record.state}:${record.bytesAcked}/${record.bytesTotal}:${record.error?.message ?? ''}`;
          })
          .join(' | ');
      await driveUntil(
        clock,
        () => server.log.filter((entry) => entry.packetType === 'Fragment').length > 30,
        status,
      );
      expect(rules.map((rule) => rule.fired)).toEqual([3, 3, 2, 2, 2]);
      await server.close();
      await clock.advance(15_000);
      server = await startBitsServer({ root, port });

      const finished = () =>
        files.every(({ job }) => ['acknowledged', 'error'].includes(h.store.getJob(job.id)!.state));
      await driveUntil(clock, finished, status);
      const restarted = files.filter(({ job }) =>
        h.store.listEvents(job.id).some((event) => /new upload session/.test(event.message)),
      );
      expect(restarted.length).toBeGreaterThan(0);
      for (const [index, { job, bytes, urlPath }] of files.entries()) {
        const record = h.store.getJob(job.id)!;
        expect(`${record.state} ${record.error?.message ?? ''}`).toBe('acknowledged ');
        if (index % 3 === 0) {
          const sha = createHash('sha256').update(bytes).digest('hex');
          expect(await readFile(record.replyPath!, 'utf8')).toContain(sha);
        }
        expect((await readFile(server.filePath(urlPath))).equals(bytes)).toBe(true);
      }
    } finally {
      await server.close();
    }
  });
});
