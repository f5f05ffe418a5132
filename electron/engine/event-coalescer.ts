import type { Clock, TimerHandle } from '../bits/clock.js';

/**
 * Holds the latest value per key and delivers it at most once per interval: progress
 * events for a busy job collapse to ~10 per second, and the last value is never lost.
 */
export class EventCoalescer<T> {
  private readonly pending = new Map<string, T>();
  private readonly lastSent = new Map<string, number>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly deliver: (value: T) => void,
  ) {}

  push(key: string, value: T): void {
    this.pending.set(key, value);
    if (this.timers.has(key)) return;
    const wait = (this.lastSent.get(key) ?? Number.NEGATIVE_INFINITY) + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.flush(key);
      return;
    }
    this.timers.set(
      key,
      this.clock.setTimeout(() => {
        this.timers.delete(key);
        this.flush(key);
      }, wait),
    );
  }

  /** Delivers what is pending for `key` now (before a state change, so order is kept). */
  flush(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) {
      this.clock.clearTimeout(timer);
      this.timers.delete(key);
    }
    const value = this.pending.get(key);
    if (value === undefined) return;
    this.pending.delete(key);
    this.lastSent.set(key, this.clock.now());
    this.deliver(value);
  }

  forget(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(key);
    this.pending.delete(key);
    this.lastSent.delete(key);
  }

  clear(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }
}
