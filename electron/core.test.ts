import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type BitsServer, startBitsServer } from '../e2e/bits-server/index.js';
import type { Core, Job } from '../shared/contract/core-api.js';
import { createCore } from './core.js';

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function server(): Promise<BitsServer> {
  const started = await startBitsServer({ root: await temp('bits-core-root-') });
  onTestFinished(() => started.close());
  return started;
}

async function openCore(dataDir: string): Promise<Core> {
  const core = await createCore({ dataDir });
  onTestFinished(() => core.close());
  return core;
}

/** Subscribe first, then look at the current state: a job that is already there counts. */
function waitForState(core: Core, id: string, states: string[], timeoutMs = 20_000): Promise<Job> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`job ${id} never reached ${states.join('/')}`)),
      timeoutMs,
    );
    const done = (job: Job) => {
      clearTimeout(timer);
      off();
      resolve(job);
    };
    const off = core.subscribe((event) => {
      if (event.type === 'job-changed' && event.job.id === id && states.includes(event.job.state))
        done(event.job);
    });
    void core.queries.get(id).then((detail) => {
      if (detail && states.includes(detail.job.state)) done(detail.job);
    });
  });
}

describe('core: one owner per data folder, persistence across restarts', () => {
  it('refuses a second owner of the data folder with a clear error, and frees it on close', async () => {
    const dataDir = await temp('bits-core-');
    const first = await createCore({ dataDir });
    await expect(createCore({ dataDir })).rejects.toMatchObject({
      code: 'locked',
      message: expect.stringMatching(/already running with this data folder \(process \d+/),
    });
    await first.close();
    const second = await createCore({ dataDir });
    await second.close();
  });

  it('uploads a job to completion and keeps it in the history, with its timeline', async () => {
    const bits = await server();
    const dataDir = await temp('bits-core-');
    const files = await temp('bits-files-');
    const path = join(files, 'a.bin');
    const bytes = randomBytes(300_000);
    writeFileSync(path, bytes);
    const core = await openCore(dataDir);
    const job = await core.commands.add({
      filePath: path,
      url: bits.url('/up/a.bin'),
      fragmentSize: 64 * 1024,
    });
    await waitForState(core, job.id, ['acknowledged']);
    expect(readFileSync(bits.filePath('/up/a.bin')).equals(bytes)).toBe(true);
    const detail = await core.queries.get(job.id);
    expect(detail?.job).toMatchObject({ state: 'acknowledged', bytesAcked: 300_000, fileName: 'a.bin' });
    expect(detail?.events.map((event) => event.state).filter(Boolean)).toEqual([
      'queued',
      'connecting',
      'transferring',
      'transferred',
      'acknowledged',
    ]);
    expect((await core.queries.list({ states: ['acknowledged'] })).total).toBe(1);
    // One keep-alive connection carried the whole session.
    expect(new Set(bits.log.map((entry) => entry.connectionId)).size).toBe(1);
  });

  it('resumes an interrupted upload after a restart from the server’s cursor, re-sending at most one fragment', async () => {
    const bits = await server();
    const dataDir = await temp('bits-core-');
    const files = await temp('bits-files-');
    const path = join(files, 'big.bin');
    const bytes = randomBytes(8 * 1024 * 1024);
    writeFileSync(path, bytes);
    const fragment = 256 * 1024;
    const first = await createCore({ dataDir });
    await first.commands.updateSettings({ bandwidthLimitBps: 4 * 1024 * 1024 });
    const job = await first.commands.add({
      filePath: path,
      url: bits.url('/up/big.bin'),
      fragmentSize: fragment,
    });
    await new Promise<void>((resolve) => {
      const off = first.subscribe((event) => {
        if (event.type === 'progress' && event.jobId === job.id && event.bytesAcked >= 2 * 1024 * 1024) {
          off();
          resolve();
        }
      });
    });
    await first.close();
    const interrupted = bits.log.reduce(
      (sum, entry) => sum + (entry.packetType === 'Fragment' ? entry.bodyBytes : 0),
      0,
    );
    const second = await openCore(dataDir);
    await second.commands.updateSettings({ bandwidthLimitBps: 0 });
    const resumedFrom = (await second.queries.get(job.id))!.job.bytesAcked;
    expect(resumedFrom).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    await waitForState(second, job.id, ['acknowledged']);
    expect(readFileSync(bits.filePath('/up/big.bin')).equals(bytes)).toBe(true);
    const sent = bits.log.reduce(
      (sum, entry) => sum + (entry.packetType === 'Fragment' ? entry.bodyBytes : 0),
      0,
    );
    expect(sent - bytes.length).toBeLessThanOrEqual(fragment);
    expect(interrupted).toBeGreaterThan(0);
    const afterRestart = bits.log.slice(bits.log.findIndex((entry) => entry.packetType === 'Ping'));
    expect(afterRestart[0]?.packetType).toBe('Ping');
  });

  it('keeps suspended jobs suspended and flags jobs whose file vanished while closed', async () => {
    const dataDir = await temp('bits-core-');
    const files = await temp('bits-files-');
    writeFileSync(join(files, 'keep.bin'), 'x');
    writeFileSync(join(files, 'gone.bin'), 'y');
    const first = await createCore({ dataDir });
    await first.commands.updateSettings({ maxConcurrentJobs: 1 });
    const kept = await first.commands.add({
      filePath: join(files, 'keep.bin'),
      url: 'http://127.0.0.1:9/up',
      suspended: true,
    });
    const gone = await first.commands.add({
      filePath: join(files, 'gone.bin'),
      url: 'http://127.0.0.1:9/up',
      suspended: true,
    });
    await first.close();
    rmSync(join(files, 'gone.bin'));
    const second = await openCore(dataDir);
    expect((await second.queries.get(kept.id))?.job.state).toBe('suspended');
    await second.commands.resume(gone.id);
    const failed = await waitForState(second, gone.id, ['error']);
    expect(failed.error?.message).toMatch(/no longer exists/);
  });

  it('renames a corrupt database aside, says so, and starts with an empty queue', async () => {
    const dataDir = await temp('bits-core-');
    const first = await createCore({ dataDir });
    await first.close();
    const dbFile = readdirSync(dataDir).find((name) => name.endsWith('.db'))!;
    for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, dbFile + suffix), { force: true });
    writeFileSync(join(dataDir, dbFile), Buffer.alloc(8192, 0x5a));
    const second = await openCore(dataDir);
    expect(second.startupWarnings.join(' ')).toMatch(/corrupt|damaged/i);
    const aside = readdirSync(dataDir).find((name) => name.includes('.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dataDir, aside!)).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
    expect((await second.queries.list()).total).toBe(0);
  });

  it('validates input at the boundary with plain-language errors', async () => {
    const core = await openCore(await temp('bits-core-'));
    await expect(core.commands.add({ filePath: '', url: 'http://x/' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(core.commands.setPriority('nope', 'urgent' as never)).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(core.commands.suspend('no-such-job')).rejects.toMatchObject({ code: 'not-found' });
    await expect(core.commands.updateSettings({ maxConcurrentJobs: 0 })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    // Node timers overflow past ~24.8 days and fire at once: such delays are refused, not accepted.
    const month = 30 * 24 * 3600_000;
    for (const patch of [{ retry: { minDelayMs: month } }, { stallTimeoutMs: month }]) {
      await expect(core.commands.updateSettings(patch)).rejects.toMatchObject({ code: 'invalid-input' });
    }
    await expect(
      core.commands.add({
        filePath: '/etc/hostname',
        url: 'http://x/a',
        credentials: { user: 'a:b', password: 'p' },
      }),
    ).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/cannot contain ":"/) });
    const settings = await core.commands.updateSettings({
      bandwidthLimitBps: 1000,
      retry: { minDelayMs: 7000 },
    });
    expect(settings.retry).toMatchObject({ minDelayMs: 7000, maxDelayMs: 600_000 });
    expect(existsSync(join(core.dataDir, 'replies'))).toBe(true);
  });
});
