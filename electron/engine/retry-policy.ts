import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { JobError, RetryPolicy } from '../../shared/jobs.js';

/** Where the back-off starts when failures repeat without progress. */
export const BACKOFF_START_MS = 1_000;
/**
 * Growth per failure without progress. Not 2: on a flaky server a resumed attempt needs its Ping
 * and its fragment both to get through, so runs of failures are common and doubling overshoots.
 */
export const BACKOFF_FACTOR = 1.5;
/** An immediate retry still spreads over this much, so jobs that lost one server do not return in lock-step. */
export const IMMEDIATE_SPREAD_MS = 250;

/**
 * Wait before back-off attempt `attempt` (1 = first): growing by BACKOFF_FACTOR from about 1 s (or
 * from the policy's minimum delay when that is larger: Windows' behaviour), capped, ±20% jitter.
 * Never below the minimum delay.
 */
export function nextRetryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const min = Math.max(BACKOFF_START_MS, policy.minDelayMs);
  const cap = Math.max(min, policy.maxDelayMs);
  const exponential = min * BACKOFF_FACTOR ** Math.min(Math.max(attempt - 1, 0), 60);
  const base = Math.min(cap, exponential);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(cap, Math.max(min, jittered)));
}

/** What the engine knows about a failed attempt when it picks the wait before the next. */
export interface FailureFacts {
  /** Failed attempts in a row without progress, this one included; 0 when this attempt made progress. */
  streak: number;
  /** The connection simply dropped (closed or reset mid-exchange), rather than refusing, stalling or erroring. */
  dropped: boolean;
  /** A Retry-After the server sent with a 503 or 429, in milliseconds. */
  retryAfterMs?: number;
}

export type RetryReason = 'progress' | 'dropped' | 'retry-after' | 'back-off';

/**
 * The wait before the next attempt (§10.5, relaxed): at once after progress or a first drop,
 * the server's Retry-After within [minimum, cap], otherwise exponential back-off.
 */
export function retryDelay(
  facts: FailureFacts,
  policy: RetryPolicy,
  random: () => number = Math.random,
): { delayMs: number; reason: RetryReason } {
  const floor = policy.minDelayMs;
  const cap = Math.max(floor, policy.maxDelayMs);
  if (facts.retryAfterMs !== undefined) {
    return { delayMs: Math.round(Math.min(cap, Math.max(floor, facts.retryAfterMs))), reason: 'retry-after' };
  }
  if (facts.streak === 0 || (facts.dropped && facts.streak === 1)) {
    const delayMs = Math.max(floor, Math.round(random() * IMMEDIATE_SPREAD_MS));
    return { delayMs, reason: facts.streak === 0 ? 'progress' : 'dropped' };
  }
  return { delayMs: nextRetryDelay(facts.streak, policy, random), reason: 'back-off' };
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
