/**
 * Fault injection: tests add rules that make the server misbehave in one precise way on the
 * requests they match (cut a body, lose an Ack, forget a session, answer oddly, stall ...).
 */

export type PacketName = 'Ping' | 'Create-Session' | 'Fragment' | 'Close-Session' | 'Cancel-Session';

export interface FaultMatch {
  /** HTTP method, compared case-insensitively (BITS_POST, GET, HEAD). */
  method?: string;
  packet?: PacketName;
  /** 1-based position among the requests that match the other fields; fires from then on. */
  nth?: number;
  /** Only fragments whose first byte is at or after this offset. */
  minOffset?: number;
  /** Only the final fragment (last byte == total - 1, or the empty entity). */
  final?: boolean;
}

export type FaultAction =
  /** Read that many body bytes (default half), store nothing, destroy the socket. */
  | { type: 'cut-mid-body'; afterBytes?: number }
  /** Process fully (store, move the cursor, commit), then destroy the socket without answering. */
  | { type: 'drop-ack' }
  /** Delete the session before processing (the answer becomes 500 + 0x8020001F). */
  | { type: 'forget-session' }
  /**
   * Drain, answer an Ack with this status (and error headers when errorCode is set), process nothing.
   * `reason` replaces the reason phrase and `errorCode` may be any text: with `headers` they let a
   * test play a hostile server (escape sequences in latin1; control bytes other than in the
   * reason phrase make Node's parser refuse the answer, C1 bytes 0x80-0x9f do not).
   */
  | {
      type: 'status';
      status: number;
      errorCode?: string;
      context?: string;
      headers?: Array<[string, string]>;
      reason?: string;
    }
  | { type: 'too-large' }
  /** Drain, answer 416 with this cursor (default: the real one). */
  | { type: 'out-of-sync'; cursor?: number }
  /** The server lost data: truncate the session to `to` bytes, then process normally. */
  | { type: 'cursor-back'; to: number }
  /** Process, then wait before answering (Infinity: never answer). */
  | { type: 'stall'; ms: number }
  | { type: 'lowercase-headers' }
  | { type: 'bits-error-only' }
  | { type: 'misspelled-cursor' }
  | { type: 'omit-session-id' }
  | { type: 'close-after' }
  /**
   * Drain, then write these bytes instead of a response. `endless` keeps writing header lines until
   * the socket closes; `hang` then never answers; `close` ends the connection afterwards.
   */
  | { type: 'raw'; response: string | Buffer; close?: boolean; endless?: boolean; hang?: boolean }
  /** GET: send the head and this many body bytes, then destroy the socket. */
  | { type: 'cut-response'; afterBytes: number };

export type FaultType = FaultAction['type'];

export interface FaultRuleInit<A extends FaultAction = FaultAction> {
  match?: FaultMatch;
  action: A;
  /** How many times the rule may fire; default 1, Infinity allowed. */
  times?: number;
  /** Fire on this share (0-1) of the requests it matches, drawn from `seed`: a reproducible flaky server. */
  rate?: number;
  /** Seed of the rule's random draws (default 1): the same seed picks the same requests. */
  seed?: number;
}

export interface FaultRule<A extends FaultAction = FaultAction> {
  readonly match: FaultMatch;
  readonly action: A;
  readonly times: number;
  /** Requests that matched the criteria so far (what `nth` counts). */
  matched: number;
  /** How often the rule fired. */
  fired: number;
  /** The share of matching requests it fires on (1: every one). */
  readonly rate: number;
  /** The next draw in [0, 1) (present when rate < 1). */
  readonly draw?: () => number;
}

/** What a rule is matched against: known once the request head is parsed. */
export interface FaultSubject {
  method: string;
  packet: PacketName | undefined;
  range: { first: number; final: boolean } | undefined;
}

export class FaultController {
  private readonly list: FaultRule[] = [];

  add<A extends FaultAction>(init: FaultRuleInit<A>): FaultRule<A> {
    const rule: FaultRule<A> = {
      match: init.match ?? {},
      action: init.action,
      times: init.times ?? 1,
      matched: 0,
      fired: 0,
      rate: init.rate ?? 1,
      draw: init.rate !== undefined && init.rate < 1 ? seededRandom(init.seed ?? 1) : undefined,
    };
    if (!(rule.rate >= 0 && rule.rate <= 1))
      throw new RangeError(`a fault rate is between 0 and 1 (got ${rule.rate})`);
    this.list.push(rule);
    return rule;
  }

  clear(): void {
    this.list.length = 0;
  }

  get rules(): readonly FaultRule[] {
    return this.list;
  }

  /** Counts the request against every rule and returns the first live rule it triggers, if any. */
  pick(subject: FaultSubject): FaultRule | undefined {
    let chosen: FaultRule | undefined;
    for (const rule of this.list) {
      if (rule.fired >= rule.times || !matches(rule.match, subject)) continue;
      rule.matched++;
      if (chosen || rule.matched < (rule.match.nth ?? 1)) continue;
      // A rule with a rate draws once per eligible request, so the sequence depends only on the seed.
      if (!rule.draw || rule.draw() < rule.rate) chosen = rule;
    }
    if (chosen) chosen.fired++;
    return chosen;
  }
}

function matches(match: FaultMatch, subject: FaultSubject): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== subject.method.toUpperCase()) return false;
  if (match.packet !== undefined && match.packet !== subject.packet) return false;
  if (match.minOffset !== undefined && !(subject.range && subject.range.first >= match.minOffset))
    return false;
  if (match.final !== undefined && (subject.range?.final ?? false) !== match.final) return false;
  return true;
}

/** mulberry32: a tiny seeded generator, good enough to pick which requests misbehave. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
