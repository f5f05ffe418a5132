import type { RetryPolicy } from '../../shared/jobs.js';
import type { Clock, TimerHandle } from '../bits/clock.js';
import type { JobRecord } from '../store/index.js';
import { noProgressDeadline } from './retry-policy.js';

/**
 * One timer per job in transient error: it fires at the retry time, or at the no-progress
 * deadline if that comes first (§10.5: the job then goes to error without another attempt).
 */
export class RetryTimers {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly due: (record: JobRecord, gaveUp: boolean) => void,
  ) {}

  arm(record: JobRecord, policy: RetryPolicy): void {
    this.clear(record.id);
    const deadline = noProgressDeadline(record.noProgressSince, policy);
    const at = Math.min(record.nextRetryAt ?? 0, deadline);
    const timer = this.clock.setTimeout(
      () => {
        this.timers.delete(record.id);
        this.due(record, this.clock.now() >= deadline);
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timers.set(record.id, timer);
  }

  clear(id: string): void {
    const timer = this.timers.get(id);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(id);
  }

  clearAll(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
  }
}
