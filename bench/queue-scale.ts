/**
 * Section 4: a queue of 10,000 jobs through the core on a real data folder: addMany, list
 * queries, close, and a cold restart; plus the store alone (insertJobs, loadUnfinished).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { QueueOpsReport } from './children/queue-ops.js';
import { startBlackHole } from './support/black-hole.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { runNodeChild } from './support/processes.js';
import { writeQueueFiles } from './support/queue-files.js';
import { heading, note, table, verdict } from './support/report.js';
import { fixed, median, spread } from './support/stats.js';

const CHILD = new URL('./children/queue-ops.js', import.meta.url);
const COUNT = 10_000;
const TARGET_MS = 1000;

export const queueScale: BenchSection = {
  id: 'queue-scale',
  title: `4. ${COUNT.toLocaleString('en-US')} queued jobs`,
  async run(ctx: BenchContext) {
    heading(this.title);
    const rounds = Math.min(ctx.rounds, 5);
    const filesDir = ctx.temp.dir('queue-files');
    const started = performance.now();
    writeQueueFiles(filesDir, COUNT);
    note(
      `${COUNT} small real files (100-999 bytes, 20 folders) written in ${((performance.now() - started) / 1000).toFixed(1)} s. ` +
        'Jobs are added queued (not suspended) with maxConcurrentJobs = 1 and a URL on a loopback listener ' +
        'that accepts and never answers: one job sits in "connecting", the rest stay "queued", so the ' +
        'scheduler and the restart-time file checks see a real 10,000-job queue with no retry churn. ' +
        `Each step runs in a fresh Node process (cold, as a user sees it); ${rounds} rounds, fresh data folder ` +
        'per round; list queries are the median of 3 calls within a process.',
    );
    const hole = await startBlackHole();
    const reports: QueueOpsReport[] = [];
    try {
      for (let round = 0; round < rounds; round++) {
        const dataDir = ctx.temp.dir('queue-data');
        const storeDir = ctx.temp.dir('queue-store');
        try {
          const common = ['--count', String(COUNT)];
          reports.push(
            await runNodeChild<QueueOpsReport>(CHILD, [
              '--mode',
              'populate',
              '--data-dir',
              dataDir,
              '--files',
              filesDir,
              '--url',
              `http://127.0.0.1:${hole.port}/uploads/`,
              ...common,
            ]),
          );
          reports.push(
            await runNodeChild<QueueOpsReport>(CHILD, [
              '--mode',
              'restart',
              '--data-dir',
              dataDir,
              ...common,
            ]),
          );
          reports.push(
            await runNodeChild<QueueOpsReport>(CHILD, [
              '--mode',
              'store',
              '--db',
              path.join(storeDir, 'jobs.db'),
              ...common,
            ]),
          );
        } finally {
          ctx.temp.discard(dataDir);
          ctx.temp.discard(storeDir);
        }
      }
    } finally {
      await hole.close();
    }

    const samples = new Map<string, number[]>();
    const found = new Map<string, number>();
    for (const report of reports) {
      for (const [name, value] of Object.entries(report.timings))
        samples.set(name, [...(samples.get(name) ?? []), value]);
      for (const [name, value] of Object.entries(report.found)) found.set(name, value);
    }
    const slow: string[] = [];
    const rows = [...samples.entries()].map(([name, values]) => {
      const m = median(values);
      const info = name.startsWith('createCore (empty');
      if (!info && m >= TARGET_MS) slow.push(`${name} (${fixed(m, 0)} ms)`);
      return [
        name,
        fixed(m, m < 10 ? 2 : 0),
        spread(values, m < 10 ? 2 : 0),
        found.has(name) ? String(found.get(name)) : '',
        info ? 'info' : m < TARGET_MS ? 'ok' : 'SLOW',
      ];
    });
    table(['step', 'median ms', 'min–max ms', 'rows/total', `< ${TARGET_MS} ms`], rows);
    note(
      `job-changed events seen during populate: ${found.get('events') ?? '?'}; queued after restart: ` +
        `${found.get('restart: queued') ?? '?'}; peak RSS of the populate process: ` +
        `${fixed(median(reports.filter((_, i) => i % 3 === 0).map((r) => r.maxRssKiB / 1000)), 0)} MB.`,
    );
    const worst = [...samples.entries()]
      .filter(([name]) => !name.startsWith('createCore (empty'))
      .map(([name, values]) => [name, median(values)] as const)
      .sort((a, b) => b[1] - a[1])[0];
    verdict(
      slow.length === 0
        ? `meets target: every step under ${TARGET_MS} ms (slowest: ${worst?.[0]} at ${fixed(worst?.[1] ?? NaN, 0)} ms).`
        : `MISSES target: ${slow.join('; ')} over ${TARGET_MS} ms.`,
    );
    ctx.summary.push({
      section: '4 queue',
      measure: `slowest step with ${COUNT} jobs`,
      result: `${worst?.[0]}: ${fixed(worst?.[1] ?? NaN, 0)} ms`,
      target: `each < ${TARGET_MS} ms`,
      verdict: slow.length === 0 ? 'meets' : 'MISSES',
    });
  },
};
