import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const children = new Set<ChildProcess>();

/** Children still running when the worker ends are stopped: a failed test leaves no servers behind. */
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface Started {
  child: ChildProcess;
  /** What the child printed so far (stderr too), for failure messages. */
  output: () => string;
}

/** Starts `node <script> <args>` from the build and waits for a stdout line that `ready` recognises. */
export async function startNode<T>(
  script: string,
  args: string[],
  ready: (line: string) => T | undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<Started & { value: T }> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const value = await new Promise<T>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      text += `${line}\n`;
      const found = ready(line);
      if (found !== undefined) resolve(found);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${text}`)),
    );
  });
  return { child, value, output: () => text };
}

/** Stops a child and waits for it to be gone. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await gone;
}

export const paths = {
  root: ROOT,
  cli: 'dist/electron/cli/main.js',
  bitsServer: 'dist/e2e/bits-server/cli.js',
};
