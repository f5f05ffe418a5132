import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core.js';
import { randomFile, serverFor, tempDir } from './support.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const FRAGMENT = 1024 * 1024;
const SIZE = 40 * FRAGMENT + 4321;

/** Runs `bits-uploader upload --json`, calling `onAcked` with every acknowledged byte count. */
function runCli(args: string[], onAcked: (acked: number, child: ChildProcess) => void) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as { event: string; bytesAcked?: number };
    if (typeof event.bytesAcked === 'number') onAcked(event.bytesAcked, child);
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
}

describe('crash test: SIGKILL at random points, then the same command again', () => {
  it('delivers the file byte-identical, re-sending at most one fragment per crash', async () => {
    expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
    const server = await serverFor();
    const dir = await tempDir();
    const dataDir = join(dir, 'data');
    const file = await randomFile(dir, SIZE);
    // Slow the child down so the kills land mid-upload (the limit lives in the data folder's settings).
    const setup = await createCore({ dataDir });
    await setup.commands.updateSettings({ bandwidthLimitBps: 12 * 1024 * 1024 });
    await setup.close();

    const args = [
      'upload',
      file.path,
      server.url('/up/crash.bin'),
      '--data-dir',
      dataDir,
      '--json',
      '--fragment-size',
      String(FRAGMENT),
    ];
    const kills: number[] = [];
    for (let crash = 0; crash < 3; crash++) {
      // A random point in the next stretch of the file.
      const threshold = Math.floor(SIZE * (0.15 + crash * 0.25 + Math.random() * 0.15));
      const result = await runCli(args, (acked, child) => {
        if (acked >= threshold && !child.killed) {
          kills.push(acked);
          child.kill('SIGKILL');
        }
      });
      expect(result.signal, result.stderr).toBe('SIGKILL');
    }
    const final = await runCli(args, () => undefined);
    expect(final.code, final.stderr).toBe(0);

    expect(readFileSync(server.filePath('/up/crash.bin')).equals(file.bytes)).toBe(true);
    const sent = server.log.reduce(
      (sum, entry) => sum + (entry.packetType === 'Fragment' ? entry.bodyBytes : 0),
      0,
    );
    const resent = sent - SIZE;
    expect(resent).toBeLessThanOrEqual(kills.length * FRAGMENT);
    // Every restart resumed the same session from the server's cursor: one Create-Session in all.
    expect(server.log.filter((entry) => entry.packetType === 'Create-Session')).toHaveLength(1);
    expect(server.log.filter((entry) => entry.packetType === 'Ping').length).toBeGreaterThanOrEqual(3);
    console.log(`crash test: killed at ${kills.join(', ')} of ${SIZE} bytes; re-sent ${resent} bytes in all`);
  });
});
