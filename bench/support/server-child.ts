import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { spawnTracked } from './processes.js';

export type Storage = 'disk' | 'discard';

export interface ServerChild {
  origin: string;
  storage: Storage;
  url(path: string): string;
  stop(): Promise<void>;
}

const CLI = new URL('../../e2e/bits-server/cli.js', import.meta.url);

/**
 * The reference BITS server in its own process (its standalone CLI), so it never shares an
 * event loop with the client being measured. Bound to 127.0.0.1 on an ephemeral port.
 */
export async function startServerChild(
  root: string,
  storage: Storage,
  /** More CLI flags, e.g. ['--fault', 'drop-ack:0.25', '--fault-seed', '3']. */
  extraArgs: string[] = [],
): Promise<ServerChild> {
  const args = [
    fileURLToPath(CLI),
    '--root',
    root,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--storage',
    storage,
    ...extraArgs,
  ];
  const child = spawnTracked(process.execPath, args);
  const { origin } = await firstJsonLine<{ origin: string }>(child, 'the BITS server');
  return {
    origin,
    storage,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if it is still there after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The JSON a child prints on its first line once it listens ({"origin": ...}, {"port": ...});
 * its stderr is kept for the error if it exits, prints something else, or takes over 15 s.
 */
export function firstJsonLine<T>(child: ChildProcess, what: string): Promise<T> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-10_000);
  });
  return new Promise<T>((resolve, reject) => {
    let buffered = '';
    const done = (error?: Error, value?: T) => {
      clearTimeout(timer);
      child.off('exit', exited);
      child.stdout?.off('data', onData);
      // Nothing more is printed, but keep the pipe drained.
      child.stdout?.resume();
      if (!error) return resolve(value!);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    };
    const exited = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new Error(`${what} exited (${code ?? signal})`));
    const onData = (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      const line = buffered.slice(0, newline);
      try {
        done(undefined, JSON.parse(line) as T);
      } catch {
        done(new Error(`unexpected first line from ${what}: ${line}`));
      }
    };
    const timer = setTimeout(() => done(new Error(`${what} did not start within 15 s`)), 15_000);
    child.once('exit', exited);
    child.stdout?.setEncoding('utf8').on('data', onData);
  });
}
