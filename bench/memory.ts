/**
 * Section 2: peak RSS of the uploading process for a small and a 4x larger file (both sparse,
 * server in discard mode). The target: under 150 MB, and not growing with the file size.
 */
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, engineUpload, type UploadRun } from './support/uploads.js';

const LIMIT_MB = 150;
/** Peak RSS may wobble by GC timing; more than this between sizes counts as growth. */
const GROWTH_MB = 10;

type Uploader = 'client' | 'engine';

export const memory: BenchSection = {
  id: 'memory',
  title: '2. Peak RSS of the uploading process vs file size',
  async run(ctx: BenchContext) {
    heading(this.title);
    // The issue's sizes (1 and 4 GiB), plus 8 GiB: a long transfer's peak includes V8's young
    // generation growing to its working size in the first seconds, which only a third point
    // separates from growth that follows the file size.
    const sizes = ctx.quick ? [256 * MiB, GiB] : [GiB, 4 * GiB, 8 * GiB];
    const rounds = Math.min(ctx.rounds, 3);
    note(
      `Sparse files of ${sizes.map(sizeLabel).join(', ')}; server in discard mode. Each upload runs in a ` +
        'fresh child that reports getrusage maxRSS at the end (client: runUploadSession alone; engine: ' +
        `createCore + one job). ${rounds} interleaved rounds. MB = 10^6 bytes.`,
    );
    const runs = new Map<string, UploadRun[]>();
    const key = (who: Uploader, size: number) => `${who}:${size}`;
    const server = await startServerChild(ctx.temp.dir('server-root'), 'discard');
    try {
      for (let round = 0; round < rounds; round++) {
        for (const who of ['client', 'engine'] as const) {
          for (const size of sizes) {
            const file = ctx.fixtures.sparse(size);
            const run =
              who === 'client'
                ? await clientUpload(server, file)
                : await engineUpload(server, ctx.temp, [file]);
            const list = runs.get(key(who, size)) ?? [];
            list.push(run);
            runs.set(key(who, size), list);
          }
        }
      }
    } finally {
      await server.stop();
    }
    const peakMb = (who: Uploader, size: number) =>
      (runs.get(key(who, size)) ?? []).map((r) => (r.maxRssKiB ?? 0) / 1000);
    const rows: string[][] = [];
    for (const who of ['client', 'engine'] as const) {
      for (const size of sizes) {
        const list = runs.get(key(who, size)) ?? [];
        rows.push([
          who === 'client' ? 'runUploadSession' : 'createCore job',
          sizeLabel(size),
          fixed(median(list.map((r) => (r.startRssKiB ?? 0) / 1000)), 0),
          fixed(median(peakMb(who, size)), 0),
          spread(peakMb(who, size), 0),
          fixed(median(list.map((r) => mbPerSecond(r.bytes, r.ms))), 0),
        ]);
      }
    }
    table(['uploader', 'file', 'start RSS MB', 'median peak RSS MB', 'min–max', 'MB/s'], rows);

    const verdicts: string[] = [];
    for (const who of ['client', 'engine'] as const) {
      const peaks = sizes.map((size) => median(peakMb(who, size)));
      const first = peaks[0]!;
      const last = peaks.at(-1)!;
      const beforeLast = peaks.at(-2)!;
      const under = Math.max(...peaks) < LIMIT_MB;
      // Flat: the last doubling (or more) of the file size adds less than GROWTH_MB.
      const flat = last - beforeLast < GROWTH_MB;
      const steps = peaks.map((peak, i) => `${fixed(peak, 0)} MB at ${sizeLabel(sizes[i]!)}`).join(', ');
      verdicts.push(`${who}: ${steps}: ${under && flat ? 'meets' : 'MISSES'} target`);
      ctx.summary.push({
        section: '2 memory',
        measure: `${who} peak RSS, ${sizes.map(sizeLabel).join(' -> ')}`,
        result: `${peaks.map((peak) => fixed(peak, 0)).join(' -> ')} MB`,
        target: `< ${LIMIT_MB} MB, flat`,
        verdict: under && flat ? 'meets' : 'MISSES',
      });
      if (last - first >= GROWTH_MB && flat) {
        note(
          `${who}: the rise from ${sizeLabel(sizes[0]!)} to ${sizeLabel(sizes[1]!)} stops after that (` +
            `${fixed(beforeLast, 0)} -> ${fixed(last, 0)} MB from ${sizeLabel(sizes.at(-2)!)} to ${sizeLabel(sizes.at(-1)!)}): ` +
            'the runtime settling into its working heap during a long transfer, not memory per byte uploaded.',
        );
      }
    }
    verdict(
      `${verdicts.join('; ')} (target: < ${LIMIT_MB} MB at every size, and < ${GROWTH_MB} MB more for the largest file).`,
    );
  },
};
