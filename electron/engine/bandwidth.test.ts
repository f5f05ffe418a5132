import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { BandwidthLimiter } from './bandwidth-limiter.js';

describe('changing the bandwidth limit while transfers wait', () => {
  it('lets a waiting transfer go at once when the limit is removed', async () => {
    const clock = new FakeClock();
    const limiter = new BandwidthLimiter(clock, 1_000); // 1 kB/s
    let done = false;
    // Three transfers each hand over one 16 KiB slice (the node transport's throttle slice).
    const waits = [1, 2, 3].map(() => limiter.consume(16 * 1024));
    void Promise.all(waits).then(() => {
      done = true;
    });
    await clock.advance(1_000);
    limiter.setRate(0); // the user removes the limit
    await clock.advance(1_000);
    // Still asleep for the ~49 s of debt computed at the old rate.
    expect(done).toBe(true);
  });

  it('lets a waiting transfer speed up when the limit is raised', async () => {
    const clock = new FakeClock();
    const limiter = new BandwidthLimiter(clock, 1_000);
    let done = false;
    void limiter.consume(16 * 1024).then(() => {
      done = true;
    });
    await clock.advance(1_000);
    limiter.setRate(1_000_000); // raised to 1 MB/s
    await clock.advance(1_000);
    expect(done).toBe(true);
  });
});
