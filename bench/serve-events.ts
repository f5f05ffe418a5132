/**
 * Part of the serve section: 50 concurrent uploads under a bandwidth limit, once with a WebSocket
 * client on /api/events and once without, in fresh serve processes. Figures: events per job per
 * second the client received, and the serve process's CPU with the client minus without.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { BenchContext } from './support/context.js';
import { cpuSeconds, type ServeChild, startServe } from './support/serve-child.js';
import { startServerChild } from './support/server-child.js';

export const JOBS = 50;

export interface FanOutRun {
  withClient: boolean;
  seconds: number;
  /** Share of one core the serve process used over the window, in %. */
  cpuPercent: number;
  events: number;
  /** Highest count of events for one job within one second of the window. */
  maxPerJobSecond: number;
  /** Events per second per job over each job's own active span, averaged over the jobs. */
  meanPerJobSecond: number;
}

interface Envelope {
  kind: string;
  event?: { type: string; jobId?: string; job?: { id: string } };
}

function connect(serve: ServeChild, onEvent: (jobId: string, at: number) => void): Promise<WebSocket> {
  const url = `${serve.origin.replace(/^http/, 'ws')}/api/events`;
  const ws = new WebSocket(url, ['bits-uploader', `token.${serve.token}`]);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Envelope;
      if (message.kind === 'ready') resolve(ws);
      const jobId = message.event?.jobId ?? message.event?.job?.id;
      if (message.kind === 'event' && jobId) onEvent(jobId, performance.now());
    });
  });
}

async function oneRun(
  ctx: BenchContext,
  files: string[],
  folderUrl: string,
  bandwidth: number,
  withClient: boolean,
): Promise<FanOutRun> {
  const dataDir = ctx.temp.dir('serve-fanout');
  const serve = await startServe(dataDir);
  const seen = new Map<string, number[]>();
  let ws: WebSocket | undefined;
  try {
    await serve.api('settings:update', {
      maxConcurrentJobs: JOBS,
      bandwidthLimitBps: bandwidth,
      fragmentSize: 256 * 1024,
    });
    if (withClient)
      ws = await connect(serve, (jobId, at) => seen.set(jobId, [...(seen.get(jobId) ?? []), at]));
    const run = `${withClient ? 'with' : 'without'}-${path.basename(dataDir)}`;
    const cpuBefore = cpuSeconds(serve.pid);
    const started = performance.now();
    await serve.api('jobs:add-many', {
      jobs: files.map((filePath) => ({ filePath, url: `${folderUrl}${run}/${path.basename(filePath)}` })),
    });
    for (;;) {
      const list = await serve.api<{ jobs: Array<{ state: string }> }>('jobs:list', { limit: 100 });
      if (list.jobs.some((job) => job.state === 'error' || job.state === 'cancelled'))
        throw new Error(`an upload failed: ${JSON.stringify(list.jobs.find((j) => j.state === 'error'))}`);
      if (list.jobs.length === JOBS && list.jobs.every((job) => job.state === 'acknowledged')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuPercent = ((cpuSeconds(serve.pid) - cpuBefore) / seconds) * 100;
    let maxPerJobSecond = 0;
    const rates: number[] = [];
    for (const times of seen.values()) {
      const buckets = new Map<number, number>();
      for (const at of times) {
        const bucket = Math.floor((at - started) / 1000);
        buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
      }
      maxPerJobSecond = Math.max(maxPerJobSecond, ...buckets.values());
      const span = (times.at(-1)! - times[0]!) / 1000;
      if (span >= 1) rates.push(times.length / span);
    }
    return {
      withClient,
      seconds,
      cpuPercent,
      events: [...seen.values()].reduce((sum, times) => sum + times.length, 0),
      maxPerJobSecond,
      meanPerJobSecond: rates.reduce((sum, r) => sum + r, 0) / rates.length,
    };
  } finally {
    ws?.close();
    await serve.stop();
    ctx.temp.discard(dataDir);
  }
}

/** Interleaved runs (with, without, with, ...) so drift in the machine's load hits both alike. */
export async function measureFanOut(
  ctx: BenchContext,
  rounds: number,
  seconds: number,
): Promise<FanOutRun[]> {
  const fileSize = 1024 * 1024;
  const filesDir = ctx.temp.dir('serve-fanout-files');
  const files = Array.from({ length: JOBS }, (_, n) => {
    const file = path.join(filesDir, `upload-${String(n).padStart(2, '0')}.bin`);
    writeFileSync(file, Buffer.alloc(fileSize, n));
    return file;
  });
  const server = await startServerChild(ctx.temp.dir('serve-fanout-server'), 'discard');
  const runs: FanOutRun[] = [];
  try {
    const bandwidth = Math.round((JOBS * fileSize) / seconds);
    for (let round = 0; round < rounds; round++)
      for (const withClient of [true, false])
        runs.push(await oneRun(ctx, files, server.url('/up/'), bandwidth, withClient));
  } finally {
    await server.stop();
  }
  return runs;
}
