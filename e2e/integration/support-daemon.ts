import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { onTestFinished } from 'vitest';

/** A 127.0.0.1 port free at this moment, for a Debian daemon the test is about to start. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Waits until `child` accepts connections on 127.0.0.1:`port` (up to 10 s). A daemon that exits
 * first, or never listens, fails with its `name` and its output, so the test says why.
 */
export async function listening(
  name: string,
  port: number,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port}: ${output()}`);
}

export interface Daemon {
  child: ChildProcess;
  /** What it printed so far (stdout and stderr together). */
  output(): string;
  /** Stops it (SIGTERM, waited for) and removes its folder if it was given one; also run when the test finishes. */
  stop(): Promise<void>;
}

/**
 * Starts a Debian daemon in the foreground for the current test and waits until it listens on
 * 127.0.0.1:`port`. Its folder `dir`, if given, goes with it when it stops (a KDC's is kept: a
 * test stops the KDC to make it unreachable, with its configuration and tickets still in place);
 * `moreOutput` adds what it writes elsewhere (a log file) to the error of a daemon that never listens.
 */
export async function startDaemon(
  command: string,
  args: string[],
  options: { port: number; dir?: string; env?: NodeJS.ProcessEnv; moreOutput?: () => string },
): Promise<Daemon> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (options.dir) await rm(options.dir, { recursive: true, force: true });
  };
  onTestFinished(stop);
  await listening(command, options.port, child, () => `${output}${options.moreOutput?.() ?? ''}`);
  return { child, output: () => output, stop };
}
