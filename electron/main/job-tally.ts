import type { CoreEvent, Job } from '../../shared/contract/core-api.js';
import { ACTIVE_STATES, FINAL_STATES, type JobState } from '../../shared/jobs.js';

/** Something the user may want to hear about (a notification). */
export interface JobOutcome {
  kind: 'finished' | 'failed' | 'reply-ready';
  jobId: string;
  fileName: string;
}

/** The whole queue in a few numbers: what the tray, the taskbar and quitting look at. */
export interface QueueSummary {
  /** Jobs holding a transfer (connecting or transferring). */
  transferring: number;
  /** Jobs that will still move bytes (queued, transferring, waiting to retry). */
  pending: number;
  suspended: number;
  failed: number;
  /** Over the pending jobs: acknowledged and total bytes. */
  bytesAcked: number;
  bytesTotal: number;
}

interface Entry {
  state: JobState;
  type: Job['type'];
  fileName: string;
  bytesAcked: number;
  bytesTotal: number;
}

const DONE: ReadonlySet<JobState> = new Set(['transferred', 'acknowledged']);
const PENDING: ReadonlySet<JobState> = new Set(['queued', 'connecting', 'transferring', 'transient-error']);

/**
 * Main's small view of every job, fed by the snapshot and the event stream, so the tray and
 * the notifications never ask the database. A job's first arrival at done or error is an outcome.
 */
export class JobTally {
  private readonly jobs = new Map<string, Entry>();

  /** The current jobs (no outcomes: they happened before this run looked). */
  seed(jobs: readonly Job[]): void {
    for (const job of jobs) this.jobs.set(job.id, entryOf(job));
  }

  apply(event: CoreEvent): JobOutcome[] {
    switch (event.type) {
      case 'job-changed': {
        const before = this.jobs.get(event.job.id);
        this.jobs.set(event.job.id, entryOf(event.job));
        return outcomeOf(before?.state, event.job);
      }
      case 'jobs-removed':
        for (const id of event.ids) this.jobs.delete(id);
        return [];
      case 'progress': {
        const entry = this.jobs.get(event.jobId);
        if (entry) {
          entry.bytesAcked = event.bytesAcked;
          entry.bytesTotal = event.bytesTotal;
        }
        return [];
      }
      default:
        return [];
    }
  }

  summary(): QueueSummary {
    const summary: QueueSummary = {
      transferring: 0,
      pending: 0,
      suspended: 0,
      failed: 0,
      bytesAcked: 0,
      bytesTotal: 0,
    };
    for (const entry of this.jobs.values()) {
      if (ACTIVE_STATES.has(entry.state)) summary.transferring++;
      if (entry.state === 'suspended') summary.suspended++;
      if (entry.state === 'error') summary.failed++;
      if (PENDING.has(entry.state)) {
        summary.pending++;
        summary.bytesAcked += Math.min(entry.bytesAcked, entry.bytesTotal);
        summary.bytesTotal += entry.bytesTotal;
      }
    }
    return summary;
  }
}

function entryOf(job: Job): Entry {
  return {
    state: job.state,
    type: job.type,
    fileName: job.fileName,
    bytesAcked: job.bytesAcked,
    bytesTotal: job.bytesTotal,
  };
}

function outcomeOf(before: JobState | undefined, job: Job): JobOutcome[] {
  if (before === job.state) return [];
  const base = { jobId: job.id, fileName: job.fileName };
  // transferred → acknowledged is the same success told twice.
  if (DONE.has(job.state) && (before === undefined || !DONE.has(before))) {
    return [{ ...base, kind: job.type === 'upload-reply' && job.replyPath ? 'reply-ready' : 'finished' }];
  }
  if (job.state === 'error' && !FINAL_STATES.has(before ?? 'queued')) return [{ ...base, kind: 'failed' }];
  return [];
}
