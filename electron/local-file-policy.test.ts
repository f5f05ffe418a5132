import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { dispatch } from '../shared/contract/channels.js';
import { confinePath, createCore, isInside } from './core.js';

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-policy-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function coreWith(dir: string, allowedRoots?: string[]) {
  const core = await createCore({ dataDir: join(dir, 'data'), allowedRoots });
  onTestFinished(() => core.close());
  return core;
}

describe('which local files a client may queue for upload', () => {
  it('refuses devices, FIFOs, sockets, folders and /proc, /sys, /dev paths with a clear error', async () => {
    const dir = await temp();
    const core = await coreWith(dir);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const socketPath = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const cases: Array<[string, RegExp]> = [
      ['/dev/zero', /device/],
      ['/dev/null', /device/],
      [fifo, /named pipe/],
      [socketPath, /socket/],
      [dir, /folder/],
      ['/proc/self/status', /system folder/],
      ['/proc/self/environ', /system folder/],
      ['/sys/kernel/mm/transparent_hugepage/enabled', /system folder|no file/],
    ];
    for (const [filePath, message] of cases) {
      const failure = await dispatch(core, 'jobs:add', { filePath, url: 'http://127.0.0.1:9/x' }).catch(
        (error: unknown) => error,
      );
      expect(failure, filePath).toMatchObject({ message: expect.stringMatching(message) });
      expect((failure as { code: string }).code, filePath).toMatch(/not-allowed|invalid-input/);
    }
    // A link to a device is the device.
    symlinkSync('/dev/zero', join(dir, 'zero-link'));
    await expect(
      core.commands.add({ filePath: join(dir, 'zero-link'), url: 'http://127.0.0.1:9/x' }),
    ).rejects.toMatchObject({
      code: 'not-allowed',
    });
    await expect(
      core.commands.add({ filePath: join(dir, 'a'), url: 'http://127.0.0.1:9/x', caFile: '/dev/zero' }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/device|no file/) });
    expect((await core.queries.list()).total).toBe(0);
  });

  it('confines add to the allowed folders by real path: neither ".." nor a symlink escapes', async () => {
    const dir = await temp();
    const allowed = join(dir, 'allowed');
    mkdirSync(join(allowed, 'sub'), { recursive: true });
    writeFileSync(join(allowed, 'sub', 'ok.bin'), 'ok');
    writeFileSync(join(dir, 'secret.bin'), 'secret');
    symlinkSync(join(dir, 'secret.bin'), join(allowed, 'link.bin'));
    symlinkSync(join(allowed, 'sub', 'ok.bin'), join(dir, 'outside-link.bin'));
    const core = await coreWith(dir, [allowed]);
    const url = 'http://127.0.0.1:9/x';
    for (const filePath of [
      join(allowed, '..', 'secret.bin'),
      join(allowed, 'link.bin'),
      join(dir, 'secret.bin'),
    ]) {
      await expect(core.commands.add({ filePath, url, suspended: true }), filePath).rejects.toMatchObject({
        code: 'not-allowed',
        message: expect.stringMatching(/outside the folders/),
      });
    }
    const inside = await core.commands.add({
      filePath: join(allowed, 'sub', 'ok.bin'),
      url,
      suspended: true,
    });
    expect(inside.bytesTotal).toBe(2);
    // A link from outside to a file inside is fine: the real path is what counts, and what is kept.
    const viaLink = await core.commands.add({
      filePath: join(dir, 'outside-link.bin'),
      url: `${url}2`,
      suspended: true,
    });
    expect(viaLink.filePath).toBe(join(allowed, 'sub', 'ok.bin'));
  });

  it('refuses to start with an allowed folder that does not exist', async () => {
    const dir = await temp();
    await expect(
      createCore({ dataDir: join(dir, 'data'), allowedRoots: [join(dir, 'nope')] }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/does not exist/),
    });
    // The data folder was released: a second attempt can open it.
    const core = await coreWith(dir);
    expect(core.dataDir).toBe(join(dir, 'data'));
  });

  it('exports the confinement check for hosts that browse folders', async () => {
    const dir = await temp();
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    await expect(confinePath(join(dir, 'a', 'b', '..'), [join(dir, 'a')])).resolves.toBe(join(dir, 'a'));
    await expect(confinePath(join(dir, 'a', '..'), [join(dir, 'a')])).rejects.toMatchObject({
      code: 'not-allowed',
    });
    expect(isInside('/data/a', '/data')).toBe(true);
    expect(isInside('/data', '/data')).toBe(true);
    expect(isInside('/database', '/data')).toBe(false);
    expect(isInside('/data/../etc', '/data')).toBe(false);
    expect(isInside('/data/..foo', '/data')).toBe(true);
  });
});
