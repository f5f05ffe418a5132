/**
 * The job states, types and priorities as plain constants. jobs.ts builds its schemas from them
 * and re-exports them; code that needs only the constants (the renderer's first screen) imports
 * them from here, so it does not build every zod schema of the job model just to read a list.
 */

export const JOB_STATES = [
  'queued',
  'connecting',
  'transferring',
  'suspended',
  'transient-error',
  'error',
  'transferred',
  'acknowledged',
  'cancelled',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Jobs in these states are done for good: they only wait to be removed from the history. */
export const FINAL_STATES: ReadonlySet<JobState> = new Set(['acknowledged', 'cancelled']);
/** Jobs in these states hold (or wait for) a transfer slot. */
export const ACTIVE_STATES: ReadonlySet<JobState> = new Set(['connecting', 'transferring']);

export const JOB_TYPES = ['upload', 'upload-reply'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const PRIORITIES = ['foreground', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
