import path from 'node:path';
import type { BenchContext } from '../support/context.js';
import { queueFilePath } from '../support/queue-files.js';
import { type ServeChild, startServe } from '../support/serve-child.js';
import type { ServerChild } from '../support/server-child.js';

/** How many jobs of each queue transfer, and how slowly (they must still be running at the end). */
export const TRANSFERRING = 50;
/**
 * All 50 together: 100 kB/s each in 64 KiB fragments, about 3 progress events per job per second
 * (the engine reports a body's progress per fragment here, and each Ack), and far from done after
 * 10 minutes of sparse 128 MiB files.
 */
export const BANDWIDTH_BPS = 5_000_000;
const FRAGMENT = 64 * 1024;

export interface QueueHost {
  serve: ServeChild;
  jobs: number;
  stop(): Promise<void>;
}

/**
 * A real `serve` holding `count` jobs: the first 50 upload sparse files (no disk blocks, far too
 * big to finish) to the reference server under a bandwidth limit, so they stay transferring and
 * send progress all along; the rest are queued behind them, pointing at small real files.
 */
export async function startQueueHost(
  ctx: BenchContext,
  server: ServerChild,
  bigFiles: string[],
  filesDir: string,
  count: number,
): Promise<QueueHost> {
  const dataDir = ctx.temp.dir(`ui-serve-${count}`);
  const serve = await startServe(dataDir);
  try {
    await serve.api('settings:update', {
      maxConcurrentJobs: TRANSFERRING,
      maxJobsPerHost: TRANSFERRING,
      bandwidthLimitBps: BANDWIDTH_BPS,
      fragmentSize: FRAGMENT,
    });
    const run = path.basename(dataDir);
    await serve.api('jobs:add-many', {
      jobs: bigFiles.map((filePath, n) => ({
        filePath,
        url: server.url(`/ui/${run}/big-${n}.bin`),
      })),
    });
    for (let first = 0; first < count - TRANSFERRING; first += 1000) {
      const size = Math.min(1000, count - TRANSFERRING - first);
      await serve.api('jobs:add-many', {
        jobs: Array.from({ length: size }, (_, n) => {
          const file = queueFilePath(filesDir, first + n);
          return { filePath: file, url: server.url(`/ui/${run}/${path.basename(file)}`) };
        }),
      });
    }
    await waitTransferring(serve);
  } catch (error) {
    await serve.stop();
    throw error;
  }
  return {
    serve,
    jobs: count,
    async stop() {
      await serve.stop();
      ctx.temp.discard(dataDir);
    },
  };
}

/** Until all 50 are transferring: the page must open on a queue that is already busy. */
async function waitTransferring(serve: ServeChild): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const list = await serve.api<{ jobs: Array<{ state: string; fileName: string; lastError?: unknown }> }>(
      'jobs:list',
      { limit: TRANSFERRING, sort: 'created' },
    );
    const failed = list.jobs.find((job) => job.state === 'error');
    if (failed) throw new Error(`a transferring job failed: ${JSON.stringify(failed)}`);
    if (list.jobs.filter((job) => job.state === 'transferring').length === TRANSFERRING) return;
    if (attempt > 300) throw new Error(`not all ${TRANSFERRING} jobs are transferring after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
