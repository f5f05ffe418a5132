import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../shared/contract/core-api.js';
import { main } from './main.js';
import { FakeCore, makeJob } from './testing/fake-core.js';
import { type FakeIoOptions, fakeIo, until } from './testing/fake-io.js';
import { jobError, lines, startUpload, UPLOAD_URL as URL_, uploadFixture } from './testing/upload-harness.js';

let dir: string;
let file: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, file, cleanup } = await uploadFixture());
});
afterAll(() => cleanup());

const start = (argv: string[] = [], options: FakeIoOptions = {}) => startUpload(dir, argv, options);

describe('upload with plain log output (stderr is not a terminal)', () => {
  it('adds the job, follows it to the end and exits 0', async () => {
    const t = await start();
    expect(t.core.calls.slice(0, 3)).toEqual(['subscribe', 'findUnfinished upload', 'add']);
    expect(t.core.added[0]).toEqual({
      filePath: file,
      url: URL_,
      type: 'upload',
      headers: [],
      credentials: undefined,
      replyPath: undefined,
      fragmentSize: undefined,
      caFile: undefined,
    });
    t.core.state('connecting');
    t.core.state('transferring');
    t.core.progress({ bytesAcked: 2048, bytesInFlight: 1024, speedBps: 1000 });
    t.core.progress({ bytesAcked: 2100 });
    t.core.state('transferred', { bytesAcked: 4096 });
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
    expect(lines(t.err())).toEqual([
      `Uploading ${file} (4.0 KiB) to ${URL_}`,
      'Connecting to server.example.',
      'Transferring (the server has 0 B of 4.0 KiB).',
      'Uploaded 50% (2.0 KiB of 4.0 KiB).',
      'Upload complete.',
      'Done: a.bin (4.0 KiB) is on the server.',
    ]);
    expect(t.err()).not.toContain('\r');
    expect(t.out()).toBe('');
    expect(t.core.closed).toBeGreaterThan(0);
    expect(t.listening()).toBe(false);
  });

  it('catches events the core emits before add() returns (subscribe first)', async () => {
    const core = new FakeCore();
    core.onAdd = () => {
      core.state('connecting');
      core.state('transferring');
      core.state('transferred', { bytesAcked: 4096 });
      core.state('acknowledged');
    };
    const t = fakeIo({ cwd: dir, core });
    expect(await main(['upload', 'a.bin', URL_], t.io)).toBe(0);
    expect(t.err()).toMatch(/Done: a\.bin/);
  });

  it('makes an upload-reply job with --reply and says where the reply went', async () => {
    const t = await start(['--reply', 'out/reply.xml', '--priority', 'foreground', '--fragment-size', '1M']);
    expect(t.core.calls[1]).toBe('findUnfinished upload-reply');
    expect(t.core.added[0]).toMatchObject({
      type: 'upload-reply',
      replyPath: join(dir, 'out/reply.xml'),
      priority: 'foreground',
      fragmentSize: 1024 * 1024,
    });
    t.core.state('transferring');
    t.core.progress({ phase: 'reply', bytesAcked: 4096, replyBytes: 10 });
    t.core.state('transferred', { bytesAcked: 4096 });
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
    expect(t.err()).toContain('Downloading the reply.');
    expect(t.err()).toContain(`Reply saved to ${join(dir, 'out/reply.xml')}`);
  });

  it('resumes an unfinished job and says how much the server has', async () => {
    const core = new FakeCore();
    core.unfinished = makeJob({
      id: 'old',
      filePath: file,
      url: URL_,
      state: 'transient-error',
      bytesAcked: 1024,
    });
    const t = await start(['--priority', 'low'], { core });
    expect(t.core.calls).toEqual([
      'subscribe',
      'findUnfinished upload',
      'update old',
      'setPriority old',
      'resume old',
    ]);
    expect(t.err()).toContain('Resuming: the server has 1.0 KiB of 4.0 KiB.');
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
  });

  it('follows a job the core restarted by itself without resuming it', async () => {
    const core = new FakeCore();
    core.unfinished = makeJob({
      id: 'old',
      filePath: file,
      url: URL_,
      state: 'transferring',
      bytesAcked: 2048,
    });
    const t = await start([], { core });
    await until(() => t.err().includes('Resuming'));
    expect(t.core.calls).toEqual(['subscribe', 'findUnfinished upload', 'update old']);
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
  });

  it('completes a resumed job that waits for completion', async () => {
    const core = new FakeCore();
    core.unfinished = makeJob({ id: 'old', state: 'transferred', holdCompletion: true, bytesAcked: 4096 });
    const t = fakeIo({ cwd: dir, core });
    expect(await main(['upload', 'a.bin', URL_], t.io)).toBe(0);
    expect(core.calls).toContain('complete old');
  });

  it('retries a job that failed on authentication with the credentials given now', async () => {
    const core = new FakeCore();
    core.unfinished = makeJob({ id: 'old', state: 'error', error: jobError({ httpStatus: 401 }) });
    const t = await start(['--user', 'ann:pw'], { core });
    expect(t.core.calls).toEqual(['subscribe', 'findUnfinished upload', 'update old', 'resume old']);
    expect(t.core.job?.hasCredentials).toBe(true);
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
  });

  it('starts over when the file changed since the failed attempt', async () => {
    const core = new FakeCore();
    core.unfinished = makeJob({
      id: 'old',
      state: 'error',
      error: jobError({ phase: 'local-file', code: '0x8020001D' }),
    });
    const t = await start([], { core });
    expect(t.core.calls).toEqual(['subscribe', 'findUnfinished upload', 'cancel old', 'remove old', 'add']);
    expect(t.err()).toMatch(/Starting over/);
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
  });

  it('prints startup warnings and the Basic-over-http warning, never the password', async () => {
    const core = new FakeCore();
    core.startupWarnings = ['1 job(s) could not continue because their file vanished or changed.'];
    const t = await start(['--user', 'ann:hunter2'], { core });
    t.core.state('acknowledged');
    await t.exit;
    expect(t.err()).toMatch(
      /Warning: Your user name and password will be sent unencrypted to http:\/\/server\.example/,
    );
    expect(t.err()).toMatch(/Warning: 1 job\(s\) could not continue/);
    expect(t.err() + t.out()).not.toContain('hunter2');
  });
});

