/**
 * The ui-queue section's table: the four targets for the 10,000-job window against the
 * 1,000-job baseline. Frames and batches are printed at both priorities of the renderer's main
 * thread (renderer-priority.ts); the targets are judged at the display priority when it could be
 * set, and on the default figures otherwise.
 */
import type { BenchContext } from '../support/context.js';
import { note, table, verdict } from '../support/report.js';
import { fixed, median, percentile, spread } from '../support/stats.js';
import { type MeasuredScroll, TRACE_MS, type WindowFigures } from './measure-window.js';
import { TARGETS } from './window-targets.js';

export interface HeapPlan {
  first: number;
  last: number;
  words: string;
}

interface Row {
  measure: string;
  result: string;
  spread: string;
  target: string;
  baseline: string;
  ratio: string;
  /** undefined: a figure, printed without a verdict. */
  ok: boolean | undefined;
}

const msText = (value: number, digits = value < 10 ? 1 : 0) =>
  Number.isFinite(value) ? `${fixed(value, digits)} ms` : 'n/a';
/** Batches to a tenth of a millisecond (Chromium's measure resolution): 15.96 must not print as 16. */
const tickText = (value: number) => msText(value, 1);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');
const max = (values: readonly number[]) => (values.length > 0 ? Math.max(...values) : Number.NaN);
const over = (values: readonly number[], limit: number) => values.filter((value) => value > limit).length;

function scrollRows(
  label: string,
  main: MeasuredScroll,
  base: MeasuredScroll | undefined,
  judged: boolean,
): Row[] {
  const loafs = main.loafs.map((entry) => entry[1]!);
  const longest = max(main.frames);
  return [
    {
      measure: `scrolling, ${label}: longest frame`,
      result: msText(longest),
      spread: `${main.frames.length} frames, ${over(main.frames, TARGETS.frameMs)} over ${TARGETS.frameMs} ms`,
      target: `<= ${TARGETS.frameMs} ms`,
      baseline: base ? msText(max(base.frames)) : '',
      ratio: base ? ratio(longest, max(base.frames)) : '',
      ok: judged ? longest <= TARGETS.frameMs : undefined,
    },
    {
      measure: `scrolling, ${label}: p95 frame`,
      result: msText(percentile(main.frames, 95)),
      spread: '',
      target: 'figure',
      baseline: base ? msText(percentile(base.frames, 95)) : '',
      ratio: base ? ratio(percentile(main.frames, 95), percentile(base.frames, 95)) : '',
      ok: undefined,
    },
    {
      measure: `scrolling, ${label}: long animation frames`,
      result: main.loafSupported ? `${loafs.length}` : 'unsupported',
      spread: loafs.length > 0 ? `longest ${msText(max(loafs))}` : '',
      target: '0 over 50 ms',
      baseline: base ? `${base.loafs.length}` : '',
      ratio: '',
      ok: judged ? loafs.length === 0 : undefined,
    },
  ];
}

function tickRows(label: string, main: number[], base: number[], judged: boolean): Row[] {
  if (main.length === 0) return [];
  return [
    {
      measure: `progress batch applied, ${label}: max`,
      result: tickText(max(main)),
      spread: `${main.length} batches, ${over(main, TARGETS.tickMs)} over ${TARGETS.tickMs} ms`,
      target: `< ${TARGETS.tickMs} ms`,
      baseline: base.length > 0 ? tickText(max(base)) : '',
      ratio: base.length > 0 ? ratio(max(main), max(base)) : '',
      ok: judged ? max(main) < TARGETS.tickMs : undefined,
    },
    {
      measure: `progress batch applied, ${label}: p95`,
      result: tickText(percentile(main, 95)),
      spread: `median ${tickText(median(main))}`,
      target: `< ${TARGETS.tickMs} ms`,
      baseline: base.length > 0 ? tickText(percentile(base, 95)) : '',
      ratio: base.length > 0 ? ratio(percentile(main, 95), percentile(base, 95)) : '',
      ok: judged ? percentile(main, 95) < TARGETS.tickMs : undefined,
    },
  ];
}

/**
 * A figure, no target: the main thread's CPU inside each batch of a short trace, and in the
 * batches that took longer than a frame. When those used little CPU, the time over was spent
 * waiting for a core, not working.
 */
function tracedRow(main: WindowFigures, base: WindowFigures): Row {
  const cpu = main.traced.map((batch) => batch.cpuMs);
  const slow = main.traced.filter((batch) => batch.wallMs > TARGETS.tickMs);
  const baseCpu = base.traced.map((batch) => batch.cpuMs);
  return {
    measure: `progress batch, main-thread CPU inside it (${fixed(TRACE_MS / 1000, 0)} s traced): max`,
    result: tickText(max(cpu)),
    spread:
      `${cpu.length} batches, p95 ${tickText(percentile(cpu, 95))}; ${slow.length} took over ${TARGETS.tickMs} ms` +
      (slow.length > 0 ? `, using at most ${tickText(max(slow.map((batch) => batch.cpuMs)))} of CPU` : ''),
    target: 'figure',
    baseline: baseCpu.length > 0 ? tickText(max(baseCpu)) : '',
    ratio: baseCpu.length > 0 ? ratio(max(cpu), max(baseCpu)) : '',
    ok: undefined,
  };
}

