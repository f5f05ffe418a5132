import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DigestMode } from '../../electron/bits/upload-digest.js';
import type { ClientUploadReport, UploadStats } from '../children/client-upload.js';
import type { EngineUploadReport } from '../children/engine-upload.js';
import { closeSession, createSession } from './bits-raw.js';
import { curlFragment } from './curl.js';
import { runNodeChild, spawnTracked } from './processes.js';
import type { ServerChild } from './server-child.js';
import type { TempArea } from './temp.js';

/** One timed upload, whoever did it. */
export interface UploadRun {
  ms: number;
  bytes: number;
  /** Child-reported figures (absent for curl). */
  maxRssKiB?: number;
  startRssKiB?: number;
  cpuMs?: number;
  /** Child-reported: CPU before the timed part (Node's start-up, module loading). */
  startCpuMs?: number;
  /** Client runs with stats: what the upload did (chunks, progress calls, checkpoints, GC). */
  stats?: UploadStats;
  /** Warning names the child printed on stderr. */
  warnings?: string[];
  /** CLI runs: the whole command, spawn to exit (start-up included). */
  commandMs?: number;
  /** CLI runs: how often the job went to transient-error. */
  retries?: number;
}

const CLIENT = new URL('../children/client-upload.js', import.meta.url);
const ENGINE = new URL('../children/engine-upload.js', import.meta.url);

let uploadCounter = 0;

/** The baseline: our own Create-Session, curl sending the file as one Fragment, Close-Session. */
export async function curlUpload(server: ServerChild, file: string, size: number): Promise<UploadRun> {
  const url = server.url(`/bench/curl-${++uploadCounter}.bin`);
  const sessionId = await createSession(url);
  const result = await curlFragment(url, sessionId, file, size);
  await closeSession(url, sessionId);
  return { ms: result.ms, bytes: size, cpuMs: result.cpuMs };
}

export interface ClientOptions {
  fragmentSize?: number;
  noopThrottle?: boolean;
  noDigest?: boolean;
  digestMode?: DigestMode;
  stats?: boolean;
}

/** runUploadSession in a fresh child process. */
export async function clientUpload(
  server: ServerChild,
  file: string,
  options: ClientOptions = {},
): Promise<UploadRun> {
  const [script, ...args] = clientCommand(server, file, options);
  return runNodeChild<ClientUploadReport>(pathToFileURL(script!), args);
}

/** The client child's command line after `node` (for running it under a tracer). */
export function clientCommand(server: ServerChild, file: string, options: ClientOptions = {}): string[] {
  const args = ['--url', server.url(`/bench/client-${++uploadCounter}.bin`), '--file', file];
  if (options.noDigest) args.push('--no-digest');
  if (options.digestMode) args.push('--digest-mode', options.digestMode);
  if (options.stats) args.push('--stats');
  if (options.fragmentSize !== undefined) args.push('--fragment-size', String(options.fragmentSize));
  if (options.noopThrottle) args.push('--noop-throttle');
  return [fileURLToPath(CLIENT), ...args];
}

/** The engine child's command line after `node`: one data folder, files as jobs. */
export function engineCommand(
  server: ServerChild,
  dataDir: string,
  files: string[],
  options: { concurrency?: number; fragmentSize?: number } = {},
): string[] {
  const args = ['--data-dir', dataDir, '--url', server.url(`/bench/engine-${++uploadCounter}/`)];
  for (const file of files) args.push('--file', file);
  if (options.concurrency !== undefined) args.push('--concurrency', String(options.concurrency));
  if (options.fragmentSize !== undefined) args.push('--fragment-size', String(options.fragmentSize));
  return [fileURLToPath(ENGINE), ...args];
}

/** Jobs through createCore in a fresh child process on a fresh data folder (removed afterwards). */
export async function engineUpload(
  server: ServerChild,
  temp: TempArea,
  files: string[],
  concurrency?: number,
): Promise<UploadRun & { coreStartMs: number }> {
  const dataDir = temp.dir('engine-data');
  const [script, ...args] = engineCommand(server, dataDir, files, { concurrency });
  try {
    return await runNodeChild<EngineUploadReport>(pathToFileURL(script!), args);
  } finally {
    temp.discard(dataDir);
  }
}

const CLI = new URL('../../electron/cli/main.js', import.meta.url);

/**
 * The product CLI (`upload <file> <url> --data-dir <dir> --json`), timed by the benchmark from
 * its 'start' line (job added) to its 'done' line (acknowledged), so process start-up and the
 * core's opening are left out, as for the engine child.
 */
export async function cliUpload(
  server: ServerChild,
  temp: TempArea,
  file: string,
  extraArgs: string[] = [],
): Promise<UploadRun> {
  const dataDir = temp.dir('cli-data');
  const url = server.url(`/bench/cli-${++uploadCounter}.bin`);
  const spawnedAt = performance.now();
  const child = spawnTracked(process.execPath, [
    fileURLToPath(CLI),
    'upload',
    file,
    url,
    '--data-dir',
    dataDir,
    '--json',
    ...extraArgs,
  ]);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-10_000);
  });
  let startedAt: number | undefined;
  let doneAt: number | undefined;
  let bytes = 0;
  let retries = 0;
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let event: { event?: string; bytesTotal?: number; state?: string };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        continue;
      }
      if (event.event === 'start') startedAt = performance.now();
      if (event.event === 'state' && event.state === 'transient-error') retries++;
      if (event.event === 'done') {
        doneAt = performance.now();
        bytes = event.bytesTotal ?? 0;
      }
    }
  });
  // A CLI that hangs (retrying, waiting on something) must not hang the benchmark.
  const timer = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    if (code !== 0 || startedAt === undefined || doneAt === undefined) {
      throw new Error(`the CLI exited with ${code} without a start and a done line: ${stderr.trim()}`);
    }
    return { ms: doneAt - startedAt, bytes, commandMs: performance.now() - spawnedAt, retries };
  } finally {
    clearTimeout(timer);
    temp.discard(dataDir);
  }
}
