import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const CLI = join(import.meta.dirname, '../../../dist/electron/cli/main.js');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** POST /api/<channel> with the token. */
  api<T = unknown>(channel: string, body?: unknown): Promise<T>;
}

/** `bits-uploader serve` as a real process (from dist/), resolved once it printed its URL. */
export function spawnServe(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    void exited.then(({ code }) =>
      reject(new Error(`serve exited (${code}) before printing its URL: ${stderr}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /(https?:\/\/\S+#token=(\S+))/.exec(line);
      if (!url) return;
      const origin = url[1]!.split('/#')[0]!;
      const token = url[2]!;
      resolve({
        child,
        url: url[1]!,
        origin,
        token,
        stderr: () => stderr,
        exited,
        async api<T>(channel: string, body: unknown = {}): Promise<T> {
          const response = await fetch(`${origin}/api/${channel}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          const json = await response.json();
          if (!response.ok) throw new Error(`${channel}: ${response.status} ${JSON.stringify(json)}`);
          return json as T;
        },
      });
    });
  });
}

/** Runs the CLI to the end; resolves with its exit code and output. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onStdoutLine?: (line: string, child: ChildProcess) => void } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout += `${line}\n`;
    options.onStdoutLine?.(line, child);
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
