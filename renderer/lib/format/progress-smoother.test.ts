import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../electron/bits/testing/fake-clock.js';
import { ProgressSmoother } from './progress-smoother.js';
import { SmoothingRegistry } from './smoothing-registry.js';

const MiB = 1024 * 1024;

describe('ProgressSmoother', () => {
  it('averages speed exponentially: a one-tick burst moves it only part of the way', async () => {
    const clock = new FakeClock();
    const smoother = new ProgressSmoother(3000, 1000);
    let sent = 0;
    smoother.update({ bytesAcked: 0, bytesInFlight: 0, bytesTotal: 100 * MiB }, clock.now());
    for (let i = 0; i < 30; i++) {
      await clock.advance(100);
      sent += MiB / 10; // 1 MiB/s steady
      smoother.update({ bytesAcked: 0, bytesInFlight: sent, bytesTotal: 100 * MiB }, clock.now());
    }
    const steady = smoother.view().speedBps!;
    expect(steady).toBeGreaterThan(0.99 * MiB);
    expect(steady).toBeLessThan(1.01 * MiB);
    // One 100 ms tick at 10 MiB/s: the raw rate jumps tenfold, the shown one by about 3%·9.
    await clock.advance(100);
    sent += MiB;
    const burst = smoother.update({ bytesAcked: 0, bytesInFlight: sent, bytesTotal: 100 * MiB }, clock.now());
    const weight = 1 - Math.exp(-100 / 3000);
    expect(burst.speedBps).toBe(Math.round(MiB + weight * (10 * MiB - MiB)));
    expect(burst.speedBps!).toBeLessThan(1.4 * MiB);
  });

  it('changes the ETA at most once a second however often progress arrives', async () => {
    const clock = new FakeClock();
    const smoother = new ProgressSmoother(3000, 1000);
    const texts: Array<{ at: number; text: string }> = [];
    let sent = 0;
    for (let i = 0; i < 100; i++) {
      // Uneven ticks at an uneven rate: 50-150 ms apart.
      await clock.advance(50 + ((i * 37) % 100));
      sent += 20_000 + ((i * 7919) % 50_000);
      const view = smoother.update({ bytesAcked: 0, bytesInFlight: sent, bytesTotal: 50 * MiB }, clock.now());
      const last = texts[texts.length - 1];
      if (!last || last.text !== view.etaText) texts.push({ at: clock.now(), text: view.etaText });
    }
    expect(texts.length).toBeGreaterThan(3);
    for (let i = 1; i < texts.length; i++)
      expect(texts[i]!.at - texts[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('a lower cursor is the server losing bytes: shown as re-sending, and the speed does not go negative', () => {
    const smoother = new ProgressSmoother();
    smoother.update({ bytesAcked: 0, bytesInFlight: 0, bytesTotal: 10 * MiB }, 0);
    smoother.update({ bytesAcked: 4 * MiB, bytesInFlight: 0, bytesTotal: 10 * MiB }, 1000);
    const lost = smoother.update({ bytesAcked: 0, bytesInFlight: 0, bytesTotal: 10 * MiB }, 2000);
    expect(lost.bytesAcked).toBe(0);
    expect(lost.resending).toBe(4 * MiB);
    expect(lost.speedBps!).toBeGreaterThan(0);
    const caughtUp = smoother.update({ bytesAcked: 5 * MiB, bytesInFlight: 0, bytesTotal: 10 * MiB }, 4000);
    expect(caughtUp.resending).toBe(0);
  });
});

describe('SmoothingRegistry', () => {
  it('feeds each progress object once, however many components read it, and forgets stopped jobs', async () => {
    const clock = new FakeClock();
    const registry = new SmoothingRegistry(clock);
    const first = { phase: 'upload' as const, bytesAcked: 0, bytesTotal: 10, bytesInFlight: 0, speedBps: 0 };
    registry.view('a', first);
    await clock.advance(1000);
    const second = { ...first, bytesInFlight: 5 };
    const row = registry.view('a', second);
    // The details pane reads the same object later: fed again, it would count 500 ms with no bytes.
    await clock.advance(500);
    const details = registry.view('a', second);
    expect(row.speedBps).toBe(5);
    expect(details.speedBps).toBe(5);
    registry.prune({});
    expect(registry.view('a', second).speedBps).toBeUndefined();
  });
});
