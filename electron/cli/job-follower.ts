import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { CoreEvent, ProgressEvent } from '../../shared/contract/core-api.js';
import type { Job, JobError } from '../../shared/jobs.js';
import type { Clock, TimerHandle } from '../bits/clock.js';
import type { JobChange, UploadReporter } from './reporter.js';

export type FollowOutcome =
  | { kind: 'acknowledged'; job: Job }
  | { kind: 'error'; job: Job; error: JobError }
  | { kind: 'cancelled'; job: Job; error: JobError }
  | { kind: 'gave-up'; job: Job; error: JobError };

export interface FollowerOptions {
  reporter: UploadReporter;
  clock: Clock;
  /** --give-up-after: retrying this long without progress ends the run as a failure. */
  giveUpAfterMs?: number;
  /** The job reached 'transferred' but waits for complete() (a job another host added with holdCompletion). */
  onHeld?: (job: Job) => void;
}

/**
 * Follows one job through the core's events until it ends. Subscribe its listener before
 * adding or resuming the job: events that arrive before `track()` names the job are kept
 * and replayed, so nothing between the command and its answer is missed.
 */
export class JobFollower {
  readonly outcome: Promise<FollowOutcome>;
  private settle!: (outcome: FollowOutcome) => void;
  private jobId: string | undefined;
  private job: Job | undefined;
  private progress: ProgressEvent | undefined;
  private readonly early: CoreEvent[] = [];
  private settled = false;
  private quiet = false;
  private giveUpTimer: TimerHandle | undefined;
  private retryingSince: number | undefined;

  constructor(private readonly options: FollowerOptions) {
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  readonly listener = (event: CoreEvent): void => {
    if (this.jobId === undefined) this.early.push(event);
    else this.handle(event);
  };

  /** Starts following `job` (the snapshot add/resume returned) and replays earlier events. */
  track(job: Job): void {
    this.jobId = job.id;
    this.job = job;
    this.afterChange(job, undefined);
    for (const event of this.early.splice(0)) this.handle(event);
  }

  /** The job as last seen, with the freshest acknowledged byte count. */
  get current(): Job | undefined {
    return this.job;
  }

  /** Keeps counting but reports nothing more (the command is shutting down). */
  silence(): void {
    this.quiet = true;
    this.clearGiveUp();
  }

  dispose(): void {
    this.silence();
    this.settled = true;
  }

  private handle(event: CoreEvent): void {
    const current = this.job;
    if (!current) return;
    if (event.type === 'job-changed' && event.job.id === this.jobId) {
      // A snapshot can be newer than events that were queued before it: never step back. The
      // engine stamps each change of a job later than the one before, so equal means the same.
      if (event.job.updatedAt <= current.updatedAt) return;
      this.job = event.job;
      const change: JobChange = event.job.state !== current.state ? 'state' : 'job';
      if (event.job.bytesAcked > current.bytesAcked) this.madeProgress();
      this.report(change);
      this.afterChange(event.job, current);
    } else if (event.type === 'progress' && event.jobId === this.jobId) {
      this.progress = event;
      if (event.bytesAcked > current.bytesAcked) this.madeProgress();
      this.job = { ...current, bytesAcked: event.bytesAcked };
      this.report('progress');
    } else if (event.type === 'jobs-removed' && this.jobId && event.ids.includes(this.jobId)) {
      this.finish({
        kind: 'cancelled',
        job: current,
        error: endedError('The upload was removed by another program.', this.options.clock.now()),
      });
    }
  }

  private report(change: JobChange): void {
    if (this.quiet || this.settled || !this.job) return;
    this.options.reporter.update(this.job, change === 'progress' ? this.progress : undefined, change);
  }

  private afterChange(job: Job, previous: Job | undefined): void {
    if (this.settled) return;
    const entered = previous === undefined || previous.state !== job.state;
    const now = this.options.clock.now();
    if (job.state === 'acknowledged') this.finish({ kind: 'acknowledged', job });
    else if (job.state === 'cancelled') {
      this.finish({ kind: 'cancelled', job, error: endedError('The upload was cancelled.', now) });
    } else if (job.state === 'error') {
      this.finish({ kind: 'error', job, error: job.error ?? endedError('The upload failed.', now) });
    } else if (job.state === 'transient-error') {
      if (entered) this.startRetrying();
    } else if (job.state === 'transferred') {
      this.madeProgress();
      if (entered && job.holdCompletion) this.options.onHeld?.(job);
    }
  }

  /** The give-up clock runs from the first transient error until bytes move again. */
  private startRetrying(): void {
    const limit = this.options.giveUpAfterMs;
    if (limit === undefined || this.retryingSince !== undefined) return;
    const { clock } = this.options;
    this.retryingSince = clock.now();
    this.giveUpTimer = clock.setTimeout(() => {
      this.giveUpTimer = undefined;
      const job = this.job!;
      const seconds = Math.round(limit / 1000);
      const last = job.error;
      this.finish({
        kind: 'gave-up',
        job,
        error: {
          message: `Gave up after ${seconds} s of retrying without progress.${last ? ` Last error: ${last.message}` : ''}`,
          hint: `${last?.hint ? `${last.hint} ` : ''}Run the same command again to resume from where the server is.`,
          code: last?.code ?? formatHresult(HRESULT.BG_E_NO_PROGRESS),
          context: last?.context ?? ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
          classification: 'fatal',
          phase: last?.phase ?? 'upload',
          httpStatus: last?.httpStatus,
          at: clock.now(),
        },
      });
    }, limit);
  }

  private madeProgress(): void {
    this.retryingSince = undefined;
    this.clearGiveUp();
  }

  private clearGiveUp(): void {
    if (this.giveUpTimer !== undefined) this.options.clock.clearTimeout(this.giveUpTimer);
    this.giveUpTimer = undefined;
  }

  private finish(outcome: FollowOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.clearGiveUp();
    this.settle(outcome);
  }
}

function endedError(message: string, at: number): JobError {
  return {
    message,
    code: formatHresult(HRESULT.E_ABORT),
    context: ERROR_CONTEXT.NONE,
    classification: 'fatal',
    phase: 'upload',
    at,
  };
}
