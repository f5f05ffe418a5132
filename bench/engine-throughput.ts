/**
 * Sections 5 and 6: what the engine costs on top of the protocol client, and what three
 * concurrent jobs achieve together against one.
 */
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, ratioVerdict, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, cliUpload, engineUpload, type UploadRun } from './support/uploads.js';

const ENGINE_TARGET = 0.95;
const CONCURRENT = 3;

export const engineVsClient: BenchSection = {
  id: 'engine-vs-client',
  title: '5. Engine vs protocol client (one job through createCore vs runUploadSession)',
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 256 * MiB : GiB;
    const file = ctx.fixtures.payload(size);
    note(
      `${sizeLabel(size)} pre-written file, discard server, each upload in its own child process. ` +
        '(a) runUploadSession, timed Create-Session..Close-Session; (b) createCore on a fresh data folder, ' +
        "default settings, one job, timed from addMany to job-changed 'acknowledged' (core start-up reported " +
        'separately). Diagnostics: (c) runUploadSession with an inactive bandwidth throttle, which is ' +
        'what the engine passes when no bandwidth limit is set; (d) the CLI `upload --json`, timed from its ' +
        `"start" to its "done" line. ${ctx.rounds} interleaved rounds (a, b, c, d, a, ...).`,
    );
    const server = await startServerChild(ctx.temp.dir('server-root'), 'discard');
    const client: UploadRun[] = [];
    const engine: Array<UploadRun & { coreStartMs: number }> = [];
    const throttled: UploadRun[] = [];
    const cli: UploadRun[] = [];
    let cliProblem: string | undefined;
    try {
      for (let round = 0; round < ctx.rounds; round++) {
        client.push(await clientUpload(server, file));
        engine.push(await engineUpload(server, ctx.temp, [file]));
        throttled.push(await clientUpload(server, file, { noopThrottle: true }));
        if (cliProblem) continue;
        try {
          cli.push(await cliUpload(server, ctx.temp, file));
        } catch (error) {
          // The CLI is still being finished: its absence must not cost the other figures.
          cliProblem = (error as Error).message.split('\n')[0];
        }
      }
    } finally {
      await server.stop();
    }
    const mbps = (runs: UploadRun[]) => runs.map((r) => mbPerSecond(r.bytes, r.ms));
    const clientMbps = mbps(client);
    const engineMbps = mbps(engine);
    const base = median(clientMbps);
    const ratio = median(engineMbps) / base;
    const row = (name: string, runs: UploadRun[]) => {
      const values = mbps(runs);
      const child = runs[0]?.cpuMs !== undefined;
      return [
        name,
        fixed(median(values)),
        spread(values),
        (median(values) / base).toFixed(2),
        child ? fixed(median(runs.map((r) => r.cpuMs ?? 0)), 0) : '-',
        child ? fixed(median(runs.map((r) => (r.maxRssKiB ?? 0) / 1000)), 0) : '-',
      ];
    };
    const rows = [
      row('(a) runUploadSession (baseline)', client),
      row('(b) createCore job', engine),
      row('(c) runUploadSession + no-op throttle', throttled),
    ];
    if (cli.length > 0) rows.push(row('(d) CLI upload --json', cli));
    table(['uploader', 'median MB/s', 'min–max', 'vs (a)', 'median CPU ms', 'median peak RSS MB'], rows);
    if (cliProblem) note(`(d) CLI skipped: ${cliProblem}`);
    note(`Per-round ratios (b / a): ${engineMbps.map((v, i) => (v / clientMbps[i]!).toFixed(2)).join(' ')}`);
    note(
      `createCore start-up on an empty data folder (not timed above): median ${fixed(median(engine.map((r) => r.coreStartMs)), 0)} ms. ` +
        'CPU of (b) includes core start-up and close; (d) runs in its own process and reports no CPU.',
    );
    const throttleShare = median(mbps(throttled)) / base;
    note(
      `Reading: (c) / (a) = ${throttleShare.toFixed(2)} is what passing an inactive throttle costs the ` +
        `client; (b) / (a) = ${ratio.toFixed(2)} adds the engine's own per-write work ` +
        '(progress, speed tracking, state and checkpoint writes). Values near 1 are noise either way.',
    );
    verdict(ratioVerdict(ratio, ENGINE_TARGET));
    ctx.summary.push({
      section: '5 engine',
      measure: `engine / client, ${sizeLabel(size)}`,
      result: `${ratio.toFixed(2)} (${fixed(median(engineMbps), 0)} vs ${fixed(base, 0)} MB/s)`,
      target: `>= ${ENGINE_TARGET}`,
      verdict: ratio >= ENGINE_TARGET ? 'meets' : 'MISSES',
    });
    ctx.summary.push({
      section: '5 engine',
      measure: 'client + no-op throttle / client (diag.)',
      result: (median(mbps(throttled)) / base).toFixed(2),
      target: 'info',
      verdict: '-',
    });
  },
};

