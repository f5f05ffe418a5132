/**
 * Where the lean path's time goes: the one-fragment uploads of section 9 once more, untimed,
 * under strace (syscalls, read and write sizes, event-loop turns) with the client's own counters
 * (chunks, progress callbacks, checkpoints, GC), and one job through the engine for the
 * checkpoint path (SQLite writes per fragment, events per MiB).
 */
import type { ClientUploadReport, UploadStats } from './children/client-upload.js';
import type { EngineUploadReport } from './children/engine-upload.js';
import { closeSession, createSession } from './support/bits-raw.js';
import type { BenchContext } from './support/context.js';
import { CURL, curlFragmentArgs } from './support/curl.js';
import { note, table } from './support/report.js';
import type { ServerChild } from './support/server-child.js';
import { fixed, MiB, sizeLabel } from './support/stats.js';
import { type SyscallProfile, straceAvailable, straced, topCalls } from './support/syscalls.js';
import { clientCommand, clientUpload, engineCommand } from './support/uploads.js';

/** The engine run's fragment size: several fragments, so per-fragment figures mean something. */
const ENGINE_FRAGMENT = 8 * MiB;

export interface LeanDiagnostics {
  print(gib: number): void;
}

interface Column {
  name: string;
  profile?: SyscallProfile;
  stats?: UploadStats;
}

export async function clientDiagnostics(
  ctx: BenchContext,
  server: ServerChild,
  file: string,
  size: number,
  clean: () => void,
): Promise<LeanDiagnostics> {
  const columns: Column[] = [];
  let engine: { profile?: SyscallProfile; report: EngineUploadReport } | undefined;
  const traced = straceAvailable();
  const client = async (name: string, noDigest: boolean) => {
    const options = { fragmentSize: size, noDigest, stats: true };
    if (!traced) {
      columns.push({ name, stats: (await clientUpload(server, file, options)).stats });
    } else {
      const run = await straced(ctx.temp, process.execPath, clientCommand(server, file, options), file);
      columns.push({ name, profile: run.profile, stats: lastJson<ClientUploadReport>(run.stdout).stats });
    }
    clean();
  };
  if (traced) {
    const url = server.url('/bench/strace-curl.bin');
    const sessionId = await createSession(url);
    columns.push({
      name: 'curl',
      profile: (await straced(ctx.temp, CURL, curlFragmentArgs(url, sessionId, file, size), file)).profile,
    });
    await closeSession(url, sessionId);
    clean();
  }
  await client('client, no digest', true);
  await client('client, SHA-256', false);
  const dataDir = ctx.temp.dir('lean-engine');
  try {
    const command = engineCommand(server, dataDir, [file], { fragmentSize: ENGINE_FRAGMENT });
    if (traced) {
      const run = await straced(ctx.temp, process.execPath, command);
      engine = { profile: run.profile, report: lastJson<EngineUploadReport>(run.stdout) };
    }
  } finally {
    ctx.temp.discard(dataDir);
    clean();
  }
  const mib = size / MiB;
  return {
    print() {
      note(
        traced
          ? 'Where the work goes (the same uploads once more under strace -f: slower, so counts only, never times):'
          : 'Where the work goes (strace is not installed, so no syscall counts; `apt-get install strace` adds them):',
      );
      const cell = (column: Column, value: (c: Column) => string | undefined) => value(column) ?? '-';
      const measure = (label: string, value: (c: Column) => string | undefined) => [
        label,
        ...columns.map((c) => cell(c, value)),
      ];
      const perMiB = (n: number) => fixed(n / mib, 2);
      const meanKiB = (bytes: number, count: number) =>
        count ? `${fixed(bytes / count / 1024, 0)} KiB` : '-';
      table(
        ['measure', ...columns.map((c) => c.name)],
        [
          measure('syscalls per MiB (all threads)', (c) => c.profile && perMiB(c.profile.total)),
          measure('most frequent', (c) => c.profile && topCalls(c.profile, 3)),
          measure('file reads: count, mean size', (c) =>
            c.profile
              ? `${c.profile.fileReads.count}, ${meanKiB(c.profile.fileReads.bytes, c.profile.fileReads.count)}`
              : undefined,
          ),
          measure(
            'bytes read from the file / file size',
            (c) => c.profile && fixed(c.profile.fileReads.bytes / size, 2),
          ),
          measure('socket writes: count, mean size', (c) =>
            c.profile
              ? `${c.profile.socketWrites.count}, ${meanKiB(c.profile.socketWrites.bytes, c.profile.socketWrites.count)}`
              : undefined,
          ),
          measure(
            'socket writes refused (EAGAIN)',
            (c) => c.profile && String(c.profile.socketWrites.wouldBlock),
          ),
          measure(
            'event-loop turns per MiB (main-thread epoll/poll)',
            (c) => c.profile && perMiB(c.profile.loopWaits),
          ),
          measure('chunks per MiB (each one read, one write)', (c) => c.stats && perMiB(c.stats.chunks)),
          measure('body-progress callbacks per MiB', (c) => c.stats && perMiB(c.stats.bodyProgressCalls)),
          measure('checkpoints (one per fragment)', (c) => c.stats && String(c.stats.checkpoints)),
          measure(
            'GC runs, total pause',
            (c) => c.stats && `${c.stats.gcRuns}, ${fixed(c.stats.gcMs, 0)} ms`,
          ),
          measure(
            'event loop busy (share of the upload)',
            (c) => c.stats && `${fixed(c.stats.eventLoopBusy * 100, 0)}%`,
          ),
        ],
        true,
      );
      if (engine?.profile) {
        const fragments = Math.ceil(size / ENGINE_FRAGMENT);
        const { walWrites, syncs } = engine.profile;
        const events = engine.report.events;
        note(
          `Checkpoint path, one job through createCore (${sizeLabel(ENGINE_FRAGMENT)} fragments, ${fragments} of them): ` +
            `SQLite WAL writes ${fixed(walWrites.count / fragments, 1)} per fragment ` +
            `(${meanKiB(walWrites.bytes, walWrites.count)} each), fsync/fdatasync ${fixed(syncs / fragments, 1)} per fragment; ` +
            `events published per MiB: progress ${perMiB(events.progress ?? 0)}, job-changed ${perMiB(events['job-changed'] ?? 0)}.`,
        );
      }
    },
  };
}

function lastJson<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
}
