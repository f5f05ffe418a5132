import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Every child we started and that has not exited yet, so an interrupted run can end them. */
const live = new Set<ChildProcess>();

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns a child and keeps track of it until it exits. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** Runs a command to its end; kills it (by its own pid) if it outlives `timeoutMs`. */
export function runProcess(
  command: string,
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(command, args, { env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      // Keep the tail only: a chatty child must not grow the benchmark's own memory.
      stderr = (stderr + chunk).slice(-20_000);
    });
    const timer = setTimeout(
      () => {
        stderr += `\n[bench] killed after ${options.timeoutMs} ms`;
        child.kill('SIGKILL');
      },
      options.timeoutMs ?? 10 * 60_000,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Runs a compiled bench/children script in a fresh Node process and returns the JSON object it
 * prints as its last stdout line, plus the names of the warnings it printed on stderr (a
 * MaxListenersExceededWarning is a finding). A child that fails throws with its stderr attached.
 */
export async function runNodeChild<T>(
  script: URL,
  args: string[],
  timeoutMs?: number,
): Promise<T & { warnings: string[] }> {
  const path = fileURLToPath(script);
  const result = await runProcess(process.execPath, [path, ...args], { timeoutMs });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.code !== 0) {
    throw new Error(
      `${path} ${args.join(' ')} exited with ${result.code ?? result.signal}\n${result.stderr.trim()}`,
    );
  }
  let parsed: T;
  try {
    parsed = JSON.parse(last) as T;
  } catch {
    throw new Error(`${path} printed no JSON result: ${JSON.stringify(last)}\n${result.stderr.trim()}`);
  }
  const warnings = [...new Set(result.stderr.match(/\b[A-Za-z]*Warning\b(?=:)/g) ?? [])];
  return { ...parsed, warnings };
}

/** Ends every child still running (each by its own pid); used when the run is interrupted. */
export function killLiveChildren(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

export function liveChildCount(): number {
  return live.size;
}
