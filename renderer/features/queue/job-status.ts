import { explainError } from '../../../shared/error-explain.js';
import { formatBytes, formatEta, formatSpeed, percentOf } from '../../../shared/format.js';
import type { Job } from '../../../shared/jobs.js';
import type { JobProgress } from '../../stores/jobs-store.js';

export type StatusTone = 'neutral' | 'accent' | 'amber' | 'red' | 'green' | 'muted';
export type StatusIcon = 'clock' | 'upload' | 'pause' | 'retry' | 'alert' | 'check' | 'cancelled';

/** How a job's state reads in its row (ui.md, "States, words and colour"): never colour alone. */
export interface JobStatus {
  word: string;
  /** One plain line of why (errors), or undefined. */
  detail?: string;
  tone: StatusTone;
  icon: StatusIcon;
  percent: number;
  /**
   * Percent handed to the network (acknowledged plus the fragment in flight), shown lighter
   * behind `percent`: under a low limit one fragment can take a minute before its Ack.
   */
  sentPercent?: number;
  /** The bar moves (reduced motion turns the animation off). */
  active: boolean;
  speed: string;
  eta: string;
  /** "12.3 MiB of 48.0 MiB". */
  amount: string;
}

/** `now` (ms) dates the retry countdown of a job waiting after a transient error. */
export function jobStatus(
  job: Job,
  progress: (JobProgress & { resending?: number }) | undefined,
  now = Date.now(),
): JobStatus {
  const acked = Math.max(job.bytesAcked, progress?.bytesAcked ?? 0);
  const done = job.state === 'transferred' || job.state === 'acknowledged';
  const percent = percentOf(acked, job.bytesTotal, done);
  const amount = done
    ? formatBytes(job.bytesTotal)
    : `${formatBytes(acked)} of ${formatBytes(job.bytesTotal)}`;
  const base = { percent, amount, speed: '', eta: '', active: false };
  switch (job.state) {
    case 'queued':
      return { ...base, word: 'Queued', tone: 'neutral', icon: 'clock' };
    case 'connecting':
      return { ...base, word: 'Connecting', tone: 'accent', icon: 'upload', active: true };
    case 'transferring': {
      const replying = progress?.phase === 'reply';
      const inFlight = !replying && progress ? progress.bytesInFlight : 0;
      const sentPercent = percentOf(acked + inFlight, job.bytesTotal);
      const resending = progress?.resending
        ? `re-sending ${formatBytes(progress.resending)} the server lost`
        : undefined;
      return {
        ...(resending ? { detail: resending } : {}),
        ...base,
        ...(sentPercent > percent ? { sentPercent } : {}),
        word: replying ? 'Fetching reply' : 'Uploading',
        tone: 'accent',
        icon: 'upload',
        active: true,
        speed: progress ? formatSpeed(progress.speedBps) : '',
        eta: etaText(progress?.etaSeconds),
      };
    }
    case 'suspended':
      return { ...base, word: 'Suspended', tone: 'neutral', icon: 'pause' };
    case 'transient-error': {
      const status = withDetail({ ...base, word: 'Retrying', tone: 'amber', icon: 'retry' }, job);
      // "Retrying in 3 s: connection lost" (ui.md); the reason alone once the wait is over.
      if (job.nextRetryAt === undefined || job.nextRetryAt <= now) return status;
      const wait = `in ${formatEta((job.nextRetryAt - now) / 1000)}`;
      return { ...status, detail: status.detail ? `${wait}: ${status.detail}` : wait };
    }
    case 'error':
      return withDetail({ ...base, word: 'Failed', tone: 'red', icon: 'alert' }, job);
    case 'transferred':
      return { ...base, word: 'Transferred', tone: 'green', icon: 'check' };
    case 'acknowledged':
      return { ...base, word: 'Done', tone: 'green', icon: 'check', eta: doneIn(job) };
    case 'cancelled':
      return { ...base, word: 'Cancelled', tone: 'muted', icon: 'cancelled' };
  }
}

/** "3 min 20 s left", or nothing when there is no time left to tell. */
export function etaText(seconds: number | undefined): string {
  return seconds === undefined ? '' : `${formatEta(seconds)} left`;
}

/** The error's one-line reason in plain words (shared/error-explain.ts); the codes are in the details pane. */
function withDetail(status: JobStatus, job: Job): JobStatus {
  return job.error ? { ...status, detail: explainError(job.error).reason } : status;
}

/** "took 41 s" from queueing to the end: what the user waited ("in 41 s" would read as a countdown). */
function doneIn(job: Job): string {
  if (job.completedAt === undefined) return '';
  return `took ${formatEta((job.completedAt - job.createdAt) / 1000)}`;
}

/** `dump-2026-…-final.dmp`: long names keep their start and their extension (ui.md). */
export function middleTruncate(name: string, max = 56): string {
  if (name.length <= max) return name;
  const tail = Math.floor((max - 1) / 3);
  return `${name.slice(0, max - 1 - tail)}…${name.slice(name.length - tail)}`;
}
