import { describe, expect, it } from 'vitest';
import { JobTally } from './job-tally.js';
import { makeJob } from './testing/job.js';

describe('JobTally', () => {
  it('reports each job once when it finishes, fails or gets its reply; not the jobs it started with', () => {
    const tally = new JobTally();
    tally.seed([makeJob('old', { state: 'acknowledged' }), makeJob('a', { state: 'transferring' })]);
    expect(tally.apply({ type: 'job-changed', job: makeJob('a', { state: 'transferred' }) })).toEqual([
      { kind: 'finished', jobId: 'a', fileName: 'a.bin' },
    ]);
    expect(tally.apply({ type: 'job-changed', job: makeJob('a', { state: 'acknowledged' }) })).toEqual([]);
    expect(tally.apply({ type: 'job-changed', job: makeJob('old', { state: 'acknowledged' }) })).toEqual([]);
    const reply = makeJob('r', { type: 'upload-reply', state: 'transferring', replyPath: '/r/x' });
    tally.apply({ type: 'job-changed', job: reply });
    expect(tally.apply({ type: 'job-changed', job: { ...reply, state: 'acknowledged' } })).toEqual([
      { kind: 'reply-ready', jobId: 'r', fileName: 'r.bin' },
    ]);
    tally.apply({ type: 'job-changed', job: makeJob('f', { state: 'transient-error' }) });
    expect(tally.apply({ type: 'job-changed', job: makeJob('f', { state: 'error' }) })).toEqual([
      { kind: 'failed', jobId: 'f', fileName: 'f.bin' },
    ]);
    expect(tally.apply({ type: 'job-changed', job: makeJob('f', { state: 'error' }) })).toEqual([]);
  });

  it('sums the pending jobs, follows progress and forgets removed jobs', () => {
    const tally = new JobTally();
    tally.seed([
      makeJob('a', { state: 'transferring', bytesAcked: 100 }),
      makeJob('b', { state: 'queued', bytesTotal: 3000 }),
      makeJob('c', { state: 'suspended' }),
      makeJob('d', { state: 'error' }),
      makeJob('e', { state: 'acknowledged', bytesAcked: 1000 }),
    ]);
    expect(tally.summary()).toEqual({
      transferring: 1,
      pending: 2,
      suspended: 1,
      failed: 1,
      bytesAcked: 100,
      bytesTotal: 4000,
    });
    tally.apply({
      type: 'progress',
      jobId: 'a',
      phase: 'upload',
      bytesAcked: 900,
      bytesTotal: 1000,
      bytesInFlight: 0,
      speedBps: 1,
    });
    expect(tally.summary().bytesAcked).toBe(900);
    tally.apply({ type: 'jobs-removed', ids: ['a', 'b'] });
    expect(tally.summary()).toMatchObject({ pending: 0, bytesTotal: 0, suspended: 1 });
  });
});
