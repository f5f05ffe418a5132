import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from './processes.js';
import type { TempArea } from './temp.js';

const STRACE = ['/usr/bin/strace', '/bin/strace'].find((candidate) => existsSync(candidate));

/** Counts and sizes from one process traced with strace (all threads). */
export interface SyscallProfile {
  total: number;
  byName: Map<string, number>;
  /** read/pread64/preadv on the uploaded file (any regular file when none is named). */
  fileReads: IoTally;
  /** write/writev/sendto/sendmsg on TCP sockets (EAGAIN answers counted apart). */
  socketWrites: IoTally & { wouldBlock: number };
  /** pwrite64/write/writev on the SQLite write-ahead log, and fsync/fdatasync calls. */
  walWrites: IoTally;
  syncs: number;
  /** Waits for events on the main thread (epoll / poll): one per event-loop turn. */
  loopWaits: number;
}

export interface IoTally {
  count: number;
  bytes: number;
}

export function straceAvailable(): boolean {
  return STRACE !== undefined;
}

/** Runs the command under `strace -f` (slower: figures only, never timed) and tallies its syscalls. */
export async function straced(
  temp: TempArea,
  command: string,
  args: string[],
  /** The uploaded file: reads of other files (modules, libraries) are not counted as its reads. */
  dataFile?: string,
): Promise<{ profile: SyscallProfile; stdout: string }> {
  if (!STRACE) throw new Error('strace is not installed');
  const out = path.join(temp.dir('strace'), 'trace.txt');
  const result = await runProcess(
    STRACE,
    ['-f', '-qq', '-yy', '-s', '0', '-o', out, '--', command, ...args],
    {
      timeoutMs: 10 * 60_000,
    },
  );
  if (result.code !== 0) {
    throw new Error(`${command} under strace exited with ${result.code}: ${result.stderr.slice(-2000)}`);
  }
  const profile = tally(readFileSync(out, 'utf8'), dataFile);
  temp.discard(path.dirname(out));
  return { profile, stdout: result.stdout };
}

const CALL = /^(\d+) +([a-z0-9_]+)\((.*)$/;
const RESUMED = /^(\d+) +<\.\.\. ([a-z0-9_]+) resumed>(.*)$/;
const RETURN = /\) += (-?\d+)(?: ([A-Z]+))?/;
const FD = /^(\d+)<([^>]*)>/;

/** Parses strace -f -yy output; calls split across threads (unfinished / resumed) count once. */
export function tally(trace: string, dataFile?: string): SyscallProfile {
  const profile: SyscallProfile = {
    total: 0,
    byName: new Map(),
    fileReads: { count: 0, bytes: 0 },
    socketWrites: { count: 0, bytes: 0, wouldBlock: 0 },
    walWrites: { count: 0, bytes: 0 },
    syncs: 0,
    loopWaits: 0,
  };
  const unfinished = new Map<string, string>();
  let mainPid: string | undefined;
  for (const line of trace.split('\n')) {
    let pid: string;
    let name: string;
    let args: string;
    const call = CALL.exec(line);
    const resumed = call ? undefined : RESUMED.exec(line);
    if (call) {
      [, pid, name, args] = call as unknown as [string, string, string, string];
      mainPid ??= pid;
      if (args.endsWith('<unfinished ...>')) {
        unfinished.set(`${pid}:${name}`, args);
        continue;
      }
    } else if (resumed) {
      [, pid, name] = resumed as unknown as [string, string, string];
      args = `${unfinished.get(`${pid}:${name}`) ?? ''}${resumed[3]}`;
      unfinished.delete(`${pid}:${name}`);
    } else {
      continue;
    }
    profile.total++;
    profile.byName.set(name, (profile.byName.get(name) ?? 0) + 1);
    const fd = FD.exec(args)?.[2] ?? '';
    const ret = RETURN.exec(args);
    const value = ret ? Number(ret[1]) : 0;
    const bytes = Math.max(value, 0);
    const isDataFile = dataFile ? fd === dataFile : fd.startsWith('/');
    if (/^(read|pread64|preadv2?)$/.test(name) && isDataFile) {
      profile.fileReads.count++;
      profile.fileReads.bytes += bytes;
    } else if (/^(write|writev|sendto|sendmsg)$/.test(name) && /^TCP/.test(fd)) {
      if (ret?.[2] === 'EAGAIN') profile.socketWrites.wouldBlock++;
      else {
        profile.socketWrites.count++;
        profile.socketWrites.bytes += bytes;
      }
    } else if (/^(pwrite64|write|writev|pwritev2?)$/.test(name) && fd.endsWith('-wal')) {
      profile.walWrites.count++;
      profile.walWrites.bytes += bytes;
    } else if (/^(fsync|fdatasync)$/.test(name)) {
      profile.syncs++;
    }
    if (pid === mainPid && /^(epoll_wait|epoll_pwait2?|poll|ppoll)$/.test(name)) profile.loopWaits++;
  }
  return profile;
}

/** The most frequent syscalls, "name n, ...". */
export function topCalls(profile: SyscallProfile, count = 5): string {
  return [...profile.byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}
