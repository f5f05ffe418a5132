import type { ProgressEvent } from '../../shared/contract/core-api.js';
import type { Job, JobError } from '../../shared/jobs.js';

/** What changed in the followed job: its state, its progress, or only other fields. */
export type JobChange = 'state' | 'progress' | 'job';

/**
 * How `upload` talks to the user. Three implementations: a live progress line on a terminal,
 * plain log lines when stderr is not a terminal, and JSON lines on stdout (--json).
 */
export interface UploadReporter {
  info(message: string): void;
  /** Also goes to stderr in --json mode: warnings must reach a person. */
  warning(message: string): void;
  started(job: Job, resumed: boolean): void;
  update(job: Job, progress: ProgressEvent | undefined, change: JobChange): void;
  succeeded(job: Job): void;
  failed(job: Job, error: JobError, exitCode: number): void;
  /** A problem that stops the command before or outside a job (local file, locked data folder). */
  problem(message: string, exitCode: number, hint?: string): void;
  interrupted(job: Job | undefined): void;
  /** Stops timers; leaves the last line in place. */
  close(): void;
}