export const engineConcurrency: BenchSection = {
  id: 'engine-concurrency',
  title: `6. ${CONCURRENT} concurrent uploads through the engine vs one`,
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 64 * MiB : 256 * MiB;
    const files = Array.from({ length: CONCURRENT }, (_, slot) => ctx.fixtures.payload(size, slot));
    note(
      `${CONCURRENT} different pre-written ${sizeLabel(size)} files as ${CONCURRENT} jobs in one core ` +
        `(maxConcurrentJobs = maxJobsPerHost = ${CONCURRENT}; the default maxJobsPerHost of 2 would hold the ` +
        `third back, as every job goes to the same server), against one ${sizeLabel(size)} job with the same ` +
        `settings. Aggregate MB/s = all bytes / (addMany .. last 'acknowledged'). ${ctx.rounds} interleaved rounds.`,
    );
    const server = await startServerChild(ctx.temp.dir('server-root'), 'discard');
    const single: UploadRun[] = [];
    const together: UploadRun[] = [];
    try {
      for (let round = 0; round < ctx.rounds; round++) {
        single.push(await engineUpload(server, ctx.temp, [files[0]!], CONCURRENT));
        together.push(await engineUpload(server, ctx.temp, files, CONCURRENT));
      }
    } finally {
      await server.stop();
    }
    const singleMbps = single.map((r) => mbPerSecond(r.bytes, r.ms));
    const togetherMbps = together.map((r) => mbPerSecond(r.bytes, r.ms));
    const ratio = median(togetherMbps) / median(singleMbps);
    table(
      ['run', 'median MB/s', 'min–max', 'median CPU ms', 'median peak RSS MB'],
      [
        [
          `1 x ${sizeLabel(size)} (baseline)`,
          fixed(median(singleMbps)),
          spread(singleMbps),
          fixed(median(single.map((r) => r.cpuMs ?? 0)), 0),
          fixed(median(single.map((r) => (r.maxRssKiB ?? 0) / 1000)), 0),
        ],
        [
          `${CONCURRENT} x ${sizeLabel(size)} aggregate`,
          fixed(median(togetherMbps)),
          spread(togetherMbps),
          fixed(median(together.map((r) => r.cpuMs ?? 0)), 0),
          fixed(median(together.map((r) => (r.maxRssKiB ?? 0) / 1000)), 0),
        ],
      ],
    );
    note(
      `Per-round ratios (aggregate / single): ${togetherMbps.map((v, i) => (v / singleMbps[i]!).toFixed(2)).join(' ')}`,
    );
    note(
      "A job waits for each fragment's Ack before it sends the next, so one job leaves the connection " +
        'idle between fragments; concurrent jobs fill those gaps until the two cores (client + server) are ' +
        'busy. Above 1.0: concurrency recovers idle time; below 1.0 it would be costing throughput.',
    );
    verdict(
      `aggregate / single = ${ratio.toFixed(2)}: ${ratio >= 0.9 ? 'no throughput lost to concurrency' : `concurrency costs ${fixed((1 - ratio) * 100, 0)}% of throughput`} (no issue target; >= 0.9 expected).`,
    );
    ctx.summary.push({
      section: '6 concurrency',
      measure: `${CONCURRENT} x ${sizeLabel(size)} aggregate / single`,
      result: `${ratio.toFixed(2)} (${fixed(median(togetherMbps), 0)} vs ${fixed(median(singleMbps), 0)} MB/s)`,
      target: '>= 0.9 (expected)',
      verdict: ratio >= 0.9 ? 'meets' : 'below',
    });
  },
};
