import { chmodSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBitsServer } from '../../e2e/bits-server/index.js';
import type { Core, Job } from '../../shared/contract/core-api.js';
import { createCore } from '../core.js';
import { dispatchHost } from '../host/dispatch-host.js';
import { createDesktopHost, type DesktopShell } from './desktop-host.js';

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-desktop-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function finished(core: Core, id: string): Promise<Job> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${id} did not finish`)), 20_000);
    const off = core.subscribe((event) => {
      if (event.type !== 'job-changed' || event.job.id !== id) return;
      if (event.job.state === 'acknowledged' || event.job.state === 'error') {
        clearTimeout(timer);
        off();
        resolve(event.job);
      }
    });
  });
}

/** Stands for Electron's shell module (no Electron binary here): records what it was asked. */
function recordingShell() {
  const calls: string[] = [];
  const shell: DesktopShell = {
    openPath: async (path) => {
      calls.push(`open ${path}`);
      return '';
    },
    showItemInFolder: (path) => void calls.push(`show ${path}`),
  };
  return { shell, calls };
}

async function setUp() {
  const dir = await temp();
  const server = await startBitsServer({ root: join(dir, 'server') });
  onTestFinished(() => server.close());
  const core = await createCore({ dataDir: join(dir, 'data') });
  onTestFinished(() => core.close());
  const file = join(dir, 'dump.bin');
  writeFileSync(file, 'crash dump bytes');
  const upload = async (replyName: string) => {
    const job = await core.commands.add({
      filePath: file,
      url: server.url(`/reply/${replyName}.bin`),
      type: 'upload-reply',
      replyPath: join(dir, replyName),
    });
    expect((await finished(core, job.id)).state).toBe('acknowledged');
    return job;
  };
  const { shell, calls } = recordingShell();
  return { dir, core, file, upload, calls, host: createDesktopHost(core, shell, '1.2.3') };
}

describe('desktop HostServices (real core, real reference server, real files)', () => {
  it('opens a reply the app wrote, through the channel and directly, and nothing else', async () => {
    const { dir, core, upload, calls, host, file } = await setUp();
    const job = await upload('receipt.xml');
    expect(await dispatchHost({ core, host }, 'replies:open', { jobId: job.id })).toBeNull();
    expect(calls).toEqual([`open ${join(dir, 'receipt.xml')}`]);
    calls.length = 0;
    for (const other of [file, join(dir, 'data', 'bits-uploader.db'), '/etc/passwd', join(dir, 'missing')]) {
      await expect(host.openPath(other), other).rejects.toMatchObject({ code: 'not-allowed' });
    }
    expect(calls).toEqual([]);
  });

  it('does not open a reply that is named or marked like a program, but shows it', async () => {
    const { dir, upload, calls, host } = await setUp();
    await upload('run.sh');
    await expect(host.openPath(join(dir, 'run.sh'))).rejects.toMatchObject({ code: 'not-allowed' });
    await upload('plain');
    chmodSync(join(dir, 'plain'), 0o755);
    if (process.platform !== 'win32') {
      await expect(host.openPath(join(dir, 'plain'))).rejects.toMatchObject({ code: 'not-allowed' });
    }
    await host.revealPath(join(dir, 'run.sh'));
    expect(calls).toEqual([`show ${join(dir, 'run.sh')}`]);
  });

  it("reveals a reply or a job's own file, never another file", async () => {
    const { dir, upload, calls, host, file } = await setUp();
    await upload('reply.txt');
    await host.revealPath(file);
    await host.revealPath(join(dir, 'reply.txt'));
    expect(calls).toEqual([`show ${file}`, `show ${join(dir, 'reply.txt')}`]);
    writeFileSync(join(dir, 'other.txt'), 'not ours');
    await expect(host.revealPath(join(dir, 'other.txt'))).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(host.revealPath(join(dir, 'gone.txt'))).rejects.toMatchObject({ code: 'not-found' });
    expect(calls).toHaveLength(2);
  });

  it('files:reveal shows the local file of a job in its folder', async () => {
    const { core, upload, calls, host, file } = await setUp();
    const job = await upload('reply-2.txt');
    expect(await dispatchHost({ core, host }, 'files:reveal', { jobId: job.id })).toBeNull();
    expect(calls).toEqual([`show ${file}`]);
  });

  it('describes itself as the desktop host', async () => {
    const { core, host } = await setUp();
    expect(await dispatchHost({ core, host }, 'app:info', {})).toMatchObject({
      version: '1.2.3',
      hostKind: 'desktop',
      capabilities: { canOpenFiles: true, canRevealFiles: true, canStageUploads: false },
    });
  });
});
