/**
 * Child process: uploads files as jobs through the whole core (createCore on a fresh data
 * folder), timed from addMany until every job is 'acknowledged'.
 *   node engine-upload.js --data-dir <dir> --url <base url ending in /> --file <path> [--file ...]
 *     [--concurrency <n>]   sets maxConcurrentJobs and maxJobsPerHost (default: the defaults)
 *     [--fragment-size <bytes>]  sets the fragment size (default: automatic sizing)
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCore } from '../../electron/core.js';
import type { Job } from '../../shared/jobs.js';
import { type ChildReport, readMeter, runChild, startMeter } from './child-report.js';

export interface EngineUploadReport extends ChildReport {
  ms: number;
  bytes: number;
  jobs: number;
  coreStartMs: number;
  /** Events the core published while the jobs ran, by type. */
  events: Record<string, number>;
}

runChild(async (): Promise<EngineUploadReport> => {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      url: { type: 'string' },
      file: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      'fragment-size': { type: 'string' },
    },
  });
  const files = values.file ?? [];
  if (!values['data-dir'] || !values.url || files.length === 0)
    throw new Error('--data-dir, --url and --file are required');
  const meter = startMeter();
  const coreStarted = performance.now();
  const core = await createCore({ dataDir: values['data-dir'] });
  const coreStartMs = performance.now() - coreStarted;
  try {
    if (values.concurrency) {
      const n = Number(values.concurrency);
      await core.commands.updateSettings({ maxConcurrentJobs: n, maxJobsPerHost: n });
    }
    if (values['fragment-size']) {
      await core.commands.updateSettings({ fragmentSize: Number(values['fragment-size']) });
    }
    const events: Record<string, number> = {};
    const pending = new Set<string>();
    let finish!: () => void;
    let fail!: (error: Error) => void;
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const seen = (job: Job) => {
      if (job.state === 'acknowledged') {
        pending.delete(job.id);
        if (pending.size === 0) finish();
      } else if (job.state === 'error' || job.state === 'transient-error') {
        // A retry would wait seconds and ruin the timing: report it instead.
        fail(new Error(`job ${job.fileName} went to ${job.state}: ${job.error?.message ?? '?'}`));
      }
    };
    const early: Job[] = [];
    let adding = true;
    core.subscribe((event) => {
      events[event.type] = (events[event.type] ?? 0) + 1;
      if (event.type !== 'job-changed') return;
      if (adding) early.push(event.job);
      else seen(event.job);
    });
    const started = performance.now();
    const jobs = await core.commands.addMany(
      files.map((file, i) => ({ filePath: file, url: `${values.url}${i}-${path.basename(file)}` })),
    );
    for (const job of jobs) pending.add(job.id);
    adding = false;
    for (const job of early) seen(job);
    await finished;
    const ms = performance.now() - started;
    const bytes = jobs.reduce((sum, job) => sum + job.bytesTotal, 0);
    return { ms, bytes, jobs: jobs.length, coreStartMs, events, ...readMeter(meter) };
  } finally {
    await core.close();
  }
});
