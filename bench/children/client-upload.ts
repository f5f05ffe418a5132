/**
 * Child process: one upload through the protocol client (runUploadSession) with the default
 * transport, timed from the Create-Session request to the Close-Session answer.
 *   node client-upload.js --url <url> --file <path> [--fragment-size <bytes>] [--noop-throttle]
 *     [--no-digest | --digest-mode inline|thread] [--stats]
 * --noop-throttle passes an inactive bandwidth throttle, as the engine does when no limit is
 * set: it shows what merely having the throttle port costs (nothing is sliced while inactive).
 * --stats adds what the upload did per MiB (chunks read, progress calls, checkpoints, GC runs).
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type FileSource, localFile } from '../../electron/bits/file-source.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { type DigestMode, UploadDigest } from '../../electron/bits/upload-digest.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import { type ChildReport, readMeter, runChild, startMeter } from './child-report.js';

export interface UploadStats {
  /** Chunks the file source handed out, and their bytes. */
  chunks: number;
  chunkBytes: number;
  bodyProgressCalls: number;
  progressCalls: number;
  checkpoints: number;
  gcRuns: number;
  gcMs: number;
  /** Share of the timed part the event loop was busy (not waiting in epoll). */
  eventLoopBusy: number;
}

export interface ClientUploadReport extends ChildReport {
  ms: number;
  bytes: number;
  stats?: UploadStats;
}

runChild(async (): Promise<ClientUploadReport> => {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      file: { type: 'string' },
      'fragment-size': { type: 'string' },
      'noop-throttle': { type: 'boolean' },
      // Leaves out the streaming SHA-256 (what the digest costs is the difference).
      'no-digest': { type: 'boolean' },
      'digest-mode': { type: 'string' },
      stats: { type: 'boolean' },
    },
  });
  if (!values.url || !values.file) throw new Error('--url and --file are required');
  const fragmentSize = values['fragment-size'] ? Number(values['fragment-size']) : undefined;
  const mode = values['digest-mode'] as DigestMode | undefined;
  const digest = values['no-digest'] ? false : mode ? new UploadDigest(mode) : undefined;
  const stats: UploadStats = {
    chunks: 0,
    chunkBytes: 0,
    bodyProgressCalls: 0,
    progressCalls: 0,
    checkpoints: 0,
    gcRuns: 0,
    gcMs: 0,
    eventLoopBusy: 0,
  };
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      stats.gcRuns++;
      stats.gcMs += entry.duration;
    }
  });
  if (values.stats) gc.observe({ entryTypes: ['gc'] });
  const file = values.stats ? countedChunks(localFile(values.file), stats) : localFile(values.file);
  const transport = createNodeTransport();
  const meter = startMeter();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  const outcome = await runUploadSession({
    url: values.url,
    kind: 'upload',
    file,
    transport,
    fragmentSize,
    ...(digest !== undefined ? { digest } : {}),
    ...(values['noop-throttle'] ? { throttle: { active: () => false, consume: async () => {} } } : {}),
    ...(values.stats
      ? {
          onBodyProgress: () => void stats.bodyProgressCalls++,
          onProgress: () => void stats.progressCalls++,
          onCheckpoint: () => void stats.checkpoints++,
        }
      : {}),
  });
  const ms = performance.now() - started;
  if (digest) await digest.close();
  stats.eventLoopBusy = performance.eventLoopUtilization(loop).utilization;
  const report = { ms, bytes: outcome.state.acked, ...readMeter(meter) };
  gc.disconnect();
  transport.close();
  return values.stats ? { ...report, stats } : report;
});

/** The same file source, counting the chunks it hands out. */
function countedChunks(source: FileSource, stats: UploadStats): FileSource {
  return {
    path: source.path,
    identify: () => source.identify(),
    close: () => source.close?.() ?? Promise.resolve(),
    body(offset, length, expected) {
      const body = source.body(offset, length, expected);
      return {
        length: body.length,
        async *chunks() {
          for await (const chunk of body.chunks()) {
            stats.chunks++;
            stats.chunkBytes += chunk.byteLength;
            yield chunk;
          }
        },
        ...(body.release ? { release: (chunk: Uint8Array) => body.release?.(chunk) } : {}),
      };
    },
  };
}
