import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type BitsServer, startBitsServer } from '../e2e/bits-server/index.js';
import type { Core, Job } from '../shared/contract/core-api.js';
import { createCore } from './core.js';
import type { KeyStore } from './store/index.js';
import { rawSecretColumns } from './store/testing/raw-row.js';

const PASSWORD = 'Corr3ct-Horse-Battery-Staple';
const TOKEN = 'X-Tenant-Secret-4f7a9c';
const CREDENTIALS = { user: 'ann', password: PASSWORD };

async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function authServer(): Promise<BitsServer> {
  const server = await startBitsServer({ root: await temp('bits-secrets-root-'), auth: CREDENTIALS });
  onTestFinished(() => server.close());
  return server;
}

async function openCore(dataDir: string, keyStore?: KeyStore): Promise<Core> {
  const core = await createCore({ dataDir, keyStore });
  onTestFinished(() => core.close());
  return core;
}

function sourceFile(dir: string, size: number): string {
  const path = join(dir, `src-${randomBytes(4).toString('hex')}.bin`);
  writeFileSync(path, randomBytes(size));
  return path;
}

function waitForState(core: Core, id: string, states: string[]): Promise<Job> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${id} never reached ${states.join('/')}`)), 20_000);
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

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every file of the data folder, as one buffer: what someone reading the folder could see. */
function folderBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => readFileSync(path)),
  );
}

function row(dataDir: string, id: string) {
  return rawSecretColumns(join(dataDir, 'bits-uploader.db'), id)!;
}

describe('secrets at rest, through the core and the reference server', () => {
  it('never puts the password or a header value in any file, mid-transfer; erases them once cancelled', async () => {
    const server = await authServer();
    const dir = await temp('bits-secrets-');
    const dataDir = join(dir, 'data');
    // The third fragment gets no answer: the job sits mid-transfer with its secrets in use.
    server.faults.add({
      match: { packet: 'Fragment', minOffset: 128 * 1024 },
      action: { type: 'stall', ms: Number.POSITIVE_INFINITY },
    });
    const core = await openCore(dataDir);
    const job = await core.commands.add({
      filePath: sourceFile(dir, 512 * 1024),
      url: server.url('/up/secret.bin'),
      headers: [['X-Tenant', TOKEN]],
      credentials: CREDENTIALS,
      fragmentSize: 64 * 1024,
    });
    await until('the stalled fragment', () => server.faults.rules[0]!.fired > 0);
    expect((await core.queries.get(job.id))?.job.state).toBe('transferring');
    const during = folderBytes(dataDir);
    expect(during.includes(PASSWORD)).toBe(false);
    expect(during.includes(TOKEN)).toBe(false);
    expect(during.includes(Buffer.from(`ann:${PASSWORD}`).toString('base64'))).toBe(false);

    // Cancel-Session needs the credentials (the server asks for them): kept until it is delivered.
    await core.commands.cancel(job.id);
    await until('Cancel-Session delivered', async () =>
      ((await core.queries.get(job.id))?.events ?? []).some((event) =>
        /discarded the partial/.test(event.message),
      ),
    );
    expect(server.log.some((entry) => entry.packetType === 'Cancel-Session' && entry.status === 200)).toBe(
      true,
    );
    expect(row(dataDir, job.id)).toEqual({ headers_json: '[["X-Tenant",""]]', credentials_json: null });
    await core.close();
    expect(folderBytes(dataDir).includes(PASSWORD)).toBe(false);
  });

  it('erases them when an upload completes', async () => {
    const server = await authServer();
    const dir = await temp('bits-secrets-');
    const dataDir = join(dir, 'data');
    const core = await openCore(dataDir);
    const added = await core.commands.add({
      filePath: sourceFile(dir, 100_000),
      url: server.url('/up/done.bin'),
      headers: [['X-Tenant', TOKEN]],
      credentials: CREDENTIALS,
    });
    const before = row(dataDir, added.id);
    expect(before.credentials_json).toMatch(/"password":"bus1\./);
    const done = await waitForState(core, added.id, ['acknowledged', 'error']);
    expect(done.state).toBe('acknowledged');
    expect(done.hasCredentials).toBe(false);
    expect(row(dataDir, added.id)).toEqual({ headers_json: '[["X-Tenant",""]]', credentials_json: null });
    const envelope = /"password":"([^"]+)"/.exec(before.credentials_json!)![1]!;
    await core.close();
    const bytes = folderBytes(dataDir);
    expect(bytes.includes(PASSWORD)).toBe(false);
    expect(bytes.includes(envelope)).toBe(false);
  });

  it('keeps a job whose key file went missing, shows why, refuses to run it, and runs it once the password is given again', async () => {
    const server = await authServer();
    const dir = await temp('bits-secrets-');
    const dataDir = join(dir, 'data');
    const first = await createCore({ dataDir });
    const job = await first.commands.add({
      filePath: sourceFile(dir, 50_000),
      url: server.url('/up/again.bin'),
      credentials: CREDENTIALS,
      suspended: true,
    });
    await first.close();
    unlinkSync(join(dataDir, 'secret.key'));

    const core = await openCore(dataDir);
    expect(core.startupWarnings.join('\n')).toMatch(/password of job .* cannot be read .*; enter it again/);
    const shown = (await core.queries.get(job.id))!.job;
    expect(shown.state).toBe('error');
    expect(shown.hasCredentials).toBe(false);
    expect(shown.error?.message).toMatch(/^The saved password for this job cannot be read; enter it again/);
    await expect(core.commands.resume(job.id)).rejects.toMatchObject({
      code: 'invalid-state',
      message: expect.stringMatching(/cannot be read; enter it again/),
    });
    expect(server.log).toEqual([]);

    await core.commands.update(job.id, { credentials: CREDENTIALS });
    await core.commands.resume(job.id);
    expect((await waitForState(core, job.id, ['acknowledged', 'error'])).state).toBe('acknowledged');
  });

  it('takes its key from the keyStore option; another key leaves the job kept and waiting', async () => {
    const dir = await temp('bits-secrets-');
    const dataDir = join(dir, 'data');
    const keyOf = (fill: number): KeyStore => ({
      description: `test key ${fill}`,
      loadOrCreateKey: async () => Buffer.alloc(32, fill),
    });
    const first = await createCore({ dataDir, keyStore: keyOf(1) });
    const job = await first.commands.add({
      filePath: sourceFile(dir, 1000),
      url: 'http://127.0.0.1:9/up/x.bin',
      credentials: CREDENTIALS,
      headers: [['X-Tenant', TOKEN]],
      suspended: true,
    });
    await first.close();
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false);

    const core = await openCore(dataDir, keyOf(2));
    const shown = (await core.queries.get(job.id))!.job;
    expect(shown.state).toBe('error');
    expect(shown.error?.message).toMatch(
      /password and header values for this job cannot be read; enter them again/,
    );
    await core.close();
    const right = await openCore(dataDir, keyOf(1));
    expect((await right.queries.get(job.id))!.job).toMatchObject({
      state: 'suspended',
      hasCredentials: true,
    });
  });

  it('starts without a usable key file, says so, keeps jobs, and refuses new passwords clearly', async () => {
    const dir = await temp('bits-secrets-');
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'secret.key'), 'garbage\n', { mode: 0o600 });
    const core = await openCore(dataDir);
    expect(core.startupWarnings.join('\n')).toMatch(/secret\.key is damaged/);
    await expect(
      core.commands.add({
        filePath: sourceFile(dir, 10),
        url: 'http://127.0.0.1:9/up/',
        credentials: CREDENTIALS,
      }),
    ).rejects.toMatchObject({ code: 'invalid-state', message: expect.stringMatching(/cannot be saved/) });
    const plain = await core.commands.add({
      filePath: sourceFile(dir, 10),
      url: 'http://127.0.0.1:9/up/y',
      suspended: true,
    });
    expect(plain.state).toBe('suspended');
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).toBe('garbage\n');
  });
});

describe('owner-only files in a data folder that already exists', () => {
  const CORE = join(import.meta.dirname, '../dist/electron/core.js');

  it('creates the database, its WAL/SHM, the lock and the key file 0600 under umask 0, and tightens wider ones', async () => {
    expect(existsSync(CORE), 'run `npm run build` first (npm test does)').toBe(true);
    const dir = await temp('bits-modes-');
    const dataDir = join(dir, 'shared');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const file = sourceFile(dir, 10);
    // umask is per process: a child with umask 0 opens the folder and reports the modes it sees.
    const script = `
      import { readdirSync, statSync } from 'node:fs';
      import { join } from 'node:path';
      process.umask(0);
      const { createCore } = await import(${JSON.stringify(CORE)});
      const [dataDir, file] = process.argv.slice(1);
      const core = await createCore({ dataDir });
      await core.commands.add({ filePath: file, url: 'http://127.0.0.1:9/up/', credentials: { user: 'u', password: 'p' }, suspended: true });
      const modes = {};
      for (const name of readdirSync(dataDir)) modes[name] = (statSync(join(dataDir, name)).mode & 0o777).toString(8);
      await core.close();
      console.log(JSON.stringify(modes));`;
    const run = () =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script, dataDir, file], {
          encoding: 'utf8',
        }),
      ) as Record<string, string>;
    expect(run()).toEqual({
      'bits-uploader.db': '600',
      'bits-uploader.db-wal': '600',
      'bits-uploader.db-shm': '600',
      'bits-uploader.lock': '600',
      'secret.key': '600',
      replies: '700',
    });
    chmodSync(join(dataDir, 'bits-uploader.db'), 0o666);
    chmodSync(join(dataDir, 'secret.key'), 0o644);
    writeFileSync(join(dataDir, 'bits-uploader.db-wal'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'bits-uploader.db-wal'), 0o644);
    const again = run();
    expect(again['bits-uploader.db']).toBe('600');
    expect(again['bits-uploader.db-wal']).toBe('600');
    expect(again['secret.key']).toBe('600');
  });
});