const percent = (value: number) => `${fixed(value, 0)}%`;

/** A figure, no target: what showing the progress costs, in shares of one core. */
function cpuRow(main: WindowFigures, base: WindowFigures): Row {
  const total = (cpu: WindowFigures['cpu']) => Object.values(cpu.chromium).reduce((a, b) => a + b, 0);
  const parts = Object.entries(main.cpu.chromium)
    .sort((a, b) => b[1] - a[1])
    .map(([type, share]) => `${type} ${percent(share)}`);
  return {
    measure: 'CPU while showing progress (share of one core)',
    result: `Chromium ${percent(total(main.cpu))}, serve ${percent(main.cpu.serve)}`,
    spread: `${parts.join(', ')}; over ${fixed(main.cpu.seconds, 0)} s`,
    target: 'figure',
    baseline: `Chromium ${percent(total(base.cpu))}, serve ${percent(base.cpu.serve)}`,
    ratio: ratio(total(main.cpu), total(base.cpu)),
    ok: undefined,
  };
}

/** The display-priority batches over a frame, with their time and size, beside the bench's own forced GCs. */
function slowBatchesLine(main: WindowFigures): string {
  const seconds = (ms: number) => `${fixed(ms / 1000, 1)} s`;
  const slow = main.slowFront.map(
    (batch) => `${tickText(batch.ms)} at ${seconds(batch.at)} (${batch.events} events)`,
  );
  return (
    `  ${main.jobs} jobs: batches over ${TARGETS.tickMs} ms at display priority: ${slow.length > 0 ? slow.join(', ') : 'none'}; ` +
    `forced GC of the heap readings at ${main.forcedGcAt.map(seconds).join(', ')} (page time)`
  );
}

export function reportWindow(
  ctx: BenchContext,
  jobs: number,
  main: WindowFigures,
  base: WindowFigures,
  plan: HeapPlan,
): void {
  const render = median(main.firstRender);
  const baseRender = median(base.firstRender);
  const front = main.scrollFront !== undefined && main.ticksFront.length > 0;
  const heapFirst = main.heap[0]!.usedBytes;
  const heapLast = main.heap[1]!.usedBytes;
  const growth = heapLast / heapFirst;
  const minutes = (value: number) =>
    value >= 60_000 ? `${fixed(value / 60_000, 0)} min` : `${fixed(value / 1000, 0)} s`;
  const rows: Row[] = [
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
      ok: undefined,
    },
    ...scrollRows('default priority', main.scroll, base.scroll, !front),
    ...(front ? scrollRows('display priority', main.scrollFront!, base.scrollFront, true) : []),
    ...tickRows(`default priority, first ${minutes(plan.first)}`, main.ticks, base.ticks, !front),
    ...(front ? tickRows('display priority, after', main.ticksFront, base.ticksFront, true) : []),
    {
      measure: `heap after ${minutes(plan.first)}`,
      result: mb(heapFirst),
      spread: '',
      target: 'figure',
      baseline: mb(base.heap[0]!.usedBytes),
      ratio: ratio(heapFirst, base.heap[0]!.usedBytes),
      ok: undefined,
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
  if (main.traced.length > 0) rows.push(tracedRow(main, base));
  rows.push(cpuRow(main, base));
  const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES');
  table(
    ['measure', `${jobs} jobs`, 'spread', 'target', `baseline ${base.jobs} jobs`, 'ratio', 'verdict'],
    rows.map((r) => [
      r.measure,
      r.result,
      r.spread,
      r.target,
      r.baseline,
      r.ratio,
      r.ok === undefined ? (r.target === 'figure' ? '' : 'figure') : mark(r.ok),
    ]),
  );
  if (front) note(slowBatchesLine(main));
  const judged = rows.filter((r) => r.ok !== undefined);
  const missed = judged.filter((r) => !r.ok).map((r) => r.measure);
  verdict(
    (missed.length === 0
      ? `meets every target with ${jobs} jobs${ctx.long ? '' : ' (heap over a shorter run than 10 minutes)'}`
      : `MISSES: ${missed.join('; ')}`) +
      (front
        ? '; frames and batches judged with the renderer’s main thread at display priority, the default-priority figures above them.'
        : `; frames and batches at Chromium’s default priority only: ${main.priorityProblem ?? 'no display-priority phase ran'}.`),
  );
  for (const r of judged)
    ctx.summary.push({
      section: 'ui-queue',
      measure: r.measure,
      result: r.baseline ? `${r.result} (${base.jobs} jobs: ${r.baseline})` : r.result,
      target: r.target,
      verdict: mark(r.ok!),
    });
}
