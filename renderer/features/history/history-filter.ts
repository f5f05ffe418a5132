import { FINAL_STATES } from '../../../shared/job-states.js';
import type { Job } from '../../../shared/jobs.js';

export type HistoryState = 'all' | 'done' | 'cancelled';

export interface HistoryFilter {
  state: HistoryState;
  /** Matches the file name or the destination URL, case-insensitively. */
  search: string;
}

/** When a finished job ended (completedAt; cancelled jobs have their last change). */
export function endedAt(job: Job): number {
  return job.completedAt ?? job.updatedAt;
}

/** Finished and cancelled jobs matching the filter, the newest first. */
export function historyJobs(byId: Readonly<Record<string, Job>>, filter: HistoryFilter): Job[] {
  const needle = filter.search.trim().toLowerCase();
  return Object.values(byId)
    .filter((job) => FINAL_STATES.has(job.state))
    .filter((job) => filter.state === 'all' || (filter.state === 'done') === (job.state === 'acknowledged'))
    .filter(
      (job) =>
        needle === '' ||
        job.fileName.toLowerCase().includes(needle) ||
        job.url.toLowerCase().includes(needle),
    )
    .sort((a, b) => endedAt(b) - endedAt(a) || b.createdAt - a.createdAt);
}

export interface HistoryTotals {
  count: number;
  done: number;
  cancelled: number;
  /** Bytes the servers acknowledged, over the jobs counted. */
  bytesSent: number;
  /** Jobs that met an error on the way (a cancelled one after a failure, a done one after retries that failed). */
  failures: number;
}

export function historyTotals(jobs: readonly Job[]): HistoryTotals {
  const totals: HistoryTotals = { count: jobs.length, done: 0, cancelled: 0, bytesSent: 0, failures: 0 };
  for (const job of jobs) {
    if (job.state === 'acknowledged') totals.done++;
    else totals.cancelled++;
    totals.bytesSent += job.bytesAcked;
    if (job.error) totals.failures++;
  }
  return totals;
}
