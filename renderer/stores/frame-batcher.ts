/** Runs a callback before the next paint; tests pass their own. */
export type FrameScheduler = (callback: () => void) => void;

/**
 * The next animation frame, or 250 ms, whichever comes first: a hidden tab gets no frames, and
 * its events must still be applied instead of piling up for as long as it stays hidden.
 */
export function frameOrTimeout(
  frame: (callback: () => void) => void = (callback) => requestAnimationFrame(() => callback()),
  timeout: (callback: () => void, ms: number) => void = (callback, ms) => setTimeout(callback, ms),
): FrameScheduler {
  return (callback) => {
    let ran = false;
    const once = () => {
      if (ran) return;
      ran = true;
      callback();
    };
    frame(once);
    timeout(once, 250);
  };
}

export const animationFrame: FrameScheduler = frameOrTimeout();

/**
 * Collects items and hands them over once per animation frame (ui.md, "Smoothness"): 50 jobs
 * sending progress ten times a second make one store update per frame, not 500 a second.
 */
export class FrameBatcher<T> {
  private items: T[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: T[]) => void,
    private readonly schedule: FrameScheduler = animationFrame,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flushNow();
    });
  }

  /** Hands over what is waiting now (before a snapshot is applied, so order is kept). */
  flushNow(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.flush(items);
  }
}
