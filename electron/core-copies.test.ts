import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Core, CoreEvent, Job } from '../shared/contract/core-api.js';
import { createCore } from './core.js';

async function openCore(): Promise<{ core: Core; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-copies-'));
  const core = await createCore({ dataDir: join(dir, 'data') });
  onTestFinished(async () => {
    await core.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { core, dir };
}

describe('nothing that leaves the core is the engine’s own object', () => {
  it('ignores changes to the settings a query, a command or an event handed out', async () => {
    const { core } = await openCore();
    const seenBySecond: number[] = [];
    core.subscribe((event) => {
      if (event.type === 'settings-changed') {
        event.settings.maxConcurrentJobs = 0;
        event.settings.bandwidthLimitBps = -5;
      }
    });
    core.subscribe((event) => {
      if (event.type === 'settings-changed') seenBySecond.push(event.settings.maxConcurrentJobs);
    });
    const returned = await core.commands.updateSettings({ maxConcurrentJobs: 4 });
    returned.retry.minDelayMs = 1;
    const queried = await core.queries.settings();
    queried.maxConcurrentJobs = 0;
    queried.bandwidthLimitBps = -1;
    expect(seenBySecond).toEqual([4]);
    const now = await core.queries.settings();
    expect(now).toMatchObject({ maxConcurrentJobs: 4, bandwidthLimitBps: 0, retry: { minDelayMs: 0 } });
    // A patch merges onto the engine's settings, not onto a copy someone made negative.
    expect((await core.commands.updateSettings({ maxJobsPerHost: 3 })).bandwidthLimitBps).toBe(0);
  });

  it('ignores changes to jobs returned by commands, queries and events', async () => {
    const { core, dir } = await openCore();
    const path = join(dir, 'a.bin');
    writeFileSync(path, 'abc');
    const firstSeen: Job[] = [];
    const secondSeen: string[] = [];
    const errored = new Promise<void>((resolve) => {
      core.subscribe((event: CoreEvent) => {
        if (event.type !== 'job-changed') return;
        firstSeen.push(event.job);
        if (event.job.error) {
          event.job.error.message = 'changed by a subscriber';
          event.job.state = 'acknowledged';
          resolve();
        }
      });
    });
    core.subscribe((event) => {
      if (event.type === 'job-changed' && event.job.error) secondSeen.push(event.job.error.message);
    });
    // Port 9 on loopback refuses: the job goes to transient-error with an error object.
    const job = await core.commands.add({ filePath: path, url: 'http://127.0.0.1:9/a.bin' });
    job.headerNames.push('X-Injected');
    await errored;
    expect(secondSeen[0]).toMatch(/refused|connect/i);
    const found = await core.queries.findUnfinished({ filePath: path, url: job.url, type: 'upload' });
    expect(found?.state).toBe('transient-error');
    expect(found?.error?.message).toBe(secondSeen[0]);
    expect(found?.headerNames).toEqual([]);
    const list = await core.queries.list();
    list.jobs[0]!.state = 'cancelled';
    expect((await core.queries.list()).jobs[0]!.state).toBe('transient-error');
    expect(firstSeen.length).toBeGreaterThan(0);
  });
});
