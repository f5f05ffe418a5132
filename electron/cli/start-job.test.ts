import { describe, expect, it } from 'vitest';
import type { JobError } from '../../shared/jobs.js';
import { shouldStartOver } from './start-job.js';
import { makeJob } from './testing/fake-core.js';

const error = (patch: Partial<JobError>): JobError => ({
  message: 'failed',
  code: '0x80004005',
  context: 5,
  classification: 'fatal',
  phase: 'upload',
  at: 0,
  ...patch,
});

describe('re-running the same upload command: resume or start over', () => {
  it('starts over when the earlier attempt stopped because the file changed', () => {
    const job = makeJob({ state: 'error', error: error({ phase: 'local-file', code: '0x8020001D' }) });
    expect(shouldStartOver(job, { headers: [] })).toBe(true);
  });

  it('starts over when credentials are given after an authentication failure', () => {
    const job = makeJob({ state: 'error', hasCredentials: true, error: error({ httpStatus: 401 }) });
    expect(shouldStartOver(job, { headers: [], credentials: { user: 'u', password: 'p' } })).toBe(true);
  });

  it('starts over when the headers differ from the failed job’s', () => {
    const job = makeJob({ state: 'error', headerNames: ['X-A'], error: error({}) });
    expect(shouldStartOver(job, { headers: [['X-B', '1']] })).toBe(true);
  });

  it('resumes everything else: interrupted, retrying, suspended, or failed with the same settings', () => {
    for (const state of ['queued', 'transient-error', 'suspended', 'transferring'] as const) {
      expect(shouldStartOver(makeJob({ state }), { headers: [] })).toBe(false);
    }
    const failed = makeJob({
      state: 'error',
      headerNames: [],
      hasCredentials: false,
      error: error({ httpStatus: 500 }),
    });
    expect(shouldStartOver(failed, { headers: [] })).toBe(false);
  });
});
