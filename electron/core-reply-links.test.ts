import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBitsServer } from '../e2e/bits-server/index.js';
import type { Core, Job } from '../shared/contract/core-api.js';
import { partPaths } from './bits/reply/part-file.js';
import { createCore } from './core.js';

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function finished(core: Core, id: string): Promise<Job> {
  return new Promise((resolve) => {
    const off = core.subscribe((event) => {
      if (event.type !== 'job-changed' || event.job.id !== id) return;
      if (event.job.state === 'acknowledged' || event.job.state === 'error') {
        off();
        resolve(event.job);
      }
    });
  });
}

describe('reply temp files against planted links (reference server, real files)', () => {
  it('never writes through a link planted at the temp path or at the sidecar path', async () => {
    const bits = await startBitsServer({
      root: await temp('bits-links-server-'),
      reply: { build: ({ size }) => `received ${size} bytes` },
    });
    onTestFinished(() => bits.close());
    const core = await createCore({ dataDir: await temp('bits-links-data-') });
    onTestFinished(() => core.close());
    const dir = await temp('bits-links-files-');
    const source = join(dir, 'data.bin');
    writeFileSync(source, randomBytes(30_000));
    mkdirSync(join(dir, 'outside'));
    const victims = [join(dir, 'outside', 'a.txt'), join(dir, 'outside', 'b.txt')];
    for (const victim of victims) writeFileSync(victim, 'must stay as it is');

    const replyPath = join(dir, 'receipt.xml');
    const job = await core.commands.add({
      filePath: source,
      url: bits.url('/reply/data.bin'),
      type: 'upload-reply',
      replyPath,
      suspended: true,
    });
    const { partPath, sidecarPath } = partPaths(replyPath, job.id);
    symlinkSync(victims[0]!, partPath);
    symlinkSync(victims[1]!, sidecarPath);
    const done = finished(core, job.id);
    await core.commands.resume(job.id);
    expect((await done).state).toBe('acknowledged');
    for (const victim of victims) expect(readFileSync(victim, 'utf8')).toBe('must stay as it is');
    expect(readFileSync(replyPath, 'utf8')).toBe('received 30000 bytes');
    expect(lstatSync(replyPath).isSymbolicLink()).toBe(false);
  });
});
