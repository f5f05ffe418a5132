import { escapeControl } from '../../shared/display-text.js';
import { formatBytes } from '../../shared/format.js';
import type { Job, JobError } from '../../shared/jobs.js';
import { describeJobError, serverHas } from './error-report.js';
import { oneLine } from './progress-render.js';
import { retrySummary } from './retry-wording.js';

/** Plain-text wording shared by the terminal and the log reporters. */

export function startedLine(job: Job): string {
  const what = job.type === 'upload-reply' ? 'Uploading (with reply)' : 'Uploading';
  return `${what} ${escapeControl(job.filePath)} (${formatBytes(job.bytesTotal)}) to ${escapeControl(job.url)}`;
}

export function resumingLine(job: Job): string {
  return `Resuming: ${serverHas(job)}.`;
}

export function retryLine(job: Job, now: number): string {
  const summary = retrySummary(job, now);
  if (summary) return `${summary}.`;
  const seconds = job.nextRetryAt === undefined ? undefined : Math.max(0, (job.nextRetryAt - now) / 1000);
  const when = seconds === undefined ? 'Retrying soon' : `Retrying in ${Math.ceil(seconds)} s`;
  return `${when}: ${escapeControl(oneLine(job.error?.message ?? 'the connection failed'))}`;
}

/** One log line per state the user should know about; undefined for states reported elsewhere. */
export function stateLine(job: Job, now: number): string | undefined {
  switch (job.state) {
    case 'queued':
      // A retry passes through the queue: the retry line already said what happens next.
      return job.error ? undefined : 'Queued: waiting for a transfer slot.';
    case 'connecting':
      return job.error ? undefined : `Connecting to ${escapeControl(hostOf(job.url))}.`;
    case 'transferring':
      return `Transferring (${serverHas(job)}).`;
    case 'transient-error':
      return retryLine(job, now);
    case 'suspended':
      return 'Suspended by another program using the same data folder; waiting for it to be resumed.';
    case 'transferred':
      return job.type === 'upload-reply' ? 'Upload complete; reply received.' : 'Upload complete.';
    default:
      return undefined;
  }
}

export function successLines(job: Job): string[] {
  const lines = [`Done: ${escapeControl(job.fileName)} (${formatBytes(job.bytesTotal)}) is on the server.`];
  if (job.sha256) lines.push(`SHA-256: ${job.sha256}`);
  if (job.replyPath) lines.push(`Reply saved to ${escapeControl(job.replyPath)}`);
  return lines;
}

export function failureLines(error: JobError): string[] {
  const [first, ...rest] = describeJobError(error);
  const heading = error.phase === 'reply' ? 'The upload succeeded, but the reply failed' : 'Upload failed';
  return [`${heading}: ${first}`, ...rest.map((line) => `  ${line}`)];
}

export function interruptedLine(job: Job | undefined): string {
  if (!job) return 'Interrupted.';
  return `Interrupted. Run the same command again to resume (${serverHas(job)}).`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
