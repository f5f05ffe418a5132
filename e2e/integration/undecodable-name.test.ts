import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { CLI } from './cli-run.js';
import { serverFor, tempDir } from './support.js';

/**
 * Issue 9 item 10: a real file whose name is not valid UTF-8 (bytes 0xFF 0xFE), passed on the
 * command line as raw bytes by the shell. Node decodes argv lossily, so the file cannot be
 * opened; the user must hear why (and what to do), not that it does not exist.
 */
async function fileWithBadName(): Promise<{ dir: string; lossy: string }> {
  const dir = await tempDir();
  const raw = Buffer.concat([Buffer.from(`${dir}/dump-`), Buffer.from([0xff, 0xfe]), Buffer.from('.dmp')]);
  writeFileSync(raw, 'crash dump');
  return { dir, lossy: join(dir, 'dump-\uFFFD\uFFFD.dmp') };
}

describe('a file name that is not valid UTF-8', () => {
  it('the CLI says the name is not valid UTF-8, names the folder and asks to rename it (exit 3)', async () => {
    const server = await serverFor();
    const { dir } = await fileWithBadName();
    // The shell hands the name's raw bytes to the process, as it would when the user types it.
    const script = `exec "$0" "$1" upload "$(printf '%s/dump-\\377\\376.dmp' "$2")" "$3" --data-dir "$4"`;
    const result = await promisify(execFile)(
      '/bin/sh',
      ['-c', script, process.execPath, CLI, dir, server.url('/up/dump.dmp'), join(dir, 'data')],
      { encoding: 'utf8' },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('"dump-??.dmp"');
    expect(result.stderr).toContain(`in the folder ${dir} `);
    expect(result.stderr).toMatch(/not valid UTF-8/);
    expect(result.stderr).not.toMatch(/There is no file/);
    expect(server.log).toHaveLength(0);
  });

  it("the core's add refuses it with the same plain explanation", async () => {
    const { dir, lossy } = await fileWithBadName();
    const core = await createCore({ dataDir: join(dir, 'data') });
    try {
      const error = await core.commands
        .add({ filePath: lossy, url: 'http://127.0.0.1:9/up/x.bin' })
        .catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).code).toBe('invalid-input');
      expect((error as CoreError).message).toMatch(/"dump-\?\?\.dmp" in the folder .* is not valid UTF-8/);
    } finally {
      await core.close();
    }
  });
});
