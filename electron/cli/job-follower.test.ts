import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { JobFollower } from './job-follower.js';
import type { UploadReporter } from './reporter.js';
import { makeJob } from './testing/fake-core.js';

function recorder() {
  const seen: string[] = [];
  const reporter: UploadReporter = {
    info: () => undefined,
    warning: () => undefined,
    started: () => undefined,
    update: (job, progress, change) =>
      void seen.push(`${change} ${job.state} ${progress?.bytesAcked ?? job.bytesAcked}`),
    succeeded: () => undefined,
    failed: () => undefined,
    problem: () => undefined,
    interrupted: () => undefined,
    close: () => undefined,
  };
  return { reporter, seen };
}

describe('JobFollower', () => {
  it('replays events that arrived before the job id was known, skipping stale ones', async () => {
    const { reporter, seen } = recorder();
    const follower = new JobFollower({ reporter, clock: new FakeClock() });
    follower.listener({ type: 'job-changed', job: makeJob({ state: 'queued', updatedAt: 5 }) });
    follower.listener({ type: 'job-changed', job: makeJob({ id: 'other', state: 'error', updatedAt: 9 }) });
    follower.listener({ type: 'job-changed', job: makeJob({ state: 'connecting', updatedAt: 7 }) });
    follower.track(makeJob({ state: 'queued', updatedAt: 6 }));
    expect(seen).toEqual(['state connecting 0']);
    follower.listener({
      type: 'progress',
      jobId: 'job-1',
      phase: 'upload',
      bytesAcked: 100,
      bytesTotal: 4096,
      bytesInFlight: 0,
      speedBps: 1,
    });
    expect(follower.current?.bytesAcked).toBe(100);
    follower.listener({ type: 'job-changed', job: makeJob({ state: 'acknowledged', updatedAt: 8 }) });
    expect((await follower.outcome).kind).toBe('acknowledged');
  });

  it('treats a removed job as cancelled', async () => {
    const follower = new JobFollower({ reporter: recorder().reporter, clock: new FakeClock() });
    follower.track(makeJob());
    follower.listener({ type: 'jobs-removed', ids: ['job-1'] });
    const outcome = await follower.outcome;
    expect(outcome.kind).toBe('cancelled');
  });

  it('stops reporting once silenced but keeps the byte count', () => {
    const { reporter, seen } = recorder();
    const follower = new JobFollower({ reporter, clock: new FakeClock() });
    follower.track(makeJob({ state: 'transferring' }));
    follower.silence();
    follower.listener({
      type: 'job-changed',
      job: makeJob({ state: 'queued', bytesAcked: 2048, updatedAt: 2 }),
    });
    expect(seen).toEqual([]);
    expect(follower.current?.bytesAcked).toBe(2048);
  });
});
