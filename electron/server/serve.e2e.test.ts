import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { randomFile, serverFor, tempDir } from '../../e2e/integration/support.js';
import type { Job } from '../../shared/jobs.js';
import { writeStaticFixture } from './testing/serve-fixture.js';
import { CLI, runCli, type ServeProcess, spawnServe } from './testing/serve-process.js';

async function serveOn(dataDir: string, staticDir: string): Promise<ServeProcess> {
  const serve = await spawnServe(['--data-dir', dataDir, '--static-dir', staticDir]);
  onTestFinished(() => {
    if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
  });
  return serve;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const states = async (serve: ServeProcess) =>
  (await serve.api<{ jobs: Job[] }>('jobs:list', { limit: 1000 })).jobs;

describe('bits-uploader serve as a real process', () => {
  it('stops cleanly on SIGTERM and on SIGINT (exit 0), releasing the data folder', async () => {
    expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
    const dir = await tempDir();
    writeStaticFixture(join(dir, 'static'));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const serve = await serveOn(join(dir, 'data'), join(dir, 'static'));
      const page = await fetch(`${serve.origin}/`);
      expect(page.status).toBe(200);
      serve.child.kill(signal);
      expect(await serve.exited, serve.stderr()).toEqual({ code: 0, signal: null });
    }
  });

  it('loses nothing to SIGKILL: a new serve on the folder resumes every job from the server’s cursor', async () => {
    const bits = await serverFor();
    const dir = await tempDir();
    writeStaticFixture(join(dir, 'static'));
    const dataDir = join(dir, 'data');
    const files = await Promise.all(
      [1, 2, 3].map((n) => randomFile(dir, 3 * 1024 * 1024 + n, `kill-${n}.bin`)),
    );
    const first = await serveOn(dataDir, join(dir, 'static'));
    await first.api('settings:update', { bandwidthLimitBps: 3 * 1024 * 1024, fragmentSize: 256 * 1024 });
    await first.api('jobs:add-many', {
      jobs: files.map((file, n) => ({ filePath: file.path, url: bits.url(`/up/kill-${n + 1}.bin`) })),
    });
    await until(async () => {
      const jobs = await states(first);
      return jobs.some((job) => job.bytesAcked > 0) ? true : undefined;
    }, 'some bytes acknowledged');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await serveOn(dataDir, join(dir, 'static'));
    await second.api('settings:update', { bandwidthLimitBps: 0 });
    await until(async () => {
      const jobs = await states(second);
      return jobs.length === 3 && jobs.every((job) => job.state === 'acknowledged') ? true : undefined;
    }, 'every job to finish');
    files.forEach((file, n) => {
      expect(readFileSync(bits.filePath(`/up/kill-${n + 1}.bin`)).equals(file.bytes)).toBe(true);
    });
    // Each file kept its one session: the restart asked the server for its cursor, it did not start over.
    expect(bits.log.filter((entry) => entry.packetType === 'Create-Session')).toHaveLength(3);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('the CLI remote: jobs add/list/wait through a running serve, and upload handed off to it', async () => {
    const bits = await serverFor();
    const dir = await tempDir();
    writeStaticFixture(join(dir, 'static'));
    const dataDir = join(dir, 'data');
    const a = await randomFile(dir, 300_000, 'a file.bin');
    const b = await randomFile(dir, 200_000, 'b.bin');
    const c = await randomFile(dir, 250_000, 'c.bin');
    const serve = await serveOn(dataDir, join(dir, 'static'));

    const added = await runCli([
      'jobs',
      'add',
      a.path,
      b.path,
      '--url',
      bits.url('/up/'),
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).not.toMatch(/No BITS Uploader is running/);
    const ids = added.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as Job).id);
    expect(ids).toHaveLength(2);
    const listed = await runCli(['jobs', 'list', '--data-dir', dataDir, '--json']);
    expect((JSON.parse(listed.stdout) as { total: number }).total).toBe(2);
    const waited = await runCli(['jobs', 'wait', ...ids, '--data-dir', dataDir, '--json']);
    expect(waited.code, waited.stderr).toBe(0);
    expect(
      waited.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).state),
    ).toEqual(['acknowledged', 'acknowledged']);
    expect(readFileSync(bits.filePath('/up/a file.bin')).equals(a.bytes)).toBe(true);
    expect(readFileSync(bits.filePath('/up/b.bin')).equals(b.bytes)).toBe(true);
    const table = await runCli(['jobs', 'list', '--data-dir', dataDir]);
    expect(table.stdout).toMatch(/acknowledged\s+100%.*a file\.bin/);

    const upload = await runCli(['upload', c.path, bits.url('/up/c.bin'), '--data-dir', dataDir, '--json']);
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stdout + upload.stderr).toMatch(/handed to it/);
    const events = upload.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.at(-1)).toMatchObject({ event: 'done' });
    expect(readFileSync(bits.filePath('/up/c.bin')).equals(c.bytes)).toBe(true);
    // The job lives in the instance: serve lists it.
    expect((await states(serve)).map((job) => job.fileName).sort()).toEqual(['a file.bin', 'b.bin', 'c.bin']);
  });

  it('Ctrl-C on a handed-off upload stops following only; the job finishes in the instance', async () => {
    const bits = await serverFor();
    const dir = await tempDir();
    writeStaticFixture(join(dir, 'static'));
    const dataDir = join(dir, 'data');
    const file = await randomFile(dir, 2 * 1024 * 1024, 'slow.bin');
    const serve = await serveOn(dataDir, join(dir, 'static'));
    await serve.api('settings:update', { bandwidthLimitBps: 1024 * 1024, fragmentSize: 128 * 1024 });
    const upload = await runCli(
      ['upload', file.path, bits.url('/up/slow.bin'), '--data-dir', dataDir, '--json'],
      {
        onStdoutLine: (line, child) => {
          const event = JSON.parse(line) as { bytesAcked?: number };
          if ((event.bytesAcked ?? 0) > 0 && !child.killed) child.kill('SIGINT');
        },
      },
    );
    expect(upload.code, upload.stderr).toBe(130);
    const hint = /bits-uploader jobs wait ([0-9a-f-]{36})/.exec(upload.stdout + upload.stderr);
    expect(hint, upload.stderr).not.toBeNull();
    await serve.api('settings:update', { bandwidthLimitBps: 0 });
    const waited = await runCli(['jobs', 'wait', hint![1]!, '--data-dir', dataDir]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(readFileSync(bits.filePath('/up/slow.bin')).equals(file.bytes)).toBe(true);
  });

  it('with no instance running, jobs add changes the folder itself, says so, and the next serve runs the jobs', async () => {
    const bits = await serverFor();
    const dir = await tempDir();
    writeStaticFixture(join(dir, 'static'));
    const dataDir = join(dir, 'data');
    const file = await randomFile(dir, 100_000, 'later.bin');
    const added = await runCli([
      'jobs',
      'add',
      file.path,
      '--url',
      bits.url('/up/later/'),
      '--data-dir',
      dataDir,
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/No BITS Uploader is running on .*jobs start with the next instance/);
    expect(bits.log).toHaveLength(0);
    const waitAlone = await runCli(['jobs', 'wait', added.stdout.split(/\s/)[0]!, '--data-dir', dataDir]);
    expect(waitAlone.code).toBe(1);
    const serve = await serveOn(dataDir, join(dir, 'static'));
    await until(
      async () => ((await states(serve))[0]?.state === 'acknowledged' ? true : undefined),
      'the job',
    );
    expect(readFileSync(bits.filePath('/up/later/later.bin')).equals(file.bytes)).toBe(true);
    const settings = await runCli(['settings', 'set', 'maxConcurrentJobs=4', '--data-dir', dataDir]);
    expect(settings.code, settings.stderr).toBe(0);
    expect(settings.stdout).toContain('maxConcurrentJobs=4');
    expect((await serve.api<{ maxConcurrentJobs: number }>('settings:get')).maxConcurrentJobs).toBe(4);
  });
});
