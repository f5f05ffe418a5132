import { formatHresult, HRESULT } from '../../shared/bits-codes.js';
import { formatBytes } from '../../shared/format.js';
import type { Job } from '../../shared/jobs.js';

/** Why a job is waiting to retry, in the two cases a user meets most: a dropped connection, a busy server. */
export type RetryCause = 'connection-lost' | 'server-busy';

const CONNECTION_CLOSED = formatHresult(HRESULT.BG_E_CONNECTION_CLOSED);

export function retryCause(job: Job): RetryCause | undefined {
  const error = job.error;
  if (!error) return undefined;
  if (error.code === CONNECTION_CLOSED) return 'connection-lost';
  if (error.httpStatus === 503 || error.httpStatus === 429) return 'server-busy';
  return undefined;
}

/**
 * "Connection lost at 1.5 MiB; reconnecting now" or "Server busy (503); retrying in 4 s", without
 * the final full stop; undefined for other errors, which keep their own message.
 */
export function retrySummary(job: Job, now: number): string | undefined {
  const cause = retryCause(job);
  if (!cause) return undefined;
  const seconds = job.nextRetryAt === undefined ? 0 : Math.max(0, (job.nextRetryAt - now) / 1000);
  // Under a second reads as "now": a blip is retried at once.
  const when = seconds < 1 ? 'now' : `in ${Math.ceil(seconds)} s`;
  if (cause === 'connection-lost') {
    return `Connection lost at ${formatBytes(job.bytesAcked)}; reconnecting ${when}`;
  }
  return `Server busy (${job.error?.httpStatus}); retrying ${when}`;
}