describe('passwords', () => {
  it('asks on the terminal when only a user name is given', async () => {
    const t = await start(['--user', 'ann'], { stdinTTY: true, password: 's:ecret' });
    expect(t.prompts).toEqual(['Password for ann: ']);
    expect(t.core.added[0]!.credentials).toEqual({ user: 'ann', password: 's:ecret' });
    t.core.state('acknowledged');
    await t.exit;
    expect(t.err()).not.toContain('s:ecret');
  });

  it('reads BITS_UPLOADER_PASSWORD instead of asking', async () => {
    const t = await start(['--user', 'ann'], { stdinTTY: true, env: { BITS_UPLOADER_PASSWORD: 'fromenv' } });
    expect(t.prompts).toEqual([]);
    expect(t.core.added[0]!.credentials).toEqual({ user: 'ann', password: 'fromenv' });
    t.core.state('acknowledged');
    await t.exit;
  });

  it('is a usage error without a terminal to ask on', async () => {
    const t = fakeIo({ cwd: dir });
    expect(await main(['upload', 'a.bin', URL_, '--user', 'ann'], t.io)).toBe(2);
    expect(t.err()).toMatch(/no password and there is no terminal/);
    expect(t.opened).toHaveLength(0);
  });
});

describe('exit codes of a failed upload', () => {
  it.each([
    ['a server refusal', jobError(), 1],
    [
      'a changed local file',
      jobError({ phase: 'local-file', context: 4, code: '0x8020001D', httpStatus: undefined }),
      3,
    ],
    ['a failed reply download', jobError({ phase: 'reply', httpStatus: 404 }), 4],
    ['a reply that could not be written', jobError({ phase: 'reply', context: 4, httpStatus: undefined }), 4],
  ])('%s', async (_name, error, code) => {
    const t = await start();
    t.core.state('transferring');
    t.core.state('error', { error });
    expect(await t.exit).toBe(code);
  });

  it('explains the error: message, hint, HTTP status, BITS code and context', async () => {
    const t = await start();
    t.core.state('error', { error: jobError() });
    expect(await t.exit).toBe(1);
    expect(lines(t.err()).slice(-4)).toEqual([
      'Upload failed: The server refused the upload (HTTP 403).',
      '  What to do: Check your permissions.',
      '  HTTP status: 403',
      '  BITS error 0x80070005 (context 0x5: the server, handling the uploaded file)',
    ]);
  });

  it('says the upload succeeded when only the reply failed', async () => {
    const t = await start();
    t.core.state('error', {
      error: jobError({ phase: 'reply', message: 'The reply could not be downloaded.' }),
    });
    expect(await t.exit).toBe(4);
    expect(t.err()).toContain(
      'The upload succeeded, but the reply failed: The reply could not be downloaded.',
    );
  });

  it('exits 1 when the job is cancelled', async () => {
    const t = await start();
    t.core.state('cancelled');
    expect(await t.exit).toBe(1);
    expect(t.err()).toMatch(/The upload was cancelled/);
  });

  it('exits 2 when the core rejects the input', async () => {
    const core = new FakeCore();
    core.addError = new CoreError('invalid-input', 'fragmentSize: Too small');
    const t = fakeIo({ cwd: dir, core });
    expect(await main(['upload', 'a.bin', URL_], t.io)).toBe(2);
    expect(t.err()).toMatch(/fragmentSize: Too small/);
  });
});

