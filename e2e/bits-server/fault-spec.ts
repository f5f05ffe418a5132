import type { FaultRuleInit } from './faults.js';

/** The flaky-server kinds the standalone server takes on its command line (--fault kind:rate). */
export const FAULT_KINDS = {
  /** Read half of a fragment's body, then drop the connection. */
  'cut-mid-body': { match: { packet: 'Fragment' }, action: { type: 'cut-mid-body' } },
  /** Store the fragment, then drop the connection instead of sending its Ack. */
  'drop-ack': { match: { packet: 'Fragment' }, action: { type: 'drop-ack' } },
  /** Answer a bare 503 (no BITS headers, no Retry-After) to any BITS request. */
  '503': { match: { method: 'BITS_POST' }, action: { type: 'status', status: 503 } },
} as const satisfies Record<string, Pick<FaultRuleInit, 'match' | 'action'>>;

export type FaultKind = keyof typeof FAULT_KINDS;

/**
 * "cut-mid-body:0.25" -> a rule firing on a quarter of the requests it matches, for ever,
 * drawn from `seed` (each rule of one command line gets its own seed, derived from it).
 */
export function parseFaultSpec(text: string, seed: number): FaultRuleInit {
  const [kind, rateText, ...rest] = text.split(':');
  const base = FAULT_KINDS[kind as FaultKind];
  if (!base || rest.length > 0) {
    throw new Error(
      `--fault "${text}": expected kind:rate with kind one of ${Object.keys(FAULT_KINDS).join(', ')}`,
    );
  }
  const rate = rateText === undefined ? 1 : Number(rateText);
  if (!(rate >= 0 && rate <= 1) || rateText === '') {
    throw new Error(`--fault "${text}": the rate is a number between 0 and 1`);
  }
  return {
    match: { ...base.match },
    action: { ...base.action },
    times: Number.POSITIVE_INFINITY,
    rate,
    seed,
  };
}
