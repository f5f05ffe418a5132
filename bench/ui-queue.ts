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
import { heading, note, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, median, percentile, spread } from './support/stats.js';
import { writeSparseFile } from './support/temp.js';
import { measureWindow, VIEWPORT, type WindowFigures } from './ui/measure-window.js';
import { BANDWIDTH_BPS, startQueueHost, TRANSFERRING } from './ui/queue-host.js';

const JOBS = 10_000;
const BASELINE_JOBS = 1_000;
const TARGETS = { firstRenderMs: 1000, frameMs: 50, tickMs: 16, heapRatio: 1.1 };

/** When the heap is read (ms after the page opened): the 1 and 10 minutes only with --long. */
function heapPlan(ctx: BenchContext): { first: number; last: number; words: string } {
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

const msText = (value: number) => `${fixed(value, value < 10 ? 1 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');

function scrollFigures(figures: WindowFigures) {
  const loafs = figures.scroll.loafs.map((entry) => entry[1]!);
  return {
    longest: Math.max(...figures.scroll.frames),
    p95: percentile(figures.scroll.frames, 95),
    loafCount: loafs.length,
    loafLongest: loafs.length > 0 ? Math.max(...loafs) : 0,
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
        `the store to its frame painted. Heap: CDP collectGarbage then Runtime.getHeapUsage, counted from the end of the scroll, ${plan.words}.`,
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
        [BASELINE_JOBS, [plan.first]],
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
    report(ctx, results[1]!, results[0]!, plan);
  },
};

function report(
  ctx: BenchContext,
  main: WindowFigures,
  base: WindowFigures,
  plan: ReturnType<typeof heapPlan>,
): void {
  const render = median(main.firstRender);
  const baseRender = median(base.firstRender);
  const scroll = scrollFigures(main);
  const baseScroll = scrollFigures(base);
  const tickMax = Math.max(...main.ticks);
  const tickP95 = percentile(main.ticks, 95);
  const heapFirst = main.heap[0]!.usedBytes;
  const heapLast = main.heap[1]!.usedBytes;
  const growth = heapLast / heapFirst;
  const minutes = (ms: number) =>
    ms >= 60_000 ? `${fixed(ms / 60_000, 0)} min` : `${fixed(ms / 1000, 0)} s`;
  const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES');
  const rows = [
    {
      measure: 'first render (median)',
      result: msText(render),
      spread: `${spread(main.firstRender, 0)} ms`,
      target: `< ${TARGETS.firstRenderMs} ms`,
      baseline: msText(baseRender),
      ratio: ratio(render, baseRender),
      ok: render < TARGETS.firstRenderMs,
    },
    {
      measure: 'whole list in (median)',
      result: msText(median(main.wholeList)),
      spread: `${spread(main.wholeList, 0)} ms`,
      target: 'figure',
      baseline: msText(median(base.wholeList)),
      ratio: ratio(median(main.wholeList), median(base.wholeList)),
      ok: true,
    },
    {
      measure: 'scrolling: longest frame',
      result: msText(scroll.longest),
      spread: `${main.scroll.frames.length} frames`,
      target: `<= ${TARGETS.frameMs} ms`,
      baseline: msText(baseScroll.longest),
      ratio: ratio(scroll.longest, baseScroll.longest),
      ok: scroll.longest <= TARGETS.frameMs,
    },
    {
      measure: 'scrolling: p95 frame',
      result: msText(scroll.p95),
      spread: '',
      target: 'figure',
      baseline: msText(baseScroll.p95),
      ratio: ratio(scroll.p95, baseScroll.p95),
      ok: true,
    },
    {
      measure: 'scrolling: long animation frames',
      result: main.scroll.loafSupported ? `${scroll.loafCount}` : 'unsupported',
      spread: scroll.loafCount > 0 ? `longest ${msText(scroll.loafLongest)}` : '',
      target: '0 over 50 ms',
      baseline: `${baseScroll.loafCount}`,
      ratio: '',
      ok: scroll.loafCount === 0,
    },
    {
      measure: 'progress batch applied: max',
      result: msText(tickMax),
      spread: `${main.ticks.length} batches, ${fixed(median(main.events), 0)} events each`,
      target: `< ${TARGETS.tickMs} ms`,
      baseline: msText(Math.max(...base.ticks)),
      ratio: ratio(tickMax, Math.max(...base.ticks)),
      ok: tickMax < TARGETS.tickMs,
    },
    {
      measure: 'progress batch applied: p95',
      result: msText(tickP95),
      spread: '',
      target: `< ${TARGETS.tickMs} ms`,
      baseline: msText(percentile(base.ticks, 95)),
      ratio: ratio(tickP95, percentile(base.ticks, 95)),
      ok: tickP95 < TARGETS.tickMs,
    },
    {
      measure: `heap after ${minutes(plan.first)}`,
      result: mb(heapFirst),
      spread: '',
      target: 'figure',
      baseline: mb(base.heap[0]!.usedBytes),
      ratio: ratio(heapFirst, base.heap[0]!.usedBytes),
      ok: true,
    },
    {
      measure: `heap after ${minutes(plan.last)} / after ${minutes(plan.first)}`,
      result: `${mb(heapLast)} (${growth.toFixed(3)}x)`,
      spread: ctx.long ? '' : 'shorter run',
      target: `<= ${TARGETS.heapRatio}x`,
      baseline: '',
      ratio: '',
      ok: growth <= TARGETS.heapRatio,
    },
  ];
  table(
    ['measure', `${JOBS} jobs`, 'spread', 'target', `baseline ${BASELINE_JOBS} jobs`, 'ratio', 'verdict'],
    rows.map((r) => [
      r.measure,
      r.result,
      r.spread,
      r.target,
      r.baseline,
      r.ratio,
      r.target === 'figure' ? '' : mark(r.ok),
    ]),
  );
  const missed = rows.filter((r) => !r.ok).map((r) => r.measure);
  verdict(
    missed.length === 0
      ? `meets every target with ${JOBS} jobs${ctx.long ? '' : ' (heap over a shorter run than 10 minutes)'}.`
      : `MISSES: ${missed.join('; ')}.`,
  );
  for (const r of rows.filter((row) => row.target !== 'figure'))
    ctx.summary.push({
      section: 'ui-queue',
      measure: r.measure,
      result: r.baseline ? `${r.result} (${BASELINE_JOBS} jobs: ${r.baseline})` : r.result,
      target: r.target,
      verdict: mark(r.ok),
    });
}
