import type { Browser, Page } from '@playwright/test';

/**
 * How much of a progress batch's time is the page's own work. The batch measure is wall time
 * from the store to the frame painted; on a shared 2-core machine part of it can be the main
 * thread waiting for a core. A short Chromium trace gives each task's thread (CPU) time beside
 * its wall time, so the section can say whether a slow batch worked longer or waited longer.
 */
export interface TracedBatch {
  /** The bits:events-applied measure: the batch reaching the store to its frame painted. */
  wallMs: number;
  /** CPU time of the renderer main thread's tasks inside that span. */
  cpuMs: number;
}

/** The few fields of Chromium's trace events this reads. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  id?: string;
  id2?: { local?: string };
}

const MEASURE = 'bits:events-applied';
/** Every task the main thread runs, with its thread time (disabled-by-default-devtools.timeline). */
const TASK = 'RunTask';
export const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'blink.user_timing'];

const key = (event: TraceEvent) => event.id2?.local ?? event.id ?? '';

/**
 * Pairs each measure's begin and end, then adds up the thread time of the main thread's tasks
 * inside it. A task that crosses an edge (the flush starts inside a frame's task; the paint
 * signal ends inside a posted one) counts by the share of its wall time inside.
 */
export function batchesInTrace(events: readonly TraceEvent[]): TracedBatch[] {
  const begins = new Map<string, TraceEvent>();
  const spans: Array<{ start: number; end: number; thread: string }> = [];
  for (const event of events) {
    if (event.name !== MEASURE) continue;
    if (event.ph === 'b') begins.set(key(event), event);
    else if (event.ph === 'e') {
      const begin = begins.get(key(event));
      if (!begin) continue;
      begins.delete(key(event));
      spans.push({ start: begin.ts, end: event.ts, thread: `${begin.pid}:${begin.tid}` });
    }
  }
  if (spans.length === 0) return [];
  const tasks = events
    .filter(
      (event) =>
        event.name === TASK &&
        event.ph === 'X' &&
        event.dur !== undefined &&
        event.tdur !== undefined &&
        `${event.pid}:${event.tid}` === spans[0]!.thread,
    )
    .sort((a, b) => a.ts - b.ts);
  spans.sort((a, b) => a.start - b.start);
  let first = 0;
  return spans.map((span) => {
    while (first < tasks.length && tasks[first]!.ts + tasks[first]!.dur! <= span.start) first++;
    let cpu = 0;
    for (let i = first; i < tasks.length && tasks[i]!.ts < span.end; i++) {
      const task = tasks[i]!;
      const inside = Math.min(task.ts + task.dur!, span.end) - Math.max(task.ts, span.start);
      if (inside > 0) cpu += task.dur! > 0 ? (task.tdur! * inside) / task.dur! : task.tdur!;
    }
    return { wallMs: (span.end - span.start) / 1000, cpuMs: cpu / 1000 };
  });
}

/** Traces the page for `ms` of progress and returns its batches. */
export async function traceBatches(browser: Browser, page: Page, ms: number): Promise<TracedBatch[]> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await new Promise((resolve) => setTimeout(resolve, ms));
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  return batchesInTrace(trace.traceEvents);
}
