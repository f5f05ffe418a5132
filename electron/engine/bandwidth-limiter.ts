import { type Clock, sleep } from '../bits/clock.js';

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
    this.rateBps = Math.max(0, bytesPerSecond);
    // Debt or savings at the old rate do not carry over to the new one.
    this.tokens = Math.min(0, Math.max(this.tokens, -this.burst()));
  }

  /** Waits until `bytes` may be considered sent under the limit. */
  async consume(bytes: number, signal?: AbortSignal): Promise<void> {
    if (this.rateBps <= 0 || bytes <= 0) return;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens / this.rateBps) * 1000);
    await sleep(this.clock, waitMs, signal);
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
