import { HRESULT } from '../../shared/bits-codes.js';
import type { SessionState } from '../../shared/session-state.js';
import { ackErrorCode, errorFromStatus, toBitsError } from './classify.js';
import { type Clock, systemClock } from './clock.js';
import { parseDestination } from './destination.js';
import { armHostFallback, packetTarget } from './host-id.js';
import type { HttpTransport } from './http/transport.js';
import { type JobAuth, OriginPolicy } from './origin-policy.js';
import { BITS_METHOD, describeRequest, packetHeaders, readExcerpt, responseEvidence } from './packets.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from './upload-options.js';

export interface CancelSessionOptions {
  url: string | URL;
  state: SessionState;
  transport: HttpTransport;
  auth?: JobAuth;
  clock?: Clock;
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
  /** Called when the state changes (the farm-node fallback timer armed): persist it. */
  onCheckpoint?: (state: SessionState) => void;
}

/** How a Cancel-Session ended; every outcome but a thrown (transient) error means "stop trying". */
export type CancelOutcome = 'cancelled' | 'already-gone' | 'refused' | 'no-session';

/**
 * Sends Cancel-Session (§3.5) so the server discards the partial upload. A 5xx or a network
 * failure throws a transient BitsError for the caller to retry (Windows keeps trying for up
 * to 24 hours); 0x8020001F means the server has already forgotten it; other answers end it.
 */
export async function cancelUploadSession(options: CancelSessionOptions): Promise<CancelOutcome> {
  const { state } = options;
  if (!state.sessionId) return 'no-session';
  const destination = parseDestination(options.url);
  const policy = new OriginPolicy(destination, options.auth ?? { headers: [] });
  const clock = options.clock ?? systemClock;
  const target = packetTarget(destination, state, clock.now());
  if (target !== destination) policy.allowOrigin(target);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const request = describeRequest('Cancel-Session', target);
  const response = await policy
    .authenticated(options.transport)
    .request({
      method: BITS_METHOD,
      url: target,
      headers: [...packetHeaders('Cancel-Session', state.sessionId), ...policy.headersFor(target)],
      sendTimeoutMs: timeouts.sendTimeoutMs,
      responseTimeoutMs: timeouts.responseTimeoutMs,
      signal: options.signal,
    })
    .catch((error: unknown) => {
      // An unreachable farm node: arm its fallback timer, so later tries go to the original host.
      if (target !== destination && armHostFallback(state, clock.now())) options.onCheckpoint?.(state);
      throw toBitsError(error, 'cancel', request);
    });
  const excerpt = await readExcerpt(response);
  if (response.status >= 200 && response.status <= 299) return 'cancelled';
  if (ackErrorCode(response.headers) === HRESULT.BG_E_SESSION_NOT_FOUND) return 'already-gone';
  if (response.status >= 500) {
    throw errorFromStatus({
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      phase: 'cancel',
      evidence: responseEvidence(request, response, excerpt || undefined),
    });
  }
  return 'refused';
}
