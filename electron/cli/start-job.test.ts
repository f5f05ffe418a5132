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
    expect(shouldStartOver(job)).toBe(true);
  });

  it('resumes a job whose file was only missing (and is back): the server keeps its bytes', () => {
    const missing = makeJob({ state: 'error', error: error({ phase: 'local-file', code: '0x80004005' }) });
    expect(shouldStartOver(missing)).toBe(false);
  });

  it('resumes everything else (new credentials, headers or a CA are applied to the resumed job)', () => {
    for (const state of ['queued', 'transient-error', 'suspended', 'transferring'] as const) {
      expect(shouldStartOver(makeJob({ state }))).toBe(false);
    }
    expect(shouldStartOver(makeJob({ state: 'error', error: error({ httpStatus: 401 }) }))).toBe(false);
    expect(shouldStartOver(makeJob({ state: 'error', error: error({ phase: 'reply' }) }))).toBe(false);
  });

  it('starts over when the server no longer has the reply (404/410): only a new upload gets one', () => {
    for (const httpStatus of [404, 410]) {
      expect(shouldStartOver(makeJob({ state: 'error', error: error({ phase: 'reply', httpStatus }) }))).toBe(
        true,
      );
    }
    // A reply that was refused or could not be written locally is retried from where it stopped.
    expect(
      shouldStartOver(makeJob({ state: 'error', error: error({ phase: 'reply', httpStatus: 403 }) })),
    ).toBe(false);
    expect(
      shouldStartOver(
        makeJob({ state: 'transient-error', error: error({ phase: 'reply', httpStatus: 404 }) }),
      ),
    ).toBe(false);
  });
});
