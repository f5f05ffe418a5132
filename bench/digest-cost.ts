/**
 * Section 8: what the streaming SHA-256 (Repr-Digest) costs: the protocol client with and
 * without it, against the reference server in its own process.
 */
import { join } from 'node:path';
import { THREAD_FROM_BYTES } from '../electron/bits/upload-digest.js';
import type { BenchContext, BenchSection } from './support/context.js';
import { heading, note, ratioVerdict, table, verdict } from './support/report.js';
import { startServerChild } from './support/server-child.js';
import { fixed, GiB, MiB, mbPerSecond, median, sizeLabel, spread } from './support/stats.js';
import { clientUpload, type UploadRun } from './support/uploads.js';

/** Issue 8: hashing costs under 10% of upload throughput. */
const TARGET = 0.9;

export const digestCost: BenchSection = {
  id: 'digest-cost',
  title: '8. Upload integrity: throughput with the streaming SHA-256 vs without',
  async run(ctx: BenchContext) {
    heading(this.title);
    const size = ctx.quick ? 256 * MiB : GiB;
    const file = ctx.fixtures.payload(size);
    // Three clients, two servers, 1 GiB each: five rounds keep the section to a few minutes.
    const rounds = Math.min(ctx.rounds, 5);
    note(
      `${sizeLabel(size)} pre-written file, runUploadSession in a child process, default fragment sizing; ` +
        `(a) digest off (--no-digest), (b) SHA-256 on the event loop (--digest-mode inline), (c) SHA-256 in a ` +
        `worker thread (what the default 'auto' does from ${sizeLabel(THREAD_FROM_BYTES)} up). Against a discard ` +
        `server (the client's own cost, where hashing weighs most) and a disk server. ${rounds} ` +
        'interleaved rounds. CPU includes the hash thread; on a 2-core machine the thread competes with the ' +
        'server for the second core.',
    );
    const rows: string[][] = [];
    let worst = Number.POSITIVE_INFINITY;
    for (const storage of ['discard', 'disk'] as const) {
      const root = ctx.temp.dir(`digest-${storage}`);
      const server = await startServerChild(root, storage);
      const off: UploadRun[] = [];
      const inline: UploadRun[] = [];
      const on: UploadRun[] = [];
      try {
        for (let round = 0; round < rounds; round++) {
          off.push(await clientUpload(server, file, { noDigest: true }));
          if (storage === 'disk') ctx.temp.discard(join(root, 'bench'));
          inline.push(await clientUpload(server, file, { digestMode: 'inline' }));
          if (storage === 'disk') ctx.temp.discard(join(root, 'bench'));
          on.push(await clientUpload(server, file));
          // Disk mode keeps every upload: free the space between rounds.
          if (storage === 'disk') ctx.temp.discard(join(root, 'bench'));
        }
      } finally {
        await server.stop();
        ctx.temp.discard(root);
      }
      const mbps = (runs: UploadRun[]) => runs.map((run) => mbPerSecond(run.bytes, run.ms));
      const ratio = median(mbps(on)) / median(mbps(off));
      const inlineRatio = median(mbps(inline)) / median(mbps(off));
      worst = Math.min(worst, ratio);
      const cpu = (runs: UploadRun[]) => median(runs.map((run) => run.cpuMs ?? Number.NaN));
      rows.push(
        [
          `${storage}, no digest`,
          `${fixed(median(mbps(off)), 0)} MB/s`,
          spread(mbps(off), 0),
          '1.00',
          `${fixed(cpu(off), 0)} ms`,
        ],
        [
          `${storage}, SHA-256 on the event loop`,
          `${fixed(median(mbps(inline)), 0)} MB/s`,
          spread(mbps(inline), 0),
          fixed(inlineRatio, 2),
          `${fixed(cpu(inline), 0)} ms`,
        ],
        [
          `${storage}, SHA-256 in a thread (default)`,
          `${fixed(median(mbps(on)), 0)} MB/s`,
          spread(mbps(on), 0),
          fixed(ratio, 2),
          `${fixed(cpu(on), 0)} ms`,
        ],
      );
      ctx.summary.push({
        section: this.id,
        measure: `throughput with digest / without (${storage}, thread; inline ${fixed(inlineRatio, 2)})`,
        result: fixed(ratio, 2),
        target: `>= ${TARGET}`,
        verdict: ratio >= TARGET ? 'meets' : 'MISSES',
      });
    }
    table(['client', 'median', 'per round', 'ratio', 'client CPU'], rows);
    verdict(ratioVerdict(worst, TARGET));
  },
};
