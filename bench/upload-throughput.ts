/**
 * Section 1: 1 GiB over loopback with default settings, our protocol client against curl
 * sending the same file to the same server as a single Fragment.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { AUTO_FRAGMENT } from '../electron/bits/fragment-sizing.js';
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
      `File: ${sizeLabel(size)} pre-written (random bytes, fsynced, served from the page cache; not sparse). ` +
        'Server: the reference server CLI in its own process, discard storage. Baseline: curl -T <file> ' +
        '-X BITS_POST sending the file as one Fragment (curl time_total; Create/Close-Session sent by the ' +
        'benchmark, untimed). Candidate: runUploadSession in a child process with default settings, ' +
        'less the streaming SHA-256 (curl hashes nothing; section 8 prices the digest) ' +
        `(automatic fragment sizing: ${sizeLabel(AUTO_FRAGMENT.start)} first, then about ` +
        `${AUTO_FRAGMENT.targetMs / 1000} s per fragment, at most ${sizeLabel(AUTO_FRAGMENT.max)}), timed ` +
        'Create-Session..Close-Session. Diagnostic: the same ' +
        `client with one ${sizeLabel(size)} fragment, like curl. ${ctx.rounds} interleaved rounds ` +
        '(curl, client, client one fragment, ...).',
    );
    const root = ctx.temp.dir('server-root');
    const discard = await startServerChild(root, 'discard');
    const curlRuns: UploadRun[] = [];
    const clientRuns: UploadRun[] = [];
    const wholeRuns: UploadRun[] = [];
    try {
      for (let round = 0; round < ctx.rounds; round++) {
        curlRuns.push(await curlUpload(discard, file, size));
        // Without the SHA-256, as curl hashes nothing: what hashing costs is section 8's figure.
        clientRuns.push(await clientUpload(discard, file, { noDigest: true }));
        wholeRuns.push(await clientUpload(discard, file, { fragmentSize: size, noDigest: true }));
      }
    } finally {
      await discard.stop();
    }
    const mbps = (runs: UploadRun[]) => runs.map((r) => mbPerSecond(r.bytes, r.ms));
    const curlMbps = mbps(curlRuns);
    const clientMbps = mbps(clientRuns);
    const wholeMbps = mbps(wholeRuns);
    const base = median(curlMbps);
    const ratio = median(clientMbps) / base;
    const row = (name: string, runs: UploadRun[], values: number[]) => [
      name,
      fixed(median(values)),
      spread(values),
      (median(values) / base).toFixed(2),
      runs[0]?.cpuMs === undefined ? '-' : `${fixed(median(runs.map((r) => r.cpuMs ?? 0)), 0)} ms`,
      runs[0]?.maxRssKiB === undefined
        ? '-'
        : `${fixed(median(runs.map((r) => (r.maxRssKiB ?? 0) / 1000)), 0)} MB`,
    ];
    table(
      ['uploader', 'median MB/s', 'min–max MB/s', 'vs curl', 'median CPU', 'median peak RSS'],
      [
        row('curl, one fragment (baseline)', curlRuns, curlMbps),
        row('runUploadSession, default (automatic fragments)', clientRuns, clientMbps),
        row(`runUploadSession, one fragment (diag.)`, wholeRuns, wholeMbps),
      ],
    );
    note(
      `Per-round ratios (client / curl): ${clientMbps.map((v, i) => (v / curlMbps[i]!).toFixed(2)).join(' ')}`,
    );
    note(
      'Where the gap goes (ratio of medians): fragmenting (one request in flight, each waiting for its Ack) ' +
        `(stop-and-wait per fragment) ${(median(clientMbps) / median(wholeMbps)).toFixed(2)}; the client's ` +
        `streaming path itself, one request like curl ${(median(wholeMbps) / base).toFixed(2)}.`,
    );

    const disk = await diskRound(ctx, root, file, size);
    verdict(`${ratioVerdict(ratio, TARGET)} (discard storage, ratio of medians)`);
    ctx.summary.push({
      section: '1 throughput',
      measure: `client / curl, ${sizeLabel(size)}, discard`,
      result: `${ratio.toFixed(2)} (${fixed(median(clientMbps), 0)} vs ${fixed(base, 0)} MB/s)`,
      target: `>= ${TARGET}`,
      verdict: ratio >= TARGET ? 'meets' : 'MISSES',
    });
    ctx.summary.push({
      section: '1 throughput',
      measure: `client / curl, ${sizeLabel(size)}, disk (1 run)`,
      result: disk.toFixed(2),
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
    const client = await clientUpload(server, file, { noDigest: true });
    clean();
    const curlMbps = mbPerSecond(curl.bytes, curl.ms);
    const clientMbps = mbPerSecond(client.bytes, client.ms);
    note(
      `Disk storage, one run each (server writes under ${ctx.temp.root}, deleted after each run): ` +
        `curl ${fixed(curlMbps)} MB/s, client ${fixed(clientMbps)} MB/s, ratio ${(clientMbps / curlMbps).toFixed(2)} ` +
        '(single runs: indicative only).',
    );
    return clientMbps / curlMbps;
  } finally {
    await server?.stop();
  }
}
