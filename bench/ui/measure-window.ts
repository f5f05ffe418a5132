import type { Browser, Page } from '@playwright/test';
import {
  drain,
  firstRowsMs,
  installProbe,
  type ScrollRun,
  scrollThrough,
  wholeListMs,
} from './page-probe.js';
import type { QueueHost } from './queue-host.js';

export const VIEWPORT = { width: 1400, height: 860 };

export interface WindowFigures {
  jobs: number;
  /** Navigation start to the first rows painted, one per fresh page. */
  firstRender: number[];
  /** Navigation start to the grid counting every job (the rest of the list paged in), per page. */
  wholeList: number[];
  scroll: ScrollRun & { loafs: number[][]; loafSupported: boolean };
  /** Durations (ms) of each batch applied while watching progress, and the events in each. */
  ticks: number[];
  events: number[];
  /** Used JS heap (bytes) after a forced GC, at each requested time of watching progress after the scroll. */
  heap: Array<{ atMs: number; usedBytes: number }>;
}

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
    const scrolled = await scrollThrough(page);
    const duringScroll = await drain(page);
    log(
      `  ${host.jobs} jobs: first render ${firstRender.map((v) => v.toFixed(0)).join(', ')} ms; ` +
        `whole list in ${wholeList.map((v) => v.toFixed(0)).join(', ')} ms; ` +
        `scrolled ${scrolled.frames.length} frames to row ${scrolled.bottomRow - 1} of ${scrolled.rowCount - 1} and back`,
    );
    const ticks: number[] = [];
    const events: number[] = [];
    const heap: WindowFigures['heap'] = [];
    const cdp = await page.context().newCDPSession(page);
    const watching = performance.now();
    for (const atMs of heapAtMs) {
      for (;;) {
        const left = atMs - (performance.now() - watching);
        if (left <= 0) break;
        await sleep(Math.min(5000, left));
        for (const [, duration, count] of (await drain(page)).ticks) {
          ticks.push(duration!);
          events.push(count!);
        }
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      heap.push({ atMs, usedBytes: usage.usedSize });
      log(
        `  ${host.jobs} jobs: heap ${(usage.usedSize / 1e6).toFixed(1)} MB at ${(atMs / 1000).toFixed(0)} s; ` +
          `${ticks.length} batches applied so far`,
      );
    }
    return {
      jobs: host.jobs,
      firstRender,
      wholeList,
      scroll: { ...scrolled, loafs: duringScroll.loafs, loafSupported: duringScroll.loafSupported },
      ticks,
      events,
      heap,
    };
  } finally {
    await opened?.context().close();
  }
}
