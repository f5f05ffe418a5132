import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { JobError, RetryPolicy } from '../../shared/jobs.js';

/** Windows raises any MinimumRetryDelay below 5 s to 5 s (§10.5). */
export const MIN_RETRY_DELAY_MS = 5_000;

/**
 * Wait before attempt `attempt` (1 = first retry): exponential from the minimum delay, capped,
 * with ±20% jitter so many clients that lost one server do not return in lock-step.
 * Never below the minimum delay.
 */
export function nextRetryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const min = Math.max(MIN_RETRY_DELAY_MS, policy.minDelayMs);
  const cap = Math.max(min, policy.maxDelayMs);
  const exponential = min * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const base = Math.min(cap, exponential);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(cap, Math.max(min, jittered)));
}

/** A job that has made no progress for the policy's timeout since its first transient error gives up. */
export function noProgressExpired(
  noProgressSince: number | undefined,
  now: number,
  policy: RetryPolicy,
): boolean {
  if (policy.noProgressTimeoutMs === 0) return true;
  if (noProgressSince === undefined) return false;
  return now - noProgressSince >= policy.noProgressTimeoutMs;
}

export function effectivePolicy(global: RetryPolicy, job: Partial<RetryPolicy> | undefined): RetryPolicy {
  return { ...global, ...job };
}

/** When a job that is making no progress gives up (Infinity: never, or no trouble yet). */
export function noProgressDeadline(noProgressSince: number | undefined, policy: RetryPolicy): number {
  if (noProgressSince === undefined) return Number.POSITIVE_INFINITY;
  return noProgressSince + policy.noProgressTimeoutMs;
}

/** The error a job ends with when its no-progress timeout runs out, keeping the last failure's details. */
export function noProgressError(noProgressSince: number, now: number, last: JobError | undefined): JobError {
  const minutes = Math.max(1, Math.round((now - noProgressSince) / 60_000));
  return {
    message: `No progress for ${minutes} minute${minutes === 1 ? '' : 's'}; giving up.${last ? ` Last error: ${last.message}` : ''}`,
    hint: 'Check that the server is reachable, then retry the job.',
    code: formatHresult(HRESULT.BG_E_NO_PROGRESS),
    context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
    classification: 'fatal',
    phase: last?.phase ?? 'upload',
    httpStatus: last?.httpStatus,
    at: now,
    evidence: last?.evidence,
  };
}
