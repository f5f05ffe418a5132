/**
 * Section 1: 1 GiB over loopback with default settings, our protocol client against curl
 * sending the same file to the same server as a single Fragment.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FRAGMENT_SIZE } from '../electron/bits/upload-options.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, ratioVerdict, table, verdict } from './support/report.js';
import { type ServerChild, startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, curlUpload, type UploadRun } from './support/uploads.js';

const TARGET = 0.9;

export const uploadThroughput: BenchSection = {
  id: 'upload-throughput',
  title: '1. Upload throughput, loopback, default settings (client vs curl)',
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 256 * MiB : GiB;
    const file = ctx.fixtures.payload(size);
    note(
      `File: ${sizeLabel(size)} pre-written (random bytes, fsynced, in the page cache). Server: reference ` +
        `server CLI in its own process, discard storage. Client: runUploadSession in a child process, ` +
        `default fragment size ${sizeLabel(DEFAULT_FRAGMENT_SIZE)}, timed Create-Session..Close-Session. ` +
        `Baseline: curl -T <file> -X BITS_POST as one Fragment (curl's time_total; session packets ` +
        `sent by the benchmark, untimed). ${ctx.rounds} interleaved rounds.`,
    );
    const root = ctx.temp.dir('server-root');
    const discard = await startServerChild(root, 'discard');
    const curlRuns: UploadRun[] = [];
    const clientRuns: UploadRun[] = [];
    try {
      for (let round = 0; round < ctx.rounds; round++) {
        curlRuns.push(await curlUpload(discard, file, size));
        clientRuns.push(await clientUpload(discard, file));
      }
    } finally {
      await discard.stop();
    }
    const curlMbps = curlRuns.map((r) => mbPerSecond(r.bytes, r.ms));
    const clientMbps = clientRuns.map((r) => mbPerSecond(r.bytes, r.ms));
    const ratios = clientMbps.map((v, i) => v / curlMbps[i]!);
    const ratio = median(clientMbps) / median(curlMbps);
    table(
      ['uploader', 'median MB/s', 'min–max MB/s', 'median client CPU', 'median peak RSS'],
      [
        ['curl (baseline)', fixed(median(curlMbps)), spread(curlMbps), '-', '-'],
        [
          'runUploadSession',
          fixed(median(clientMbps)),
          spread(clientMbps),
          `${fixed(median(clientRuns.map((r) => r.cpuMs ?? 0)), 0)} ms`,
          `${fixed(median(clientRuns.map((r) => (r.maxRssKiB ?? 0) / 1000)), 0)} MB`,
        ],
      ],
    );
    note(`Per-round ratios (client / curl): ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
    note(`Ratio of medians: ${ratio.toFixed(2)}`);

    const disk = await diskRound(ctx, root, file, size);
    verdict(`${ratioVerdict(ratio, TARGET)} (discard storage, ratio of medians)`);
    ctx.summary.push({
      section: '1 throughput',
      measure: `client / curl, ${sizeLabel(size)} discard`,
      result: `${ratio.toFixed(2)} (${fixed(median(clientMbps), 0)} vs ${fixed(median(curlMbps), 0)} MB/s)`,
      target: `>= ${TARGET}`,
      verdict: ratio >= TARGET ? 'meets' : 'MISSES',
    });
    ctx.summary.push({
      section: '1 throughput',
      measure: `client / curl, ${sizeLabel(size)} disk (1 run)`,
      result: `${disk.toFixed(2)}`,
      target: 'info',
      verdict: '-',
    });
  },
};

/** One interleaved pair with the server writing to disk; the upload is deleted after each run. */
async function diskRound(ctx: BenchContext, root: string, file: string, size: number): Promise<number> {
  let server: ServerChild | undefined;
  try {
    server = await startServerChild(root, 'disk');
    const clean = () => rmSync(path.join(root, 'bench'), { recursive: true, force: true });
    const curl = await curlUpload(server, file, size);
    clean();
    const client = await clientUpload(server, file);
    clean();
    const curlMbps = mbPerSecond(curl.bytes, curl.ms);
    const clientMbps = mbPerSecond(client.bytes, client.ms);
    note(
      `Disk storage, one run each (server writes to ${ctx.temp.root}): curl ${fixed(curlMbps)} MB/s, ` +
        `client ${fixed(clientMbps)} MB/s, ratio ${(clientMbps / curlMbps).toFixed(2)} ` +
        '(single runs: indicative only; write-back makes these noisy).',
    );
    return clientMbps / curlMbps;
  } finally {
    await server?.stop();
  }
}
