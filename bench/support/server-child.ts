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
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-10_000);
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const done = (error?: Error, value?: string) => {
      clearTimeout(timer);
      child.off('exit', exited);
      child.stdout?.off('data', onData);
      if (!error) return resolve(value!);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    };
    const exited = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new Error(`the BITS server exited (${code ?? signal})`));
    const onData = (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      const line = buffered.slice(0, newline);
      try {
        done(undefined, (JSON.parse(line) as { origin: string }).origin);
      } catch {
        done(new Error(`unexpected first line from the BITS server: ${line}`));
      }
    };
    const timer = setTimeout(() => done(new Error('the BITS server did not start within 15 s')), 15_000);
    child.once('exit', exited);
    child.stdout?.setEncoding('utf8').on('data', onData);
  });
  // Nothing more is printed, but keep the pipe drained.
  child.stdout?.resume();
  return {
    origin,
    storage,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
