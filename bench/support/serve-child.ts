import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnTracked } from './processes.js';

const CLI = fileURLToPath(new URL('../../electron/cli/main.js', import.meta.url));

export interface ServeChild {
  pid: number;
  origin: string;
  token: string;
  /** ms from spawn to the first successful `app:info` answer. */
  startupMs: number;
  /** POST /api/<channel> with the token; throws with the status and body on an error answer. */
  api<T = unknown>(channel: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * `bits-uploader serve --port 0` from dist/, resolved at its first API answer (the moment a user
 * or a script can use it), not merely when it printed its URL.
 */
export async function startServe(dataDir: string): Promise<ServeChild> {
  const started = performance.now();
  const child = spawnTracked(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir]);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-10_000);
  });
  const exited = once(child, 'exit');
  const printed = new Promise<RegExpExecArray>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /(https?:\/\/[^/\s]+)\/#token=(\S+)/.exec(line);
      if (found) resolve(found);
    });
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const found = await Promise.race([
    printed,
    exited.then(([code, signal]) => {
      throw new Error(`serve exited (${code ?? signal}) before printing its URL:\n${stderr}`);
    }),
  ]);
  clearTimeout(timer);
  const origin = found[1]!;
  const token = found[2]!;
  const api = async <T>(channel: string, body: unknown = {}): Promise<T> => {
    const response = await fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${channel}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  };
  // The URL is printed once listening; retry briefly in case an answer needs a moment more.
  for (let attempt = 0; ; attempt++) {
    try {
      await api('app:info');
      break;
    } catch (error) {
      if (attempt >= 200) throw new Error(`serve never answered app:info: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return {
    pid: child.pid!,
    origin,
    token,
    startupMs: performance.now() - started,
    api,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** Resident set size of a live process in kB (Linux /proc/<pid>/status VmRSS). */
export function rssKiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) : Number.NaN;
}

/** Linux reports utime and stime in clock ticks of 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a live process used so far (/proc/<pid>/stat fields 14 and 15). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing ")" are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
