import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from './core.js';
import { LOCK_FILE, prepareDataDir } from './store/index.js';

describe('the data-folder lock after a crash when the new process gets the same pid', () => {
  it('takes over a lock left by an earlier process that had our pid (container restart)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bits-lock-lock-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    prepareDataDir(dataDir);
    // What a killed (OOM, SIGKILL, power loss in a container) earlier run leaves behind: in a
    // container the app is typically pid 1 or another fixed small pid on every start, and the
    // boot id is the host's, so it is the same too.
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      `${JSON.stringify({
        pid: process.pid,
        hostname: hostname(),
        startedAt: Date.now() - 3 * 24 * 3600_000, // started days before this process
        command: 'node bits-uploader serve',
        token: 'token-of-the-dead-run',
        bootId,
      })}\n`,
    );
    const opened = await createCore({ dataDir }).then(
      (core) => core,
      (error: Error) => error,
    );
    if (!(opened instanceof Error)) await opened.close();
    // "BITS Uploader is already running with this data folder (process <our own pid> ...)".
    expect(opened instanceof Error ? opened.message : 'opened').toBe('opened');
  });
});
