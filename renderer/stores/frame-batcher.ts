/** Runs a callback before the next paint; tests pass their own. */
export type FrameScheduler = (callback: () => void) => void;

export const animationFrame: FrameScheduler = (callback) => {
  requestAnimationFrame(() => callback());
};

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
