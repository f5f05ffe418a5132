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
    const sizes = ctx.quick ? [256 * MiB, GiB] : [GiB, 4 * GiB];
    const rounds = Math.min(ctx.rounds, 3);
    note(
      `Sparse files of ${sizes.map(sizeLabel).join(' and ')}; server in discard mode. Each upload runs in a ` +
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

    const [small, large] = sizes as [number, number];
    const verdicts: string[] = [];
    for (const who of ['client', 'engine'] as const) {
      const peakSmall = median(peakMb(who, small));
      const peakLarge = median(peakMb(who, large));
      const growth = peakLarge - peakSmall;
      const under = Math.max(peakSmall, peakLarge) < LIMIT_MB;
      const flat = growth < GROWTH_MB;
      verdicts.push(
        `${who}: ${fixed(peakLarge, 0)} MB at ${sizeLabel(large)} (${growth >= 0 ? '+' : ''}${fixed(growth, 0)} MB vs ${sizeLabel(small)}) ` +
          `${under && flat ? 'meets' : 'MISSES'} target`,
      );
      ctx.summary.push({
        section: '2 memory',
        measure: `${who} peak RSS, ${sizeLabel(small)} -> ${sizeLabel(large)}`,
        result: `${fixed(peakSmall, 0)} -> ${fixed(peakLarge, 0)} MB`,
        target: `< ${LIMIT_MB} MB, flat`,
        verdict: under && flat ? 'meets' : 'MISSES',
      });
    }
    verdict(`${verdicts.join('; ')} (target: < ${LIMIT_MB} MB and growth < ${GROWTH_MB} MB).`);
  },
};
