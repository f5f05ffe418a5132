import { describe, expect, it, vi } from 'vitest';
import {
  APPLIED_MEASURE,
  afterPaintTask,
  FrameBatcher,
  frameOrTimeout,
  measureApplied,
} from './frame-batcher.js';

describe('FrameBatcher', () => {
  it('hands over everything pushed before a frame, once', () => {
    const frames: Array<() => void> = [];
    const flushed: number[][] = [];
    const batcher = new FrameBatcher<number>(
      (items) => flushed.push(items),
      (callback) => frames.push(callback),
    );
    batcher.push(1);
    batcher.push(2);
    expect(frames).toHaveLength(1);
    frames[0]!();
    batcher.push(3);
    batcher.flushNow();
    frames[1]!();
    expect(flushed).toEqual([[1, 2], [3]]);
  });

  it('a hidden tab (no frames) still gets its events through the timeout, and takes the frame back', () => {
    const frames: Array<() => void> = [];
    const timeouts: Array<() => void> = [];
    let framesCancelled = 0;
    const schedule = frameOrTimeout(
      (callback) => {
        frames.push(callback);
        return () => framesCancelled++;
      },
      (callback) => {
        timeouts.push(callback);
        return () => undefined;
      },
    );
    let runs = 0;
    schedule(() => runs++);
    timeouts[0]!();
    expect(runs).toBe(1);
    expect(framesCancelled).toBe(1);
    frames[0]!();
    expect(runs).toBe(1);
  });

  it('a frame that comes first takes the timer back: no task left to fire after every frame', () => {
    const pending = new Set<() => void>();
    const request = (callback: () => void) => {
      pending.add(callback);
      return () => pending.delete(callback);
    };
    const frames: Array<() => void> = [];
    const schedule = frameOrTimeout((callback) => {
      frames.push(callback);
      return () => undefined;
    }, request);
    let runs = 0;
    schedule(() => runs++);
    schedule(() => runs++);
    expect(pending.size).toBe(2);
    for (const frame of frames) frame();
    expect(runs).toBe(2);
    expect(pending.size).toBe(0);
  });

  it('the default scheduler clears its 250 ms timer once the frame has run', () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'],
    });
    try {
      const schedule = frameOrTimeout();
      let runs = 0;
      schedule(() => runs++);
      expect(vi.getTimerCount()).toBe(2);
      vi.advanceTimersToNextFrame();
      expect(runs).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('times each flush until the frame is painted, and leaves no entries piling up on the timeline', async () => {
    const painted: Array<() => void> = [];
    const seen: Array<{ duration: number; events: number }> = [];
    // Earlier tests' batchers measure too (with the real after-paint task): only this one counts.
    const since = performance.now();
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntriesByName(APPLIED_MEASURE))
        if (entry.startTime >= since)
          seen.push({ duration: entry.duration, events: (entry as PerformanceMeasure).detail.events });
    });
    observer.observe({ entryTypes: ['measure'] });
    const frames: Array<() => void> = [];
    const batcher = new FrameBatcher<number>(
      () => undefined,
      (callback) => frames.push(callback),
      measureApplied((callback) => painted.push(callback)),
    );
    batcher.push(1);
    batcher.push(2);
    frames[0]!();
    // Nothing is measured until the frame has been painted.
    expect(performance.getEntriesByName(APPLIED_MEASURE)).toHaveLength(0);
    painted[0]!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.events).toBe(2);
    expect(seen[0]!.duration).toBeGreaterThanOrEqual(0);
    expect(performance.getEntriesByName(APPLIED_MEASURE)).toHaveLength(0);
  });

  it('ends the measure in a user-blocking task where the browser has a scheduler, ahead of queued messages', async () => {
    const posted: Array<{ callback: () => void; priority: string }> = [];
    const afterPaint = afterPaintTask({
      postTask: (callback, options) => {
        posted.push({ callback, priority: options.priority });
        return Promise.resolve();
      },
    });
    let ran = 0;
    afterPaint!(() => ran++);
    expect(posted).toEqual([{ callback: expect.any(Function), priority: 'user-blocking' }]);
    expect(ran).toBe(0);
    posted[0]!.callback();
    expect(ran).toBe(1);
    // Without one (jsdom, Node, other browsers), a posted message ends it.
    const fallback = afterPaintTask(undefined);
    await new Promise<void>((resolve) => fallback!(resolve));
  });
});
