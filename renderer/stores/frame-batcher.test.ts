import { describe, expect, it } from 'vitest';
import { FrameBatcher, frameOrTimeout } from './frame-batcher.js';

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

  it('a hidden tab (no frames) still gets its events through the timeout, and a frame then adds nothing', () => {
    const frames: Array<() => void> = [];
    const timeouts: Array<() => void> = [];
    const schedule = frameOrTimeout(
      (callback) => frames.push(callback),
      (callback) => timeouts.push(callback),
    );
    let runs = 0;
    schedule(() => runs++);
    timeouts[0]!();
    expect(runs).toBe(1);
    frames[0]!();
    expect(runs).toBe(1);
  });
});
