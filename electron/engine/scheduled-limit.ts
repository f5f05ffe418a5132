import { effectiveLimit, msUntilNextHour } from '../../shared/bandwidth-schedule.js';
import type { Settings } from '../../shared/jobs.js';
import type { Clock, TimerHandle } from '../bits/clock.js';
import type { BandwidthLimiter } from './bandwidth-limiter.js';

/**
 * Keeps the shared limiter at the limit the settings give for the current hour: the plain
 * bandwidthLimitBps, or a schedule rule's while one covers the hour. Re-checked at each top of
 * the hour on the engine's clock (rules are whole hours), and whenever the settings change.
 */
export class ScheduledLimit {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly limiter: BandwidthLimiter,
    private readonly settings: () => Pick<Settings, 'bandwidthLimitBps' | 'bandwidthSchedule'>,
  ) {}

  /** The limit in force now (bytes per second, 0 = none). */
  get current(): number {
    return this.limiter.rate;
  }

  /** Applies the limit for now and arms the next hour's check (none without a schedule). */
  apply(): void {
    this.clearTimer();
    if (this.stopped) return;
    const settings = this.settings();
    const now = this.clock.now();
    const { limitBps } = effectiveLimit(settings, now);
    if (limitBps !== this.limiter.rate) this.limiter.setRate(limitBps);
    if (settings.bandwidthSchedule.length === 0) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.apply();
    }, msUntilNextHour(now));
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
