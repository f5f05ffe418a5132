import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBitsServer } from '../e2e/bits-server/index.js';
import type { Core, Job } from '../shared/contract/core-api.js';
import { createCore } from './core.js';

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function settled(core: Core, id: string): Promise<Job> {
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

async function setup() {
  const bits = await startBitsServer({
    root: await temp('bits-names-server-'),
    reply: { build: ({ size, sha256 }) => `received ${size} bytes, sha256 ${sha256}` },
  });
  onTestFinished(() => bits.close());
  const core = await createCore({ dataDir: await temp('bits-names-data-') });
  onTestFinished(() => core.close());
  const files = await temp('bits-names-files-');
  const upload = async (name: string, bytes: Buffer) => {
    const filePath = join(files, name);
    writeFileSync(filePath, bytes);
    const job = await core.commands.add({
      filePath,
      url: bits.url(`/reply/${encodeURIComponent(name)}`),
      type: 'upload-reply',
    });
    return settled(core, job.id);
  };
  return { core, upload };
}

const replyFor = (bytes: Buffer) =>
  `received ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;

describe('default reply names', () => {
  it('saves the reply of a file named with 80 CJK characters under a name within 255 bytes', async () => {
    const { upload } = await setup();
    const name = `${'報告書類'.repeat(20)}`; // 80 characters, 240 bytes of UTF-8
    const bytes = randomBytes(50_000);
    const job = await upload(name, bytes);
    expect(job.error?.message).toBeUndefined();
    expect(job.state).toBe('acknowledged');
    const saved = basename(job.replyPath!);
    expect(Buffer.byteLength(saved)).toBeLessThanOrEqual(255 - 52);
    expect(saved.startsWith('報告書類')).toBe(true);
    expect(saved).toMatch(/^[報告書類]+\.[0-9a-f]{8}\.reply$/);
    expect(readFileSync(job.replyPath!, 'utf8')).toBe(replyFor(bytes));
    expect(readdirSync(dirname(job.replyPath!))).toEqual([saved]);
  });

  it('treats replyMaxBytes 0 as no limit, as the settings say', async () => {
    const { core, upload } = await setup();
    await core.commands.updateSettings({ replyMaxBytes: 0 });
    const bytes = randomBytes(1000);
    const job = await upload('limitless.bin', bytes);
    expect(job.error?.message).toBeUndefined();
    expect(readFileSync(job.replyPath!, 'utf8')).toBe(replyFor(bytes));
  });
});
