/**
 * Child process for the 10,000-job section, one fresh process per step so every figure is a
 * cold start, as a user would see it:
 *   --mode populate --data-dir D --files F --count N --url U   createCore, addMany, list queries, close
 *   --mode restart  --data-dir D                               createCore on the full data folder, close
 *   --mode store    --db P --count N                           store-level insertJobs + loadUnfinished
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCore } from '../../electron/core.js';
import { createJobStore, openDatabase } from '../../electron/store/index.js';
import { sampleRecords } from '../../electron/store/testing/job-fixtures.js';
import type { ListQuery } from '../../shared/contract/core-api.js';
import { queueFilePath } from '../support/queue-files.js';
import { readMeter, runChild, startMeter } from './child-report.js';

/** Timings in ms, by step name; list queries also report what they found. */
export interface QueueOpsReport {
  timings: Record<string, number>;
  found: Record<string, number>;
  maxRssKiB: number;
}

/** The list queries a queue window makes: pages, a state filter, searches, sorts. */
const LIST_QUERIES: Array<[string, ListQuery]> = [
  ['list: first page + total', { limit: 100 }],
  ['list: middle page (offset 5000)', { offset: 5000, limit: 100 }],
  ["list: state filter ['queued']", { states: ['queued'], limit: 100 }],
  ["list: search 'photo-0123' (LIKE)", { search: 'photo-0123', limit: 100 }],
  ["list: search 'föto' (folded, JS)", { search: 'föto', limit: 100 }],
  ['list: sort by name, middle page', { sort: 'name', offset: 5000, limit: 100 }],
  ['list: sort by progress, middle page', { sort: 'progress', offset: 5000, limit: 100 }],
];

/** Each list query runs this often; the median is reported (the first call prepares statements). */
const LIST_REPEATS = 3;

async function time<T>(
  timings: Record<string, number>,
  name: string,
  work: () => T | Promise<T>,
): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings[name] = performance.now() - started;
  return result;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

runChild(async (): Promise<QueueOpsReport> => {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string' },
      'data-dir': { type: 'string' },
      files: { type: 'string' },
      count: { type: 'string' },
      url: { type: 'string' },
      db: { type: 'string' },
    },
  });
  const meter = startMeter();
  const timings: Record<string, number> = {};
  const found: Record<string, number> = {};
  const count = Number(values.count ?? 10_000);

  if (values.mode === 'store') {
    const { db } = openDatabase(values.db!);
    const store = createJobStore(db);
    const records = sampleRecords(count);
    await time(timings, 'store: insertJobs', () => store.insertJobs(records));
    const loaded = await time(timings, 'store: loadUnfinished', () => store.loadUnfinished());
    found['store: loadUnfinished'] = loaded.length;
    store.close();
  } else if (values.mode === 'populate') {
    const core = await time(timings, 'createCore (empty data dir)', () =>
      createCore({ dataDir: values['data-dir']! }),
    );
    // One transfer slot: the one job that starts hangs on the black-hole listener, the rest stay queued.
    await core.commands.updateSettings({ maxConcurrentJobs: 1 });
    let events = 0;
    core.subscribe(() => {
      events++;
    });
    const inputs = Array.from({ length: count }, (_, n) => ({
      filePath: queueFilePath(values.files!, n),
      url: `${values.url}upload-${n}.jpg`,
    }));
    const jobs = await time(timings, `addMany(${count})`, () => core.commands.addMany(inputs));
    found[`addMany(${count})`] = jobs.length;
    for (const [name, query] of LIST_QUERIES) {
      const samples: number[] = [];
      for (let i = 0; i < LIST_REPEATS; i++) {
        const started = performance.now();
        const page = await core.queries.list(query);
        samples.push(performance.now() - started);
        found[name] = page.total;
      }
      timings[name] = medianOf(samples);
    }
    found.events = events;
    await time(timings, 'close()', () => core.close());
  } else if (values.mode === 'restart') {
    const core = await time(timings, `restart: createCore (${count} jobs)`, () =>
      createCore({ dataDir: values['data-dir']! }),
    );
    const page = await core.queries.list({ limit: 100 });
    found[`restart: createCore (${count} jobs)`] = page.total;
    const queued = await core.queries.list({ states: ['queued'], limit: 1 });
    found['restart: queued'] = queued.total;
    await time(timings, 'restart: close()', () => core.close());
  } else {
    throw new Error('--mode must be populate, restart or store');
  }
  return { timings, found, maxRssKiB: readMeter(meter).maxRssKiB };
});
