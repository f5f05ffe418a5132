/** Runs a callback before the next paint; tests pass their own. */
export type FrameScheduler = (callback: () => void) => void;

/** Asks for a callback later; returns how to take the request back. */
type Request = (callback: () => void) => () => void;

const nextFrame: Request = (callback) => {
  const id = requestAnimationFrame(() => callback());
  return () => cancelAnimationFrame(id);
};

const after250ms: Request = (callback) => {
  const id = setTimeout(callback, 250);
  return () => clearTimeout(id);
};

/**
 * The next animation frame, or 250 ms, whichever comes first: a hidden tab gets no frames, and
 * its events must still be applied instead of piling up for as long as it stays hidden. The one
 * that comes first takes the other back: a timer left to fire after every frame is one more task
 * on the main thread per batch, 60 a second while progress flows.
 */
export function frameOrTimeout(frame: Request = nextFrame, timeout: Request = after250ms): FrameScheduler {
  return (callback) => {
    let ran = false;
    let cancelFrame: (() => void) | undefined;
    let cancelTimeout: (() => void) | undefined;
    const once = () => {
      if (ran) return;
      ran = true;
      cancelFrame?.();
      cancelTimeout?.();
      callback();
    };
    cancelFrame = frame(once);
    cancelTimeout = timeout(once);
  };
}

export const animationFrame: FrameScheduler = frameOrTimeout();

/**
 * The measure each flush leaves on the performance timeline: from a batch reaching the store to
 * the frame that shows it painted (`npm run bench -- ui` reads it; DevTools shows it too).
 */
export const APPLIED_MEASURE = 'bits:events-applied';

/** Runs a callback in the first task after the current frame is rendered. */
export type AfterPaint = (callback: () => void) => void;

/** Chromium's Prioritized Task Scheduling API (not in TypeScript's DOM library yet). */
interface TaskScheduler {
  postTask(callback: () => void, options: { priority: 'user-blocking' }): Promise<unknown>;
}

/**
 * The first task after the current frame's style, layout, paint and commit: the cheapest
 * "painted" signal there is. A user-blocking task runs ahead of the WebSocket messages already
 * queued, so the measure ends at the paint, not after whatever else was waiting; where there is no
 * `scheduler`, a posted message does (it can come after those). Undefined where neither exists.
 */
export function afterPaintTask(
  scheduler: TaskScheduler | undefined = (globalThis as { scheduler?: TaskScheduler }).scheduler,
): AfterPaint | undefined {
  if (typeof scheduler?.postTask === 'function') {
    return (callback) => void scheduler.postTask(callback, { priority: 'user-blocking' });
  }
  if (typeof MessageChannel === 'undefined') return undefined;
  let channel: MessageChannel | undefined;
  const waiting: Array<() => void> = [];
  return (callback) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => {
        for (const run of waiting.splice(0)) run();
      };
      // Node (tests) must not stay alive for a port nobody posts to any more.
      (channel.port1 as { unref?: () => void }).unref?.();
    }
    waiting.push(callback);
    if (waiting.length === 1) channel.port2.postMessage(0);
  };
}

/**
 * Times each flush with a performance measure, cleared from the timeline at once (observers have
 * it by then): a window left open for days keeps no growing buffer of entries.
 */
export function measureApplied(afterPaint: AfterPaint | undefined = afterPaintTask()) {
  if (!afterPaint || typeof performance === 'undefined' || typeof performance.measure !== 'function')
    return undefined;
  return (start: number, events: number) =>
    afterPaint(() => {
      performance.measure(APPLIED_MEASURE, { start, end: performance.now(), detail: { events } });
      performance.clearMeasures(APPLIED_MEASURE);
    });
}

export type FlushTiming = (start: number, events: number) => void;

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
    private readonly timing: FlushTiming | undefined = measureApplied(),
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
    const start = performance.now();
    this.flush(items);
    this.timing?.(start, items.length);
  }
}
