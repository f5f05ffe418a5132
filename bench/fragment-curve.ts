/**
 * Section 3: throughput against fragment size on a 1 GiB file (discard mode), to justify the
 * default. Every round visits every size (rotating the order), so drift hits all sizes alike.
 */
import { DEFAULT_FRAGMENT_SIZE } from '../electron/bits/upload-options.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, type UploadRun } from './support/uploads.js';

const SIZES = [1, 2, 4, 8, 16, 32, 64].map((n) => n * MiB);
/** Sizes within this share of the best median count as "as fast". */
const NEAR_BEST = 0.95;
/** Uplinks for the re-send cost column: what one lost fragment costs to send again. */
const UPLINKS_MBIT = [10, 100];

export const fragmentCurve: BenchSection = {
  id: 'fragment-curve',
  title: '3. Throughput vs fragment size',
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 256 * MiB : GiB;
    const file = ctx.fixtures.payload(size);
    note(
      `${sizeLabel(size)} pre-written file, discard server, runUploadSession in a child per upload; ` +
        `${ctx.rounds} rounds, each visiting every size (order rotated per round). ` +
        `Ratio: median against the current default (${sizeLabel(DEFAULT_FRAGMENT_SIZE)}), measured in the same rounds.`,
    );
    const sizes = SIZES.includes(DEFAULT_FRAGMENT_SIZE) ? SIZES : [...SIZES, DEFAULT_FRAGMENT_SIZE].sort((a, b) => a - b);
    const runs = new Map<number, UploadRun[]>(sizes.map((s) => [s, []]));
    const server = await startServerChild(ctx.temp.dir('server-root'), 'discard');
    try {
      for (let round = 0; round < ctx.rounds; round++) {
        for (let i = 0; i < sizes.length; i++) {
          const fragment = sizes[(i + round) % sizes.length]!;
          runs.get(fragment)!.push(await clientUpload(server, file, fragment));
        }
      }
    } finally {
      await server.stop();
    }
    const mbps = (fragment: number) => runs.get(fragment)!.map((r) => mbPerSecond(r.bytes, r.ms));
    const medians = new Map(sizes.map((s) => [s, median(mbps(s))]));
    const base = medians.get(DEFAULT_FRAGMENT_SIZE)!;
    const best = Math.max(...medians.values());
    table(
      [
        'fragment',
        'median MB/s',
        'min–max',
        'vs default',
        'median CPU ms',
        ...UPLINKS_MBIT.map((m) => `re-send @${m} Mbit/s`),
        'child warnings',
      ],
      sizes.map((s) => [
        sizeLabel(s) + (s === DEFAULT_FRAGMENT_SIZE ? ' (default)' : ''),
        fixed(medians.get(s)!),
        spread(mbps(s)),
        (medians.get(s)! / base).toFixed(2),
        fixed(median(runs.get(s)!.map((r) => r.cpuMs ?? 0)), 0),
        ...UPLINKS_MBIT.map((m) => `${fixed((s * 8) / (m * 1e6), 1)} s`),
        [...new Set(runs.get(s)!.flatMap((r) => r.warnings ?? []))].join(',') || '-',
      ]),
    );
    const fast = sizes.filter((s) => medians.get(s)! >= NEAR_BEST * best);
    const pick = fast[0]!;
    note(
      `Sizes within ${Math.round(NEAR_BEST * 100)}% of the best median (${fixed(best)} MB/s): ` +
        `${fast.map(sizeLabel).join(', ')}.`,
    );
    note(
      `Recommendation: ${sizeLabel(pick)}, the smallest of those. After a failure the client re-sends up to ` +
        'one fragment, so among sizes that are about equally fast the smallest wastes least (see the re-send ' +
        'columns); on a real uplink the per-fragment round trip matters less and the re-send cost more than here.',
    );
    const warned = sizes.filter((s) => runs.get(s)!.some((r) => (r.warnings ?? []).length > 0));
    if (warned.length > 0) {
      note(
        `Children printed warnings for ${warned.map(sizeLabel).join(', ')} fragments ` +
          '(see the last column): a product issue, not a benchmark one.',
      );
    }
    const keep = pick === DEFAULT_FRAGMENT_SIZE || fast.includes(DEFAULT_FRAGMENT_SIZE);
    verdict(
      keep
        ? `the default ${sizeLabel(DEFAULT_FRAGMENT_SIZE)} is within ${Math.round(NEAR_BEST * 100)}% of the best; ` +
            `${pick === DEFAULT_FRAGMENT_SIZE ? 'keep it' : `${sizeLabel(pick)} would be as fast with a smaller re-send`}.`
        : `the default ${sizeLabel(DEFAULT_FRAGMENT_SIZE)} is ${fixed((1 - base / best) * 100, 0)}% below the best; consider ${sizeLabel(pick)}.`,
    );
    ctx.summary.push({
      section: '3 fragment curve',
      measure: `best / default (${sizeLabel(DEFAULT_FRAGMENT_SIZE)}) MB/s`,
      result: `${fixed(best, 0)} / ${fixed(base, 0)}; recommend ${sizeLabel(pick)}`,
      target: `default within ${Math.round(NEAR_BEST * 100)}% of best`,
      verdict: keep ? 'meets' : 'MISSES',
    });
  },
};
