import type { Browser, Page } from '@playwright/test';
import { type TracedBatch, traceBatches } from './batch-cpu.js';
import {
  drain,
  firstRowsMs,
  installProbe,
  type ScrollRun,
  scrollThrough,
  wholeListMs,
} from './page-probe.js';
import type { QueueHost } from './queue-host.js';
import { DISPLAY_NICE, pageRendererPid, setMainThreadNice } from './renderer-priority.js';
import { cpuBetween, readCpu, type WindowCpu } from './window-cpu.js';
import { TARGETS } from './window-targets.js';

export const VIEWPORT = { width: 1400, height: 860 };
/** How long the progress is traced at the end of the watch (batch-cpu.ts): long enough for a few slow batches. */
export const TRACE_MS = 20_000;

export interface WindowFigures {
  jobs: number;
  /** Navigation start to the first rows painted, one per fresh page. */
  firstRender: number[];
  /** Navigation start to the grid counting every job (the rest of the list paged in), per page. */
  wholeList: number[];
  /** The scroll at Chromium's default priority for the renderer's main thread. */
  scroll: MeasuredScroll;
  /** The same scroll with that thread at the compositor's priority (renderer-priority.ts). */
  scrollFront: MeasuredScroll | undefined;
  /** Durations (ms) of each batch applied until the first heap reading, at the default priority. */
  ticks: number[];
  /** Durations after it, with the main thread at the compositor's priority. */
  ticksFront: number[];
  /** Events in each batch, over both. */
  events: number[];
  /** The display-priority batches over the per-tick target, for telling what they met (a GC, a burst). */
  slowFront: SlowBatch[];
  /** Page time (ms) of each forced GC of the heap readings: a batch open then waited for the bench. */
  forcedGcAt: number[];
  /** Why the priority could not be raised (then only the default figures exist). */
  priorityProblem: string | undefined;
  /** Used JS heap (bytes) after a forced GC, at each requested time of watching progress after the scroll. */
  heap: Array<{ atMs: number; usedBytes: number }>;
  /** CPU used by Chromium and serve over the whole watch of progress. */
  cpu: WindowCpu;
  /** Batches of a traced stretch after the heap readings, at the last priority: wall time and the page's own CPU. */
  traced: TracedBatch[];
}

/** One batch: page time it reached the store (ms since navigation), its duration, its events. */
export interface SlowBatch {
  at: number;
  ms: number;
  events: number;
}

export type MeasuredScroll = ScrollRun & { loafs: number[][]; loafSupported: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh context (cold cache, empty sessionStorage) on the printed URL, with the probe installed. */
async function openWindow(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await installProbe(page);
  await page.goto(url);
  return page;
}

/**
 * One queue, measured as a user meets it: `rounds` fresh page loads, then on the last page a
 * scroll to the bottom and back, then progress watched until each heap time (ms after the scroll).
 */
export async function measureWindow(
  browser: Browser,
  host: QueueHost,
  rounds: number,
  heapAtMs: number[],
  log: (line: string) => void,
): Promise<WindowFigures> {
  const firstRender: number[] = [];
  const wholeList: number[] = [];
  let opened: Page | undefined;
  try {
    for (let round = 0; round < rounds; round++) {
      await opened?.context().close();
      opened = await openWindow(browser, `${host.serve.origin}/#token=${host.serve.token}`);
      firstRender.push(await firstRowsMs(opened));
      wholeList.push(await wholeListMs(opened, host.jobs));
    }
    const page = opened!;
    await page
      .getByRole('row', { name: /, Uploading/ })
      .first()
      .waitFor();
    await drain(page);
    const scrollAt = async (): Promise<MeasuredScroll> => {
      const run = await scrollThrough(page);
      const during = await drain(page);
      return { ...run, loafs: during.loafs, loafSupported: during.loafSupported };
    };
    const scroll = await scrollAt();
    const renderer = await pageRendererPid(browser);
    let priorityProblem = setMainThreadNice(renderer, DISPLAY_NICE);
    const scrollFront = priorityProblem ? undefined : await scrollAt();
    if (!priorityProblem) priorityProblem = setMainThreadNice(renderer, 0);
    log(
      `  ${host.jobs} jobs: first render ${firstRender.map((v) => v.toFixed(0)).join(', ')} ms; ` +
        `whole list in ${wholeList.map((v) => v.toFixed(0)).join(', ')} ms; ` +
        `scrolled ${scroll.frames.length} frames to row ${scroll.bottomRow - 1} of ${scroll.rowCount - 1} and back` +
        (scrollFront ? `, then again at display priority (${scrollFront.frames.length} frames)` : ''),
    );
    const ticks: number[] = [];
    const ticksFront: number[] = [];
    const events: number[] = [];
    const slowFront: SlowBatch[] = [];
    const forcedGcAt: number[] = [];
    const heap: WindowFigures['heap'] = [];
    const cdp = await page.context().newCDPSession(page);
    const watching = performance.now();
    const cpuAtStart = await readCpu(browser, host.serve.pid);
    for (const atMs of heapAtMs) {
      // After the first heap reading, the rest of the watch runs at the compositor's priority.
      const front = heap.length > 0 && !priorityProblem;
      for (;;) {
        const left = atMs - (performance.now() - watching);
        if (left <= 0) break;
        await sleep(Math.min(5000, left));
        for (const [start, duration, count] of (await drain(page)).ticks) {
          (front ? ticksFront : ticks).push(duration!);
          events.push(count!);
          if (front && duration! > TARGETS.tickMs)
            slowFront.push({ at: start!, ms: duration!, events: count! });
        }
      }
      forcedGcAt.push(await page.evaluate(() => performance.now()));
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      heap.push({ atMs, usedBytes: usage.usedSize });
      if (heap.length === 1 && !priorityProblem) priorityProblem = setMainThreadNice(renderer, DISPLAY_NICE);
      log(
        `  ${host.jobs} jobs: heap ${(usage.usedSize / 1e6).toFixed(1)} MB at ${(atMs / 1000).toFixed(0)} s; ` +
          `${ticks.length + ticksFront.length} batches applied so far`,
      );
    }
    const cpu = cpuBetween(cpuAtStart, await readCpu(browser, host.serve.pid));
    // After the heap readings: the trace's own buffers must not count in them.
    const traced = await traceBatches(browser, page, TRACE_MS);
    return {
      jobs: host.jobs,
      cpu,
      firstRender,
      wholeList,
      scroll,
      scrollFront,
      ticks,
      ticksFront,
      events,
      slowFront,
      forcedGcAt,
      heap,
      priorityProblem,
      traced,
    };
  } finally {
    await opened?.context().close();
  }
}
