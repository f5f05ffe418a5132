import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core.js';
import type { CoreEvent, Job } from '../../shared/contract/core-api.js';
import { impossibleEvents, runStorm, seededRandom, sharedQueuePositions } from '../storm/storm.js';
import {
  allowedTransition,
  describeDescriptors,
  openDescriptors,
  settledDescriptors,
} from './storm-checks.js';
import { randomFile, serverFor, storedBytes, tempDir } from './support.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

const SIZE = 1536 * 1024;

describe('a storm of parallel commands on every channel, with real uploads on loopback', () => {
  it('keeps every state possible, every queue position unique, every upload byte-identical, and no descriptor', async () => {
    const seed = Number(process.env.STORM_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const server = await serverFor();
    const dir = await tempDir();
    const files = new Map<string, Buffer>();
    const urlPathOf = (name: string) => `/up/${name}`;
    const make = async (name: string) => {
      const file = await randomFile(dir, SIZE, name);
      files.set(urlPathOf(name), file.bytes);
      return file.path;
    };
    const baseline = openDescriptors();
    const core = await createCore({ dataDir: join(dir, 'data') });
    const events: CoreEvent[] = [];
    core.subscribe((event) => events.push(event));
    let closed = false;
    try {
      await core.commands.updateSettings({ bandwidthLimitBps: 8 * 1024 * 1024, maxConcurrentJobs: 3 });
      const add = async (name: string) =>
        core.commands.add({
          filePath: await make(name),
          url: server.url(urlPathOf(name)),
          fragmentSize: 128 * 1024,
        });
      const keep = await Promise.all(['k1.bin', 'k2.bin', 'k3.bin', 'k4.bin'].map(add));
      const victims = await Promise.all(['v1.bin', 'v2.bin'].map(add));
      const newJobs = await Promise.all(
        ['n1.bin', 'n2.bin'].map(async (name) => ({
          filePath: await make(name),
          url: server.url(urlPathOf(name)),
        })),
      );
      // The storm starts once uploads are moving, so it lands on running transfers.
      await new Promise<void>((resolve) => {
        const off = core.subscribe((event) => {
          if (event.type === 'progress' && event.bytesAcked > 0) {
            off();
            resolve();
          }
        });
      });
      const outcome = await runStorm(
        core,
        { keep: keep.map((job) => job.id), victims: victims.map((job) => job.id), newJobs },
        { count: 600, wave: 50, random, pauseMs: 30 },
      );
      // The storm landed on running transfers: some job was stopped part-way through.
      const midway = events.some(
        (event) =>
          event.type === 'job-changed' &&
          (event.job.state === 'suspended' || event.job.state === 'queued') &&
          event.job.bytesAcked > 0 &&
          event.job.bytesAcked < event.job.bytesTotal,
      );
      expect(midway).toBe(true);
      expect(outcome.unexpected, `seed ${seed}`).toEqual([]);
      expect(outcome.ok).toBeGreaterThan(100);

      // Let everything that may finish, finish: unsuspend, no limit.
      await core.commands.updateSettings({ bandwidthLimitBps: 0, maxConcurrentJobs: 4, maxJobsPerHost: 4 });
      await core.commands.resumeAll();
      const mustFinish = [...keep, ...outcome.added].map((job) => job.id);
      const lastState = () => {
        const states = new Map<string, Job>();
        for (const event of events) if (event.type === 'job-changed') states.set(event.job.id, event.job);
        return states;
      };
      await waitUntil(async () => {
        const states = lastState();
        for (const id of mustFinish) {
          const job = states.get(id)!;
          if (job.state === 'error') throw new Error(`${job.fileName} failed: ${job.error?.message}`);
          if (job.state === 'suspended') await core.commands.resume(id);
          if (job.state !== 'acknowledged') return false;
        }
        return true;
      });
      const all = await core.queries.list({ limit: 1000 });
      expect(sharedQueuePositions(all.jobs)).toEqual([]);
      expect(impossibleEvents(events, allowedTransition), `seed ${seed}`).toEqual([]);
      // Every upload the server committed is the file, byte for byte (some were removed from the history since).
      const finished = [...lastState().values()].filter((job) => job.state === 'acknowledged');
      expect(finished.length).toBeGreaterThanOrEqual(mustFinish.length);
      for (const job of finished) {
        const path = new URL(job.url).pathname;
        expect((await storedBytes(server, path)).equals(files.get(path)!), job.url).toBe(true);
      }
      await core.close();
      closed = true;
      expect(await settledDescriptors(baseline), describeDescriptors().join('\n')).toBeLessThanOrEqual(
        baseline,
      );
      expect(unhandled).toEqual([]);
      console.log(
        `storm (seed ${seed}): ${outcome.ok} answered, refused ${JSON.stringify(outcome.refused)}, ${events.length} events`,
      );
    } finally {
      if (!closed) await core.close();
    }
  });
});

async function waitUntil(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the jobs did not finish after the storm');
}
