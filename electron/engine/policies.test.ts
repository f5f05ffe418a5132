import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { BandwidthLimiter } from './bandwidth-limiter.js';
import { EventCoalescer } from './event-coalescer.js';
import { ProgressTracker } from './progress-tracker.js';
import { nextRetryDelay, noProgressExpired, retryDelay } from './retry-policy.js';
import { pickJobsToStart } from './scheduler.js';

const POLICY = { minDelayMs: 5_000, maxDelayMs: 600_000, noProgressTimeoutMs: 14 * 24 * 3600_000 };

describe('retry back-off', () => {
  it('grows by half from the minimum delay up to the cap, without jitter at the midpoint', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => nextRetryDelay(n, POLICY, mid))).toEqual([
      5_000, 7_500, 11_250, 16_875, 25_313, 37_969, 56_953, 85_430, 128_145, 192_217,
    ]);
    expect(nextRetryDelay(16, POLICY, mid)).toBe(600_000);
  });

  it('jitters by ±20% but never below the minimum or above the cap', () => {
    expect(nextRetryDelay(3, POLICY, () => 0)).toBe(9_000);
    expect(nextRetryDelay(3, POLICY, () => 1)).toBe(13_500);
    expect(nextRetryDelay(1, POLICY, () => 0)).toBe(5_000);
    expect(nextRetryDelay(20, POLICY, () => 1)).toBe(600_000);
  });

  it('starts from about 1 s when no minimum delay is set', () => {
    const fast = { ...POLICY, minDelayMs: 0 };
    expect([1, 2, 3].map((n) => nextRetryDelay(n, fast, () => 0.5))).toEqual([1_000, 1_500, 2_250]);
    expect(nextRetryDelay(1, fast, () => 0)).toBe(1_000);
    expect(nextRetryDelay(2, fast, () => 0)).toBe(1_200);
  });
});

describe('retry delay after a failure', () => {
  const fast = { ...POLICY, minDelayMs: 0 };
  const at = (streak: number, dropped = false, retryAfterMs?: number) =>
    retryDelay({ streak, dropped, retryAfterMs }, fast, () => 1);

  it('is under a second after progress or a first drop, and backs off otherwise', () => {
    expect(at(0)).toEqual({ delayMs: 250, reason: 'progress' });
    expect(at(1, true)).toEqual({ delayMs: 250, reason: 'dropped' });
    expect(at(1)).toEqual({ delayMs: 1_200, reason: 'back-off' });
    expect(at(2, true)).toEqual({ delayMs: 1_800, reason: 'back-off' });
  });

  it('takes the server’s Retry-After between the minimum and the cap', () => {
    expect(at(3, false, 4_000)).toEqual({ delayMs: 4_000, reason: 'retry-after' });
    expect(at(1, false, 3_600_000).delayMs).toBe(600_000);
    expect(retryDelay({ streak: 1, dropped: false, retryAfterMs: 0 }, POLICY).delayMs).toBe(5_000);
  });

  it('never goes below the minimum delay (Windows’ behaviour)', () => {
    expect(retryDelay({ streak: 0, dropped: false }, POLICY, () => 0).delayMs).toBe(5_000);
  });
});

describe('no-progress timeout', () => {
  it('gives up after the no-progress timeout, and at once when it is 0', () => {
    expect(noProgressExpired(undefined, 1000, POLICY)).toBe(false);
    expect(noProgressExpired(0, POLICY.noProgressTimeoutMs - 1, POLICY)).toBe(false);
    expect(noProgressExpired(0, POLICY.noProgressTimeoutMs, POLICY)).toBe(true);
    expect(noProgressExpired(undefined, 0, { ...POLICY, noProgressTimeoutMs: 0 })).toBe(true);
  });
});

describe('scheduler', () => {
  const job = (
    id: string,
    priority: 'foreground' | 'high' | 'normal' | 'low',
    queueOrder: number,
    host = 'a',
  ) => ({
    id,
    priority,
    queueOrder,
    host,
  });

  it('starts foreground jobs first, then by priority, then in queue order', () => {
    const queued = [
      job('n1', 'normal', 1),
      job('l', 'low', 0),
      job('f', 'foreground', 9),
      job('h', 'high', 5),
      job('n0', 'normal', 0),
    ];
    const picked = pickJobsToStart(queued, [], { maxConcurrentJobs: 10, maxJobsPerHost: 10 });
    expect(picked.map((p) => p.id)).toEqual(['f', 'h', 'n0', 'n1', 'l']);
  });

  it('respects the global limit, counting running jobs', () => {
    const queued = [job('a', 'normal', 1), job('b', 'normal', 2), job('c', 'normal', 3)];
    expect(
      pickJobsToStart(queued, [{ host: 'x' }], { maxConcurrentJobs: 3, maxJobsPerHost: 9 }).map((p) => p.id),
    ).toEqual(['a', 'b']);
    expect(
      pickJobsToStart(queued, [{ host: 'x' }, { host: 'y' }, { host: 'z' }], {
        maxConcurrentJobs: 3,
        maxJobsPerHost: 9,
      }),
    ).toEqual([]);
  });

  it('skips jobs whose host is full without blocking others', () => {
    const queued = [job('a1', 'normal', 1, 'a'), job('a2', 'normal', 2, 'a'), job('b1', 'normal', 3, 'b')];
    const picked = pickJobsToStart(queued, [{ host: 'a' }], { maxConcurrentJobs: 5, maxJobsPerHost: 2 });
    expect(picked.map((p) => p.id)).toEqual(['a1', 'b1']);
  });
});

describe('bandwidth limiter', () => {
  it('holds the long-run rate to the limit, and applies a new rate at once', async () => {
    const clock = new FakeClock();
    const limiter = new BandwidthLimiter(clock, 100_000);
    let sent = 0;
    const start = clock.now();
    let end = start;
    const pump = (async () => {
      while (clock.now() - start < 10_000) {
        await limiter.consume(16_384);
        sent += 16_384;
        end = clock.now();
      }
    })();
    for (let i = 0; i < 240; i++) await clock.advance(50);
    await pump;
    const rate = (sent * 1000) / (end - start);
    expect(Math.abs(rate - 100_000) / 100_000).toBeLessThan(0.05);
    limiter.setRate(0);
    await limiter.consume(10 ** 9);
  });
});

describe('progress', () => {
  it('coalesces to one event per interval per key and never loses the last value', async () => {
    const clock = new FakeClock();
    const delivered: number[] = [];
    const coalescer = new EventCoalescer<number>(clock, 100, (value) => delivered.push(value));
    for (let i = 1; i <= 50; i++) {
      coalescer.push('job', i);
      await clock.advance(10);
    }
    await clock.advance(200);
    expect(delivered.length).toBeLessThanOrEqual(7);
    expect(delivered.at(-1)).toBe(50);
  });

  it('smooths speed and gives an ETA that counts down steadily', () => {
    const tracker = new ProgressTracker();
    const total = 100_000_000;
    const etas: number[] = [];
    for (let second = 0; second <= 20; second++) {
      // A bursty sender: 2 MB one second, 0 the next, averaging 1 MB/s.
      const bytes = Math.floor((second + 1) / 2) * 2_000_000;
      tracker.sample(bytes, total, second * 1000);
      if (tracker.etaSeconds !== undefined) etas.push(tracker.etaSeconds);
    }
    expect(tracker.speedBps).toBeGreaterThan(500_000);
    expect(tracker.speedBps).toBeLessThan(2_000_000);
    const jumps = etas.slice(1).map((eta, i) => Math.abs(eta - etas[i]!));
    expect(Math.max(...jumps)).toBeLessThan(60);
  });
});