describe('transient errors', () => {
  const connectError = jobError({
    message: 'Could not connect to the server (ECONNREFUSED).',
    classification: 'transient',
    context: 6,
    code: '0x8020002D',
    httpStatus: undefined,
  });

  it('shows the retry and keeps going', async () => {
    const t = await start();
    t.core.state('connecting');
    t.core.state('transient-error', { error: connectError, nextRetryAt: t.clock.now() + 12_000 });
    await t.clock.advance(12_000);
    t.core.state('queued');
    t.core.state('connecting');
    t.core.state('transferring');
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
    expect(t.err()).toContain('Retrying in 12 s: Could not connect to the server (ECONNREFUSED).');
  });

  it('gives up after --give-up-after without progress', async () => {
    const t = await start(['--give-up-after', '20']);
    t.core.state('transient-error', { error: connectError, nextRetryAt: t.clock.now() + 5000 });
    await t.clock.advance(5000);
    t.core.state('queued');
    t.core.state('connecting');
    t.core.state('transient-error', { error: connectError, nextRetryAt: t.clock.now() + 10_000 });
    await t.clock.advance(15_000);
    expect(await t.exit).toBe(1);
    expect(t.err()).toMatch(
      /Upload failed: Gave up after 20 s of retrying without progress. Last error: Could not connect/,
    );
    expect(t.err()).toMatch(/Run the same command again to resume/);
  });

  it('restarts the give-up clock when bytes move', async () => {
    const t = await start(['--give-up-after', '20']);
    t.core.state('transient-error', { error: connectError, nextRetryAt: t.clock.now() + 15_000 });
    await t.clock.advance(15_000);
    t.core.state('transferring');
    t.core.progress({ bytesAcked: 1024 });
    t.core.state('transient-error', {
      error: connectError,
      bytesAcked: 1024,
      nextRetryAt: t.clock.now() + 15_000,
    });
    await t.clock.advance(15_000);
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('closes the core, says how to resume and exits 130', async () => {
    const t = await start();
    t.core.state('transferring');
    t.core.progress({ bytesAcked: 1024 });
    t.interrupt();
    expect(await t.exit).toBe(130);
    expect(t.core.closed).toBeGreaterThan(0);
    expect(lines(t.err()).at(-1)).toBe(
      'Interrupted. Run the same command again to resume (the server has 1.0 KiB of 4.0 KiB).',
    );
    expect(t.exits).toEqual([]);
  });

  it('exits at once on a second Ctrl-C while closing', async () => {
    const core = new FakeCore();
    let release!: () => void;
    core.closing = new Promise((resolve) => {
      release = resolve;
    });
    const t = await start([], { core });
    t.interrupt();
    await until(() => core.closed > 0);
    t.interrupt();
    expect(t.exits).toEqual([130]);
    release();
    expect(await t.exit).toBe(130);
  });
});
