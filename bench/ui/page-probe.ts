import type { Page } from '@playwright/test';

/**
 * What the bench reads inside the page. The functions below run in Chromium (Playwright sends
 * their source), so they reach the browser through these few declared shapes (no DOM library here).
 */
interface Probe {
  /** ms from navigation start to the first job rows painted. */
  firstRowsAt?: number;
  /** [start, duration, events] of each `bits:events-applied` measure (renderer/stores/frame-batcher.ts). */
  ticks: number[][];
  /** [start, duration, blockingDuration] of each Long Animation Frame (Chromium reports those over 50 ms). */
  loafs: number[][];
  loafSupported: boolean;
}
interface Entry {
  name: string;
  startTime: number;
  duration: number;
  blockingDuration?: number;
  detail?: { events?: number };
}
interface BrowserSide {
  __uiBench: Probe;
  performance: { now(): number };
  requestAnimationFrame(callback: (at: number) => void): void;
  MessageChannel: new () => {
    port1: { onmessage: (() => void) | null };
    port2: { postMessage(v: unknown): void };
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: unknown): void; disconnect(): void };
  PerformanceObserver: {
    new (callback: (list: { getEntries(): Entry[] }) => void): { observe(options: unknown): void };
    supportedEntryTypes: readonly string[];
  };
  document: {
    querySelector(selector: string): ScrollBox | null;
  };
}
interface ScrollBox {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  getAttribute(name: string): string | null;
}

/** The first data row of the grid (the header is row 1; loading placeholders have no index). */
const FIRST_ROW = '[role="row"][aria-rowindex="2"]';

function probeScript(firstRow: string) {
  const w = globalThis as unknown as BrowserSide;
  const probe: Probe = { ticks: [], loafs: [], loafSupported: false };
  w.__uiBench = probe;
  // A message posted from a frame's callback runs after that frame is painted.
  const afterPaint = (callback: () => void) =>
    w.requestAnimationFrame(() => {
      const channel = new w.MessageChannel();
      channel.port1.onmessage = callback;
      channel.port2.postMessage(0);
    });
  const rows = new w.MutationObserver(() => {
    if (!w.document.querySelector(firstRow)) return;
    rows.disconnect();
    afterPaint(() => {
      probe.firstRowsAt = w.performance.now();
    });
  });
  rows.observe(w.document, { childList: true, subtree: true });
  new w.PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'bits:events-applied')
        probe.ticks.push([entry.startTime, entry.duration, entry.detail?.events ?? 0]);
  }).observe({ type: 'measure' });
  if (w.PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    probe.loafSupported = true;
    new w.PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        probe.loafs.push([entry.startTime, entry.duration, entry.blockingDuration ?? 0]);
    }).observe({ type: 'long-animation-frame' });
  }
}

export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(probeScript, FIRST_ROW);
}

/** Waits for the first rows to be painted; ms since navigation start. */
export async function firstRowsMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (globalThis as unknown as BrowserSide).__uiBench.firstRowsAt,
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Waits for the grid to count every job (the first screen comes first, the rest page by page);
 * ms since navigation start, read on the frame that has them.
 */
export async function wholeListMs(page: Page, jobs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (rowCount) => {
      const w = globalThis as unknown as BrowserSide;
      const grid = w.document.querySelector('[role="grid"]');
      return grid?.getAttribute('aria-rowcount') === String(rowCount) && w.performance.now();
    },
    jobs + 1,
    { timeout: 60_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

export interface Drained {
  ticks: number[][];
  loafs: number[][];
  loafSupported: boolean;
}

/** Takes what the page collected so far (so its arrays never grow into the heap figure). */
export function drain(page: Page): Promise<Drained> {
  return page.evaluate(() => {
    const probe = (globalThis as unknown as BrowserSide).__uiBench;
    return {
      ticks: probe.ticks.splice(0),
      loafs: probe.loafs.splice(0),
      loafSupported: probe.loafSupported,
    };
  });
}

export interface ScrollRun {
  /** requestAnimationFrame deltas in ms, one per frame while scrolling. */
  frames: number[];
  /** The aria-rowindex of the last row in the page at the bottom (the grid really got there). */
  bottomRow: number;
  rowCount: number;
}

/**
 * Scrolls the grid top to bottom and back by one viewport per frame, like dragging the scroll
 * thumb: every frame brings a page of rows the previous frame did not have.
 */
export function scrollThrough(page: Page): Promise<ScrollRun> {
  return page.evaluate(
    () =>
      new Promise<ScrollRun>((resolve) => {
        const w = globalThis as unknown as BrowserSide;
        const box = w.document.querySelector('.job-grid__body')!;
        const grid = w.document.querySelector('[role="grid"]')!;
        const frames: number[] = [];
        let last: number | undefined;
        let down = true;
        let bottomRow = 0;
        const lastRow = () => {
          let max = 0;
          const all = (
            w.document as unknown as { querySelectorAll(s: string): Array<ScrollBox> }
          ).querySelectorAll('[role="row"][aria-rowindex]');
          for (const row of Array.from(all)) max = Math.max(max, Number(row.getAttribute('aria-rowindex')));
          return max;
        };
        const step = (at: number) => {
          if (last !== undefined) frames.push(at - last);
          last = at;
          const page = box.clientHeight;
          if (down) {
            if (box.scrollTop + page >= box.scrollHeight - 1) {
              down = false;
              bottomRow = lastRow();
            } else box.scrollTop = box.scrollTop + page;
          } else if (box.scrollTop <= 0) {
            resolve({ frames, bottomRow, rowCount: Number(grid.getAttribute('aria-rowcount')) });
            return;
          } else box.scrollTop = Math.max(0, box.scrollTop - page);
          w.requestAnimationFrame(step);
        };
        w.requestAnimationFrame(step);
      }),
  );
}
