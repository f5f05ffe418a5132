/**
 * `npm run bench`: runs the benchmark sections in order and prints a summary. Figures only: the
 * exit code is 0 unless something crashed, whatever the numbers say.
 *   node dist/bench/run-all.js [--quick] [--long] [--rounds N] [filter ...]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { digestCost } from './digest-cost.js';
import { engineConcurrency, engineVsClient } from './engine-throughput.js';
import { faultRecovery } from './fault-recovery.js';
import { fragmentCurve } from './fragment-curve.js';
import { leanPath } from './lean-path.js';
import { memory } from './memory.js';
import { queueScale } from './queue-scale.js';
import { rendererBundle } from './renderer-bundle.js';
import { serveHost } from './serve-host.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { Fixtures } from './support/fixtures.js';
import { parseBenchArgs, USAGE } from './support/options.js';
import { killLiveChildren, liveChildCount } from './support/processes.js';
import { heading, table } from './support/report.js';
import { TempArea } from './support/temp.js';
import { uiQueue } from './ui-queue.js';
import { uploadThroughput } from './upload-throughput.js';

const SECTIONS: BenchSection[] = [
  uploadThroughput,
  memory,
  fragmentCurve,
  queueScale,
  engineVsClient,
  engineConcurrency,
  faultRecovery,
  digestCost,
  leanPath,
  rendererBundle,
  serveHost,
  uiQueue,
];

async function main(): Promise<number> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const selected = SECTIONS.filter(
    (section) => options.filters.length === 0 || options.filters.some((word) => section.id.includes(word)),
  );
  if (selected.length === 0) {
    console.error(
      `No section matches ${options.filters.join(' ')}; sections: ${SECTIONS.map((s) => s.id).join(', ')}`,
    );
    return 2;
  }
  const temp = new TempArea();
  const cleanUp = () => {
    killLiveChildren();
    temp.remove();
  };
  // Ctrl-C or a kill must not leave servers running or gigabytes in /tmp.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n[bench] ${signal}: stopping children and removing ${temp.root}`);
      cleanUp();
      process.exit(130);
    });
  }
  process.once('exit', cleanUp);

  const ctx: BenchContext = {
    quick: options.quick,
    long: options.long,
    rounds: options.rounds ?? (options.quick ? 2 : 9),
    temp,
    fixtures: new Fixtures(temp),
    summary: [],
  };
  console.log(
    `BITS Uploader benchmarks — ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} CPU(s) ` +
      `(${os.cpus()[0]?.model ?? '?'}), load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `Mode: ${options.quick ? 'quick' : 'full'}, ${ctx.rounds} rounds; sections: ${selected.map((s) => s.id).join(', ')}; ` +
      `temp: ${temp.root}. MB = 10^6 bytes. Medians of interleaved rounds; figures only, never pass/fail.`,
  );
  const started = performance.now();
  let crashed = false;
  try {
    for (const section of selected) {
      const sectionStarted = performance.now();
      try {
        await section.run(ctx);
      } catch (error) {
        crashed = true;
        console.error(`\n[bench] section ${section.id} crashed: ${(error as Error).stack ?? String(error)}`);
        ctx.summary.push({
          section: section.id,
          measure: '-',
          result: 'crashed',
          target: '-',
          verdict: 'crashed',
        });
      }
      console.log(`(${section.id}: ${((performance.now() - sectionStarted) / 1000).toFixed(0)} s)`);
    }
  } finally {
    killLiveChildren();
    temp.remove();
  }
  heading('Summary');
  table(
    ['section', 'measure', 'result', 'target', 'verdict'],
    ctx.summary.map((row) => [row.section, row.measure, row.result, row.target, row.verdict]),
    true,
  );
  console.log(
    `\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; children left running: ${liveChildCount()}; ` +
      `temp folder removed: ${temp.root}`,
  );
  return crashed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exitCode = 1;
  },
);
