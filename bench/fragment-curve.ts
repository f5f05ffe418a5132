/**
 * Section 3: throughput against fragment size on a 1 GiB file (discard mode), to justify the
 * default: automatic sizing (about two seconds per fragment, at most 24 MiB). Every round visits
 * every size and the automatic mode (rotating the order), so drift hits all alike.
 */
import { AUTO_FRAGMENT } from '../electron/bits/fragment-sizing.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, type UploadRun } from './support/uploads.js';

const SIZES = [1, 2, 4, 8, 16, 32, 64].map((n) => n * MiB);
/** The automatic mode's row key (no fixed size). */
const AUTO = 0;
/** Sizes within this share of the best median count as "as fast". */
const NEAR_BEST = 0.95;
/** A recommended size must also have measured at least this share of the best median. */
const MEASURED_GUARD = 0.75;
/** Links for the projection: each fragment waits one round trip for its Ack before the next. */
const LINKS = [
  { name: '100 Mbit/s', bps: 100e6, rttMs: 20 },
  { name: '1 Gbit/s', bps: 1e9, rttMs: 20 },
];
/** Re-send cost column: what one lost fragment costs to send again on a 10 Mbit/s uplink. */
const SLOW_UPLINK_BPS = 10e6;

export const fragmentCurve: BenchSection = {
  id: 'fragment-curve',
  title: '3. Throughput vs fragment size',
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 256 * MiB : GiB;
    const file = ctx.fixtures.payload(size);
    note(
      `${sizeLabel(size)} pre-written file, discard server, runUploadSession in a child per upload; ` +
        `${ctx.rounds} rounds, each visiting every size and the automatic default (order rotated per round). ` +
        `"vs default": median against the automatic sizing (starts at ${sizeLabel(AUTO_FRAGMENT.start)}, aims ` +
        `at ${AUTO_FRAGMENT.targetMs / 1000} s per fragment, at most ${sizeLabel(AUTO_FRAGMENT.max)}) measured in the same rounds.`,
    );
    const sizes = SIZES;
    const visits = [...sizes, AUTO];
    const runs = new Map<number, UploadRun[]>(visits.map((s) => [s, []]));
    const server = await startServerChild(ctx.temp.dir('server-root'), 'discard');
    try {
      for (let round = 0; round < ctx.rounds; round++) {
        for (let i = 0; i < visits.length; i++) {
          const fragment = visits[(i + round) % visits.length]!;
          const options = fragment === AUTO ? {} : { fragmentSize: fragment };
          runs.get(fragment)!.push(await clientUpload(server, file, options));
        }
      }
    } finally {
      await server.stop();
    }
    const mbps = (fragment: number) => runs.get(fragment)!.map((r) => mbPerSecond(r.bytes, r.ms));
    const medians = new Map(visits.map((s) => [s, median(mbps(s))]));
    const base = medians.get(AUTO)!;
    const best = Math.max(...sizes.map((s) => medians.get(s)!));
    const counts = sizes.map((s) => Math.ceil(size / s));
    const timeFit = linearFit(
      counts,
      sizes.map((s) => median(runs.get(s)!.map((r) => r.ms))),
    );
    const cpuFit = linearFit(
      counts,
      sizes.map((s) => median(runs.get(s)!.map((r) => r.cpuMs ?? 0))),
    );
    // A noisy run can fit a non-positive intercept; then the fastest median stands in for it.
    const streamMs =
      timeFit.intercept > 0
        ? timeFit.intercept
        : Math.min(...sizes.map((s) => median(runs.get(s)!.map((r) => r.ms))));
    const fit = { perFragmentMs: Math.max(0, timeFit.slope), streamMbps: mbPerSecond(size, streamMs) };
    const streamMsPerByte = streamMs / size;
    /** Share of the time spent streaming, by the fit: what the loopback curve flattens towards. */
    const loopbackModel = (fragment: number) =>
      (fragment * streamMsPerByte) / (fragment * streamMsPerByte + fit.perFragmentMs);
    const efficiency = (fragment: number, link: (typeof LINKS)[number]) => {
      const sendMs = ((fragment * 8) / link.bps) * 1000;
      return sendMs / (sendMs + link.rttMs + fit.perFragmentMs);
    };
    table(
      [
        'fragment',
        'median MB/s',
        'min–max',
        'vs default',
        'median CPU ms',
        'loopback fit',
        're-send @10 Mbit/s',
        ...LINKS.map((l) => `proj. ${l.name} ${l.rttMs} ms RTT`),
        'child warnings',
      ],
      [...sizes, AUTO].map((s) => [
        s === AUTO ? 'automatic (default)' : sizeLabel(s),
        fixed(medians.get(s)!),
        spread(mbps(s)),
        (medians.get(s)! / base).toFixed(2),
        fixed(median(runs.get(s)!.map((r) => r.cpuMs ?? 0)), 0),
        s === AUTO ? '-' : `${fixed(loopbackModel(s) * 100, 0)}%`,
        s === AUTO ? '≤ 2 s' : `${fixed((s * 8) / SLOW_UPLINK_BPS, 1)} s`,
        ...LINKS.map((l) => (s === AUTO ? '-' : `${fixed(efficiency(s, l) * 100, 0)}%`)),
        [...new Set(runs.get(s)!.flatMap((r) => r.warnings ?? []))].join(',') || '-',
      ]),
    );
    note(
      `Least-squares fits against fragment count: ${fixed(fit.perFragmentMs, 2)} ms of wall time and ` +
        `${fixed(cpuFit.slope, 2)} ms of client CPU per fragment (Ack wait, new request, file open, checkpoint), ` +
        `streaming at ${fixed(fit.streamMbps, 0)} MB/s otherwise. CPU time is the steadier figure on a busy ` +
        'machine. "loopback fit": share of time spent streaming by that fit; "proj.": share of a real link a ' +
        'stop-and-wait client keeps busy = send time / (send time + RTT + per-fragment cost).',
    );
    const fast = sizes.filter((s) => medians.get(s)! >= NEAR_BEST * best);
    note(
      `Measured: sizes within ${Math.round(NEAR_BEST * 100)}% of the best median (${fixed(best)} MB/s): ` +
        `${fast.map(sizeLabel).join(', ')}.`,
    );
    // The fit uses every run, so it is steadier than comparing single medians, which a burst of
    // load on this shared machine can move by a third; the loose measured guard only stops a
    // broken fit from recommending a size that was visibly slow.
    const pick =
      sizes.find((s) => loopbackModel(s) >= NEAR_BEST && medians.get(s)! >= MEASURED_GUARD * best) ??
      sizes.at(-1)!;
    note(
      `Fixed sizes trade speed against the cost of a failure: the client re-sends up to one fragment ` +
        `(${fixed((pick * 8) / SLOW_UPLINK_BPS, 1)} s of a 10 Mbit/s uplink at ${sizeLabel(pick)}, the smallest size that ` +
        `streams >= ${Math.round(NEAR_BEST * 100)}% of the time here). The automatic default sizes each fragment ` +
        `to about ${AUTO_FRAGMENT.targetMs / 1000} s of sending at the measured pace, so a slow link re-sends at most ` +
        `that, and a fast one gets big fragments, capped at ${sizeLabel(AUTO_FRAGMENT.max)} because IIS refuses ` +
        'request bodies over 30,000,000 bytes by default.',
    );
    const warned = sizes.filter((s) => runs.get(s)!.some((r) => (r.warnings ?? []).length > 0));
    if (warned.length > 0) {
      note(
        `Child processes printed warnings with ${warned.map(sizeLabel).join(', ')} fragments (last column): ` +
          'a product issue, reported rather than hidden.',
      );
    }
    const share = base / best;
    verdict(
      `automatic sizing reaches ${fixed(share * 100, 0)}% of the best fixed size's median (${fixed(base, 0)} vs ` +
        `${fixed(best, 0)} MB/s) while bounding the re-send cost on slow links.`,
    );
    ctx.summary.push({
      section: '3 fragment curve',
      measure: 'automatic sizing: MB/s vs best fixed size',
      result: `${fixed(base, 0)} vs ${fixed(best, 0)} (${fixed(share, 2)})`,
      target: 'none (justify default)',
      verdict: share >= NEAR_BEST ? 'keep automatic' : 'near the best',
    });
  },
};

/** Least squares y = intercept + slope * x. */
function linearFit(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  const slope = den === 0 ? 0 : num / den;
  return { slope, intercept: my - slope * mx };
}
