import { HRESULT } from '../../shared/bits-codes.js';
import type { SessionState } from '../../shared/session-state.js';
import { BitsError, type ErrorEvidence } from './errors.js';
import { firstFragmentSize, nextFragmentSize } from './fragment-sizing.js';
import type { RequestBody } from './http/transport.js';
import { MIN_FRAGMENT_SIZE } from './upload-options.js';

/** Answers that take no data before we stop and let the job layer retry later. */
export const MAX_ANSWERS_WITHOUT_PROGRESS = 8;

/**
 * How big the next fragment is, and whether the upload is getting anywhere: automatic sizing
 * from each fragment's pace (unless the caller fixed a size), the cap a 413 taught us, the
 * furthest cursor ever reached (so re-sending what a lost session had is not progress), and a
 * stop for a server that keeps answering without taking data.
 */
export class FragmentPacing {
  /** The automatic size learnt from fragments' pace; undefined until one was answered. */
  private autoSize: number | undefined;
  private answersWithoutProgress = 0;

  /** `limitBps` reads the bandwidth limit now (0: none), for the first automatic size. */
  constructor(
    private readonly fixedSize: number | undefined,
    private readonly limitBps: () => number = () => 0,
  ) {}

  /** The size of the next fragment: fixed or automatic, never above what a 413 taught us. */
  size(state: SessionState): number {
    const configured =
      this.fixedSize === undefined
        ? (this.autoSize ?? firstFragmentSize(this.limitBps()))
        : Math.max(MIN_FRAGMENT_SIZE, this.fixedSize);
    return Math.min(configured, state.fragmentSize ?? configured);
  }

  /**
   * Takes the server's answer to a fragment of `size` bytes sent `elapsedMs` ago, before
   * `state.acked` moves to `cursor`. Throws a transient BG_E_NO_PROGRESS after
   * MAX_ANSWERS_WITHOUT_PROGRESS answers in a row that took no data.
   */
  answered(
    state: SessionState,
    cursor: number,
    size: number,
    elapsedMs: number,
    evidence: ErrorEvidence,
  ): void {
    if (cursor > Math.max(state.bestAcked ?? 0, state.acked)) {
      state.bestAcked = cursor;
      state.restartsWithoutProgress = 0;
    }
    if (this.fixedSize === undefined && cursor > state.acked) {
      this.autoSize = nextFragmentSize(size, cursor - state.acked, elapsedMs);
    }
    // Reaching the end is progress; answers that leave the cursor at the end without finishing
    // the upload are not (else a server that never finishes it gets the final fragment forever).
    if (cursor > state.acked) {
      this.answersWithoutProgress = 0;
      return;
    }
    this.answersWithoutProgress++;
    if (this.answersWithoutProgress >= MAX_ANSWERS_WITHOUT_PROGRESS) {
      throw new BitsError(
        `The server answered ${this.answersWithoutProgress} fragments in a row without accepting any data (it stays at byte ${cursor}).`,
        {
          code: HRESULT.BG_E_NO_PROGRESS,
          classification: 'transient',
          phase: 'upload',
          hint: 'The server may be misconfigured or out of space; the upload will be retried later.',
          evidence,
        },
      );
    }
  }
}

/**
 * A fragment of `length` bytes from `offset` is about to go out: the part of it below the furthest
 * byte sent before goes a second time (a lost Ack or connection, a session the server forgot, the
 * rest of a partial take, a replayed final fragment). Counted per attempt, so a body cut midway
 * counts whole when it is sent again; within one attempt, watchResends counts the rest.
 */
export function countResent(state: SessionState, offset: number, length: number): void {
  const sentBefore = state.sentEnd ?? Math.max(state.bestAcked ?? 0, state.acked);
  if (offset < sentBefore) {
    state.resentBytes = (state.resentBytes ?? 0) + Math.min(offset + length, sentBefore) - offset;
  }
  state.sentEnd = Math.max(sentBefore, offset + length);
}

/**
 * A fragment's body, watched for being streamed again within one request: the transport re-sends
 * a fragment on a fresh connection when a kept-alive one closed silently mid-body (and a proxy's
 * 407 replays it). `resent` then gets the bytes the earlier pass had handed to the socket, which
 * the server never acknowledged and which go a second time. `onBodyProgress` must see the
 * transport's body progress for this request.
 */
export function watchResends(
  body: RequestBody,
  resent: (bytes: number) => void,
): { body: RequestBody; onBodyProgress(sent: number): void } {
  let passes = 0;
  let handed = 0;
  return {
    body: {
      length: body.length,
      chunks: () => {
        if (passes++ > 0 && handed > 0) resent(handed);
        handed = 0;
        return body.chunks();
      },
      ...(body.release ? { release: (chunk: Uint8Array) => body.release?.(chunk) } : {}),
    },
    onBodyProgress: (sent) => {
      handed = sent;
    },
  };
}

/** Bytes a fragment's earlier pass had sent, going again (watchResends). */
export function addResent(state: SessionState, bytes: number): void {
  state.resentBytes = (state.resentBytes ?? 0) + bytes;
}
