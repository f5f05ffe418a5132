/**
 * Section 9: the lean streaming path. One fragment carrying the whole file to the reference
 * server storing to disk in its own process: our client against curl sending the same request,
 * time and CPU (the client child's own rusage, start-up apart), then where the work goes.
 */
import path from 'node:path';
import { clientDiagnostics, type LeanDiagnostics } from './lean-diagnostics.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { curlPingCpuMs, sha256sumCpuMs } from './support/curl.js';
import { heading, note, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, curlUpload, type UploadRun } from './support/uploads.js';

/** Issue 8: client CPU per GiB at most 2x curl's; one-fragment throughput at least 0.9 of curl's. */
const CPU_TARGET = 2;
const TIME_TARGET = 0.9;

export const leanPath: BenchSection = {
  id: 'lean-path',
  title: '9. The lean streaming path: one fragment to a disk-storing server (client vs curl)',
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 256 * MiB : GiB;
    const rounds = Math.min(ctx.rounds, ctx.quick ? 2 : 5);
    const file = ctx.fixtures.payload(size);
    note(
      `${sizeLabel(size)} pre-written file sent as ONE fragment to the reference server CLI in its own process, ` +
        'disk storage (each upload deleted after its run). curl: -T <file> -X BITS_POST with the same BITS ' +
        'headers (its CPU from bash `times`, start-up included; its start-up alone measured with a Ping). ' +
        'Client: runUploadSession in a child, CPU from its own rusage for the timed part; Node start-up and ' +
        `module loading reported apart. ${rounds} interleaved rounds (curl, client without digest, client ` +
        'with SHA-256). The server ignores Repr-Digest (--ignore-repr-digest, as IIS does), so the ' +
        'SHA-256 run times the client, not the server re-reading the file to check it. Throughput of a disk ' +
        'server wobbles with the page cache: read the medians.',
    );
    const root = ctx.temp.dir('lean-root');
    const server = await startServerChild(root, 'disk', ['--ignore-repr-digest']);
    const clean = () => ctx.temp.discard(path.join(root, 'bench'));
    const curl: UploadRun[] = [];
    const bare: UploadRun[] = [];
    const hashed: UploadRun[] = [];
    const sums: number[] = [];
    let curlStartMs = Number.NaN;
    let diagnostics: LeanDiagnostics | undefined;
    try {
      curlStartMs = await curlPingCpuMs(server.url('/bench/ping'));
      for (let round = 0; round < rounds; round++) {
        curl.push(await curlUpload(server, file, size));
        clean();
        bare.push(await clientUpload(server, file, { fragmentSize: size, noDigest: true }));
        clean();
        hashed.push(await clientUpload(server, file, { fragmentSize: size }));
        clean();
        sums.push(await sha256sumCpuMs(file));
      }
      diagnostics = await clientDiagnostics(ctx, server, file, size, clean);
    } finally {
      await server.stop();
      ctx.temp.discard(root);
    }

    const gib = size / GiB;
    const curlMbps = median(curl.map((r) => mbPerSecond(r.bytes, r.ms)));
    // curl's figure includes its start-up; per GiB it is compared without it, like the client's.
    const curlCpuPerGiB = (median(curl.map((r) => r.cpuMs ?? Number.NaN)) - curlStartMs) / gib;
    const row = (name: string, runs: UploadRun[], isCurl = false) => {
      const mbps = runs.map((r) => mbPerSecond(r.bytes, r.ms));
      const cpu = median(runs.map((r) => r.cpuMs ?? Number.NaN));
      const perGiB = isCurl ? curlCpuPerGiB : cpu / gib;
      const start = isCurl ? curlStartMs : median(runs.map((r) => r.startCpuMs ?? Number.NaN));
      return [
        name,
        `${fixed(median(runs.map((r) => r.ms)) / 1000, 2)} s`,
        `${fixed(median(mbps), 0)} MB/s`,
        spread(mbps, 0),
        fixed(median(mbps) / curlMbps, 2),
        `${fixed(perGiB, 0)} ms`,
        fixed(perGiB / curlCpuPerGiB, 2),
        `${fixed(start, 0)} ms`,
      ];
    };
    table(
      [
        'uploader',
        'median time',
        'throughput',
        'per round',
        'vs curl',
        'CPU per GiB',
        'vs curl',
        'start-up CPU',
      ],
      [
        row('curl -T, one fragment (baseline)', curl, true),
        row('runUploadSession, one fragment, no digest', bare),
        row('runUploadSession, one fragment, SHA-256', hashed),
      ],
    );
    const ratios = (runs: UploadRun[]) =>
      runs.map((r, i) => (mbPerSecond(r.bytes, r.ms) / mbPerSecond(curl[i]!.bytes, curl[i]!.ms)).toFixed(2));
    note(
      `Per-round throughput ratios vs curl: no digest ${ratios(bare).join(' ')}; SHA-256 ${ratios(hashed).join(' ')}. ` +
        `Start-up included, CPU per upload: curl ${fixed(median(curl.map((r) => r.cpuMs ?? 0)), 0)} ms, client ` +
        `${fixed(median(hashed.map((r) => (r.cpuMs ?? 0) + (r.startCpuMs ?? 0))), 0)} ms with SHA-256; ` +
        `curl followed by sha256sum (the same integrity the client gives) ` +
        `${fixed(median(curl.map((r) => r.cpuMs ?? 0)) + median(sums), 0)} ms.`,
    );
    diagnostics?.print(gib);

    for (const [label, runs] of [
      ['no digest', bare],
      ['SHA-256', hashed],
    ] as const) {
      const cpuRatio = median(runs.map((r) => r.cpuMs ?? Number.NaN)) / gib / curlCpuPerGiB;
      const timeRatio = median(runs.map((r) => mbPerSecond(r.bytes, r.ms))) / curlMbps;
      ctx.summary.push(
        {
          section: this.id,
          measure: `client CPU per GiB / curl's, one fragment, disk (${label})`,
          result: fixed(cpuRatio, 2),
          target: `<= ${CPU_TARGET}`,
          verdict: cpuRatio <= CPU_TARGET ? 'meets' : 'MISSES',
        },
        {
          section: this.id,
          measure: `client / curl throughput, one fragment, disk (${label})`,
          result: fixed(timeRatio, 2),
          target: `>= ${TIME_TARGET}`,
          verdict: timeRatio >= TIME_TARGET ? 'meets' : 'MISSES',
        },
      );
    }
    const bareCpu = median(bare.map((r) => r.cpuMs ?? Number.NaN)) / gib / curlCpuPerGiB;
    const bareTime = median(bare.map((r) => mbPerSecond(r.bytes, r.ms))) / curlMbps;
    verdict(
      `without digest: CPU ${fixed(bareCpu, 2)}x curl's (target <= ${CPU_TARGET}), throughput ` +
        `${fixed(bareTime, 2)} of curl's (target >= ${TIME_TARGET}); the SHA-256 rows add the hashing ` +
        '(curl hashes nothing).',
    );
  },
};
