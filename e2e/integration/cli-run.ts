import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `bits-uploader` with these arguments to its end; `kill` (polled while it runs)
 * returning true sends it SIGKILL, as a crash would.
 */
export function runCli(args: string[], kill?: () => boolean): Promise<CliResult> {
  expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const poll = kill
    ? setInterval(() => {
        if (kill()) child.kill('SIGKILL');
      }, 10)
    : undefined;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    }),
  );
}
