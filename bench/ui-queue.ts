/**
 * Section: the queue window in Debian's Chromium (issue 7, Performance) on a real `serve` with
 * 10,000 jobs of which 50 are transferring to the reference BITS server: first render, frames
 * while scrolling, a progress batch applied, and the renderer heap as progress goes on.
 * Baseline in the same run: the same window on a queue of 1,000 jobs (50 transferring).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium } from './support/chromium.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { writeQueueFiles } from './support/queue-files.js';
import { heading, note } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed } from './support/stats.js';
import { writeSparseFile } from './support/temp.js';
import { measureWindow, TRACE_MS, VIEWPORT, type WindowFigures } from './ui/measure-window.js';
import { BANDWIDTH_BPS, startQueueHost, TRANSFERRING } from './ui/queue-host.js';
import { DISPLAY_NICE } from './ui/renderer-priority.js';
import { type HeapPlan, reportWindow } from './ui/window-report.js';

const JOBS = 10_000;
const BASELINE_JOBS = 1_000;
/** The baseline's progress is watched this much longer than its first heap reading: its display-priority batches. */
const BASELINE_FRONT_MS = 30_000;

/** When the heap is read (ms after the page opened): the 1 and 10 minutes only with --long. */
function heapPlan(ctx: BenchContext): HeapPlan {
  if (ctx.long)
    return { first: 60_000, last: 600_000, words: 'after 1 and 10 minutes of progress (the full run)' };
  if (ctx.quick)
    return {
      first: 20_000,
      last: 60_000,
      words:
        'after 20 s and 1 minute of progress: a SHORTER run than the target’s 10 minutes (--long runs it)',
    };
  return {
    first: 60_000,
    last: 180_000,
    words: 'after 1 and 3 minutes of progress: a SHORTER run than the target’s 10 minutes (--long runs it)',
  };
}

export const uiQueue: BenchSection = {
  id: 'ui-queue',
  title: `Queue window in Chromium: ${JOBS.toLocaleString('en-US')} jobs, ${TRANSFERRING} transferring`,
  async run(ctx: BenchContext) {
    heading(this.title);
    const rounds = Math.max(2, Math.min(ctx.rounds, 5));
    const plan = heapPlan(ctx);
    note(
      `Debian Chromium (headless, --disable-gpu), viewport ${VIEWPORT.width}x${VIEWPORT.height}, on the browser UI ` +
        `of a real serve. The first ${TRANSFERRING} jobs upload sparse 128 MiB files to the reference BITS server ` +
        `(own process, discard storage) under a ${BANDWIDTH_BPS / 1e6} MB/s limit (64 KiB fragments), so they ` +
        'transfer and send progress for the whole run; the rest are queued behind them. First render: ' +
        `navigation start to the first rows painted, ${rounds} fresh pages (the first screen comes before the ` +
        'rest of the list; "whole list in" is when the grid counts every job, and the scroll starts after ' +
        'it). Scrolling: one viewport per frame to the bottom and back (like dragging the scroll thumb), requestAnimationFrame deltas and Long ' +
        'Animation Frames. Progress batch: the bits:events-applied measure (frame-batcher.ts), a batch reaching ' +
        `the store to its frame painted. Heap: CDP collectGarbage then Runtime.getHeapUsage, counted from the end of the scroll, ${plan.words}. ` +
        'Priority: Chromium leaves the renderer’s main thread at nice 0 while its compositor, GPU and browser threads run at ' +
        `${DISPLAY_NICE}, and here it shares 2 cores with serve, the reference server and the bench. So the scroll runs twice, at the ` +
        `default and with that thread at ${DISPLAY_NICE} (as desktop systems favour the window in front), and progress is watched at the ` +
        'default until the first heap reading, then at display priority (the baseline 30 s more). Both are printed; the targets are judged at display priority. ' +
        `Last, ${TRACE_MS / 1000} s of progress are traced (Chromium tracing, after the heap readings) for the main thread's CPU inside each batch: ` +
        'a figure that tells a batch that worked longer from one that waited for a core.',
    );
    const filesDir = ctx.temp.dir('ui-queue-files');
    writeQueueFiles(filesDir, JOBS);
    const bigDir = ctx.temp.dir('ui-queue-big');
    const bigFiles = Array.from({ length: TRANSFERRING }, (_, n) => {
      const file = path.join(bigDir, `transfer-${String(n).padStart(2, '0')}.iso`);
      writeSparseFile(file, 128 * 1024 * 1024);
      return file;
    });
    const server = await startServerChild(ctx.temp.dir('ui-queue-server'), 'discard');
    const browser = await launchChromium();
    const results: WindowFigures[] = [];
    try {
      for (const [count, heapAt] of [
        [BASELINE_JOBS, [plan.first, plan.first + BASELINE_FRONT_MS]],
        [JOBS, [plan.first, plan.last]],
      ] as const) {
        const started = performance.now();
        const host = await startQueueHost(ctx, server, bigFiles, filesDir, count);
        note(
          `  ${count} jobs queued and ${TRANSFERRING} transferring in ${fixed((performance.now() - started) / 1000, 1)} s`,
        );
        try {
          results.push(await measureWindow(browser, host, rounds, [...heapAt], note));
        } finally {
          await host.stop();
        }
      }
    } finally {
      await browser.close();
      await server.stop();
    }
    reportWindow(ctx, JOBS, results[1]!, results[0]!, plan);
  },
};
