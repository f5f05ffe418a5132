import { describe, expect, it } from 'vitest';
import { batchesInTrace, type TraceEvent } from './batch-cpu.js';

const MAIN = { pid: 7, tid: 7 };
const OTHER = { pid: 7, tid: 9 };
const ms = (value: number) => value * 1000;

/** A measure as Chromium writes it: an async begin and end sharing an id2.local. */
const measure = (id: string, start: number, end: number): TraceEvent[] => [
  { name: 'bits:events-applied', ph: 'b', ...MAIN, ts: ms(start), id2: { local: id } },
  { name: 'bits:events-applied', ph: 'e', ...MAIN, ts: ms(end), id2: { local: id } },
];
const task = (start: number, wall: number, cpu: number, thread = MAIN): TraceEvent => ({
  name: 'RunTask',
  ph: 'X',
  ...thread,
  ts: ms(start),
  dur: ms(wall),
  tdur: ms(cpu),
});

describe('batchesInTrace', () => {
  it('tells a batch that waited for a core (long wall, little CPU) from one that worked', () => {
    const batches = batchesInTrace([
      ...measure('0x1', 100, 120),
      task(100, 20, 4),
      ...measure('0x2', 200, 218),
      task(200, 18, 17),
    ]);
    expect(batches).toEqual([
      { wallMs: 20, cpuMs: 4 },
      { wallMs: 18, cpuMs: 17 },
    ]);
  });

  it('counts a task crossing an edge by its share inside, and only the main thread’s tasks', () => {
    const [batch] = batchesInTrace([
      // Half of this task lies before the batch began.
      task(90, 20, 10),
      task(110, 5, 5, OTHER),
      // Wholly inside.
      task(112, 4, 2),
      // Half inside at the end.
      task(118, 4, 4),
      // After the batch.
      task(130, 5, 5),
      ...measure('0x3', 100, 120),
    ]);
    expect(batch!.wallMs).toBe(20);
    expect(batch!.cpuMs).toBeCloseTo(5 + 2 + 2, 6);
  });

  it('leaves out a measure whose end is not in the trace, and a trace without measures gives none', () => {
    const begin = measure('0x4', 300, 310)[0]!;
    expect(batchesInTrace([begin, ...measure('0x5', 400, 405), task(400, 5, 1)])).toEqual([
      { wallMs: 5, cpuMs: 1 },
    ]);
    expect(batchesInTrace([task(0, 10, 10)])).toEqual([]);
  });
});
