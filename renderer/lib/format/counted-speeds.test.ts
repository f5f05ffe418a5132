import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../stores/jobs-store.js';
import { CountedSpeeds } from './counted-speeds.js';

/** What the status bar does: read on every frame, as of the ticker's last whole second. */
const totalOnTicker = (speeds: CountedSpeeds, progress: Record<string, JobProgress>, now: number) => {
  speeds.count(progress, Math.floor(now / 1000) * 1000);
  return speeds.totalBps;
};
/** What a row does: the same, for its own job. */
const rowOnTicker = (speeds: CountedSpeeds, progress: Record<string, JobProgress>, now: number) => {
  speeds.count(progress, Math.floor(now / 1000) * 1000);
  return speeds.of('job-0') ?? 0;
};

const sending = (sent: number, speedBps = 0): JobProgress => ({
  phase: 'upload',
  bytesAcked: 0,
  bytesInFlight: sent,
  bytesTotal: 1e12,
  speedBps,
});

describe('CountedSpeeds', () => {
  /**
   * One job's progress events under a 5 MB/s limit shared by 50, recorded from a real `serve`:
   * [ms since the last event, 64 KiB fragments in it]. A fragment comes at once, an event with no
   * new bytes about 100 ms later (its Ack), then a wait of up to 2.7 s for the limit.
   */
  const RECORDED: ReadonlyArray<readonly [number, number]> = [
    [523, 1],
    [115, 0],
    [170, 1],
    [108, 0],
    [99, 1],
    [637, 1],
    [109, 0],
    [268, 1],
    [89, 0],
    [1134, 1],
    [107, 0],
    [380, 1],
    [118, 0],
    [87, 1],
    [482, 1],
    [110, 0],
    [886, 1],
    [92, 0],
    [125, 1],
    [103, 0],
    [129, 1],
    [86, 0],
    [668, 1],
    [103, 0],
    [315, 1],
    [133, 0],
    [81, 1],
    [2711, 1],
    [115, 2],
    [87, 1],
    [168, 1],
    [114, 0],
    [1199, 1],
    [95, 0],
    [354, 1],
    [102, 0],
    [182, 1],
    [96, 0],
    [716, 1],
    [93, 0],
  ];

  /** `count` jobs replaying RECORDED, each from its own place in it, read every 16 ms frame after 15 s. */
  function limitedJobs(
    count: number,
    read: (speeds: CountedSpeeds, progress: Record<string, JobProgress>, now: number) => number,
  ) {
    let now = 0;
    const speeds = new CountedSpeeds();
    const jobs = Array.from({ length: count }, (_, n) => ({
      id: `job-${n}`,
      sent: 0,
      at: (n * 7) % RECORDED.length,
      next: n * 13,
    }));
    const progress: Record<string, JobProgress> = {};
    const startAt = 15_000;
    const endAt = 90_000;
    let sentAtStart: number | undefined;
    let readings = 0;
    let sum = 0;
    for (now = 0; now <= endAt; now += 16) {
      if (now >= startAt && sentAtStart === undefined)
        sentAtStart = jobs.reduce((sum, job) => sum + job.sent, 0);
      for (const job of jobs) {
        if (now < job.next) continue;
        const [, fragments] = RECORDED[job.at]!;
        job.sent += fragments * 64 * 1024;
        job.at = (job.at + 1) % RECORDED.length;
        job.next = now + RECORDED[job.at]![0];
        progress[job.id] = {
          phase: 'upload',
          bytesAcked: 0,
          bytesInFlight: job.sent,
          bytesTotal: 1e12,
          speedBps: 0,
        };
      }
      const shown = read(speeds, { ...progress }, now);
      if (now >= startAt) {
        sum += shown;
        readings++;
      }
    }
    const firstReading = Math.ceil(startAt / 16) * 16;
    const trueRate =
      ((jobs.reduce((sum, job) => sum + job.sent, 0) - sentAtStart!) * 1000) / (now - 16 - firstReading);
    return { shown: sum / readings, trueRate };
  }

  it('50 bursty jobs under a limit add up to the bytes they really send, not over the limit', () => {
    const { shown, trueRate } = limitedJobs(50, totalOnTicker);
    expect(shown / trueRate).toBeGreaterThan(0.99);
    expect(shown / trueRate).toBeLessThan(1.01);
  });

  it('one such job alone: its row and the total read its real rate too', () => {
    for (const read of [rowOnTicker, totalOnTicker]) {
      const { shown, trueRate } = limitedJobs(1, read);
      expect(shown / trueRate).toBeGreaterThan(0.97);
      expect(shown / trueRate).toBeLessThan(1.03);
    }
  });

  it('is counted once per ticker second: a fragment within the second waits for the next count', () => {
    const speeds = new CountedSpeeds();
    speeds.count({ a: sending(0) }, 0);
    speeds.count({ a: sending(100_000) }, 1000);
    expect(speeds.totalBps).toBe(100_000);
    expect(speeds.of('a')).toBe(100_000);
    speeds.count({ a: sending(500_000) }, 1000);
    speeds.count({ a: sending(500_000) }, 1010);
    expect(speeds.totalBps).toBe(100_000);
    speeds.count({ a: sending(500_000) }, 2000);
    expect(speeds.totalBps).toBeGreaterThan(100_000);
    expect(speeds.totalBps).toBeLessThan(400_000);
  });

  it('a job that stops sending fades out, and nothing transferring reads 0 at once', () => {
    const speeds = new CountedSpeeds();
    for (let at = 0; at <= 10_000; at += 1000) speeds.count({ a: sending(at * 100) }, at);
    expect(speeds.totalBps).toBe(100_000);
    for (let at = 11_000; at <= 20_000; at += 1000) speeds.count({ a: sending(1_000_000) }, at);
    expect(speeds.totalBps).toBeLessThan(5_000);
    speeds.count({}, 21_000);
    expect(speeds.totalBps).toBe(0);
    expect(speeds.of('a')).toBeUndefined();
  });

  it('a job seen for the first time shows the engine’s estimate, and its earlier bytes are not this second’s', () => {
    const speeds = new CountedSpeeds();
    speeds.count({ a: sending(0) }, 0);
    // b resumes at 5 GB with the engine estimating 40 kB/s.
    speeds.count({ a: sending(10_000), b: sending(5e9, 40_000) }, 1000);
    expect(speeds.of('b')).toBe(40_000);
    expect(speeds.totalBps).toBe(50_000);
    // A lower count is bytes the server lost: no negative speed.
    speeds.count({ a: sending(20_000), b: sending(1e9) }, 2000);
    expect(speeds.of('b')).toBeGreaterThanOrEqual(0);
    expect(speeds.of('a')).toBe(10_000);
  });

  it('counts each job’s time left at the rate it sends, changing at most once a second however often progress comes', () => {
    const speeds = new CountedSpeeds();
    const total = 50 * 1024 * 1024;
    const changes: Array<{ at: number; eta: number | undefined }> = [];
    let sent = 0;
    let sentAtCount = 0;
    let now = 0;
    for (let i = 0; i < 600; i++) {
      // Uneven events at an uneven rate, 50-150 ms apart, each read at once (a re-render).
      now += 50 + ((i * 37) % 100);
      sent += 20_000 + ((i * 7919) % 50_000);
      if (speeds.count({ a: { ...sending(sent, 300_000), bytesTotal: total, etaSeconds: 1 } }, now))
        sentAtCount = sent;
      const eta = speeds.etaOf('a');
      if (changes.at(-1)?.eta !== eta) changes.push({ at: now, eta });
    }
    expect(changes.length).toBeGreaterThan(20);
    // By the end it is the time left at the rate really sent (about 450 kB/s), within 10%.
    const atRealRate = (total - sentAtCount) / ((sent * 1000) / now);
    expect(speeds.etaOf('a')! / atRealRate).toBeGreaterThan(0.9);
    expect(speeds.etaOf('a')! / atRealRate).toBeLessThan(1.1);
    for (let i = 1; i < changes.length; i++)
      expect(changes[i]!.at - changes[i - 1]!.at).toBeGreaterThanOrEqual(900);
  });

  it('a job sharing a limit: its ETA is steadier than its speed, and follows its share doubling within 30 s', () => {
    const speeds = new CountedSpeeds();
    const total = 1e12;
    const shownRates: number[] = [];
    const etaRates: number[] = [];
    let sent = 0;
    let at = 0;
    let next = 0;
    let counts = 0;
    let etaAfterDoubling: number | undefined;
    for (let now = 0; now <= 150_000; now += 16) {
      // From 120 s on, the other jobs are done: its fragments come twice as often.
      const pace = now < 120_000 ? 1 : 0.5;
      if (now >= next) {
        sent += RECORDED[at]![1] * 64 * 1024;
        at = (at + 1) % RECORDED.length;
        next = now + RECORDED[at]![0] * pace;
      }
      const second = Math.floor(now / 1000) * 1000;
      if (!speeds.count({ a: { ...sending(sent), bytesTotal: total, etaSeconds: 1 } }, second)) continue;
      counts++;
      if (second >= 20_000 && second < 120_000) {
        shownRates.push(speeds.of('a')!);
        etaRates.push((total - sent) / speeds.etaOf('a')!);
      }
      if (second === 150_000) etaAfterDoubling = speeds.etaOf('a');
    }
    const spread = (rates: number[]) => {
      const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
      return Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / rates.length) / mean;
    };
    expect(counts).toBeGreaterThan(140);
    expect(spread(etaRates)).toBeLessThan(0.6 * spread(shownRates));
    // At twice the recorded rate, 30 s after the change, it reads within 15% of the time left.
    const recordedRate =
      (RECORDED.reduce((a, [, fragments]) => a + fragments, 0) * 64 * 1024 * 1000) /
      RECORDED.reduce((a, [ms]) => a + ms, 0);
    const atDoubled = (total - sent) / (2 * recordedRate);
    expect(etaAfterDoubling! / atDoubled).toBeGreaterThan(0.85);
    expect(etaAfterDoubling! / atDoubled).toBeLessThan(1.15);
  });

  it('a slow job whose fragments come seconds apart reads near its rate, not swinging with each one', () => {
    // 64 KiB under a 24 KiB/s limit: one fragment every 2.7 s.
    const speeds = new CountedSpeeds();
    const rate = 24 * 1024;
    let sent = 0;
    let next = 0;
    const shown: number[] = [];
    for (let at = 0; at <= 120_000; at += 1000) {
      while (next <= at) {
        sent += 64 * 1024;
        next += (64 * 1024 * 1000) / rate;
      }
      speeds.count({ a: sending(sent, rate) }, at);
      if (at >= 40_000) shown.push(speeds.of('a')!);
    }
    // A 3 s average of it read 15 to 32 KiB/s.
    expect(Math.min(...shown) / rate).toBeGreaterThan(0.8);
    expect(Math.max(...shown) / rate).toBeLessThan(1.2);
  });

  it('gives no time left while a job stands still, nor where the engine knows no total', () => {
    const speeds = new CountedSpeeds();
    const reply = (sent: number): JobProgress => ({ ...sending(sent, 50_000), phase: 'reply' });
    const upload = (sent: number): JobProgress => ({
      ...sending(sent, 50_000),
      bytesTotal: 10e6,
      etaSeconds: 200,
    });
    speeds.count({ up: upload(0), reply: reply(0) }, 0);
    // The engine's estimate at first sight gives the first ETA: 10 MB at 50 kB/s.
    expect(speeds.etaOf('up')).toBe(200);
    expect(speeds.etaOf('reply')).toBeUndefined();
    speeds.count({ up: upload(100_000), reply: reply(100_000) }, 1000);
    // 100 kB in its first second moves the 10 s average a tenth of the way from 50 kB/s.
    const rate = 50_000 + (1 - Math.exp(-1 / 10)) * (100_000 - 50_000);
    expect(speeds.etaOf('up')).toBe(Math.ceil((10e6 - 100_000) / rate));
    expect(speeds.etaOf('reply')).toBeUndefined();
    const stalled = { ...upload(100_000), speedBps: 0 };
    const still = new CountedSpeeds();
    still.count({ up: stalled }, 0);
    still.count({ up: stalled }, 1000);
    expect(still.of('up')).toBe(0);
    expect(still.etaOf('up')).toBeUndefined();
  });
});
