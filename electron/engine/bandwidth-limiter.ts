import { type Clock, sleep } from '../bits/clock.js';

/** Long waits are taken in slices, so a changed limit applies within this time. */
const MAX_WAIT_SLICE_MS = 250;

/**
 * A token bucket shared by every transfer: fragment bodies ask for their bytes after sending
 * them and wait off any debt, so the long-run rate matches the limit. The rate can change
 * while transfers run; 0 means unlimited.
 */
export class BandwidthLimiter {
  private tokens = 0;
  private lastRefill: number;

  constructor(
    private readonly clock: Clock,
    private rateBps = 0,
  ) {
    this.lastRefill = clock.now();
  }

  get rate(): number {
    return this.rateBps;
  }

  setRate(bytesPerSecond: number): void {
    this.refill();
    const raised = bytesPerSecond <= 0 || bytesPerSecond > this.rateBps;
    this.rateBps = Math.max(0, bytesPerSecond);
    // A raised limit forgives debt run up at the old rate, so waiting transfers speed up at
    // once; a lowered one keeps it, so the change cannot let a burst through.
    if (raised) this.tokens = Math.max(this.tokens, -this.burst());
    this.tokens = Math.min(this.tokens, this.burst());
  }

  /** Waits until `bytes` may be considered sent under the limit (re-checking as the limit changes). */
  async consume(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.rateBps <= 0 || bytes <= 0) return;
    this.refill();
    this.tokens -= bytes;
    while (this.rateBps > 0) {
      this.refill();
      if (this.tokens >= 0) return;
      const waitMs = Math.ceil((-this.tokens / this.rateBps) * 1000);
      await sleep(this.clock, Math.min(waitMs, MAX_WAIT_SLICE_MS), signal);
    }
  }

  /** A tenth of a second of credit: smooths chunk granularity without letting bursts through. */
  private burst(): number {
    return this.rateBps / 10;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.lastRefill);
    this.lastRefill = now;
    if (this.rateBps > 0) this.tokens = Math.min(this.burst(), this.tokens + (elapsed / 1000) * this.rateBps);
  }
}
