import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import type { BitsError } from '../bits/errors.js';
import type { FailureFacts } from './retry-policy.js';

/** A server asking for more than a day is not planning to come back; the policy's cap bounds it further. */
const RETRY_AFTER_LIMIT_MS = 24 * 3600_000;

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, in ms from `now`; undefined
 * when absent or unreadable (a malformed value is ignored rather than trusted).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(RETRY_AFTER_LIMIT_MS, Number(text) * 1000);
  const at = Date.parse(text);
  if (!Number.isFinite(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.min(RETRY_AFTER_LIMIT_MS, Math.max(0, at - now));
}

/** The Retry-After of a 503 or 429 answer, read from the error's evidence. */
export function retryAfterOf(error: BitsError, now: number): number | undefined {
  if (error.httpStatus !== 503 && error.httpStatus !== 429) return undefined;
  const header = error.evidence.headers?.find(([name]) => name.toLowerCase() === 'retry-after');
  return parseRetryAfter(header?.[1], now);
}

/** The connection closed or reset under a request: the network blinked, nothing refused us. */
export function isDroppedConnection(error: BitsError): boolean {
  return error.context === ERROR_CONTEXT.GENERAL_TRANSPORT && error.code === HRESULT.BG_E_CONNECTION_CLOSED;
}

/** Everything the retry policy needs about one failed attempt. */
export function failureFacts(
  error: BitsError,
  progressed: boolean,
  previousStreak: number,
  now: number,
): FailureFacts {
  return {
    streak: progressed ? 0 : previousStreak + 1,
    dropped: isDroppedConnection(error),
    retryAfterMs: retryAfterOf(error, now),
  };
}
