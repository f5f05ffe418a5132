import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeIoOptions } from './testing/fake-io.js';
import { jobError, lines, startUpload, UPLOAD_URL as URL_, uploadFixture } from './testing/upload-harness.js';

let dir: string;
let file: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, file, cleanup } = await uploadFixture());
});
afterAll(() => cleanup());

const start = (argv: string[] = [], options: FakeIoOptions = {}) => startUpload(dir, argv, options);

describe('--json', () => {
  it('writes only JSON lines on stdout, of stable shapes', async () => {
    const t = await start(['--json']);
    t.core.state('connecting');
    t.core.state('transferring');
    t.core.progress({ bytesAcked: 1024, bytesInFlight: 512, speedBps: 2048, etaSeconds: 2 });
    t.core.progress({ bytesAcked: 2048, speedBps: 2048 });
    t.core.state('transient-error', {
      error: jobError({ classification: 'transient', message: 'Connection lost.' }),
      nextRetryAt: t.clock.now() + 7000,
    });
    t.core.state('queued');
    t.core.state('transferred', { bytesAcked: 4096 });
    t.core.state('acknowledged');
    expect(await t.exit).toBe(0);
    const events = lines(t.out()).map((line) => JSON.parse(line));
    expect(events.map((event) => event.event)).toEqual([
      'start',
      'state',
      'state',
      'progress',
      'progress',
      'state',
      'state',
      'state',
      'state',
      'done',
    ]);
    expect(events[0]).toEqual({
      event: 'start',
      jobId: 'job-new',
      file,
      url: URL_,
      type: 'upload',
      state: 'queued',
      bytesAcked: 0,
      bytesTotal: 4096,
      resumed: false,
    });
    expect(events[3]).toEqual({
      event: 'progress',
      jobId: 'job-new',
      phase: 'upload',
      bytesAcked: 1024,
      bytesTotal: 4096,
      bytesInFlight: 512,
      speedBps: 2048,
      etaSeconds: 2,
      replyBytes: null,
      replyTotal: null,
    });
    expect(events[4].etaSeconds).toBeNull();
    expect(events[5]).toMatchObject({
      event: 'state',
      state: 'transient-error',
      retryInSeconds: 7,
      message: 'Connection lost.',
    });
    expect(events[9]).toEqual({
      event: 'done',
      jobId: 'job-new',
      bytesTotal: 4096,
      replyPath: null,
      sha256: null,
    });
    expect(t.err()).toBe('');
  });

  it('reports a failure as an error line', async () => {
    const t = await start(['--json']);
    t.core.state('error', { error: jobError() });
    expect(await t.exit).toBe(1);
    expect(JSON.parse(lines(t.out()).at(-1)!)).toEqual({
      event: 'error',
      jobId: 'job-new',
      message: 'The server refused the upload (HTTP 403).',
      hint: 'Check your permissions.',
      code: '0x80070005',
      context: 5,
      contextText: 'the server, handling the uploaded file',
      httpStatus: 403,
      phase: 'upload',
      exitCode: 1,
    });
  });

  it('reports an interruption as a JSON line too', async () => {
    const t = await start(['--json']);
    t.interrupt();
    expect(await t.exit).toBe(130);
    expect(JSON.parse(lines(t.out()).at(-1)!)).toEqual({
      event: 'interrupted',
      bytesAcked: 0,
      bytesTotal: 4096,
    });
    expect(t.err()).toMatch(/^Interrupted\. Run the same command again/);
  });
});

describe('on a terminal', () => {
  it('redraws one line at most every 100 ms and leaves the final line in place', async () => {
    const t = await start([], { stderrTTY: true, columns: 100 });
    t.core.state('transferring');
    for (let i = 1; i <= 20; i++) t.core.progress({ bytesAcked: i * 100, speedBps: 5000, etaSeconds: 3 });
    const redraws = () => t.err().split('\r').length - 1;
    const before = redraws();
    await t.clock.advance(100);
    expect(redraws()).toBe(before + 1);
    expect(t.err().split('\r').at(-1)).toMatch(
      /^Uploading {2}█+░+ {3}48% {2}2\.0 KiB \/ 4\.0 KiB {2}4\.9 KiB\/s {2}ETA 3 s\x1b\[K$/,
    );
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
    const out = t.err();
    expect(out.split('\r').length - 1).toBeLessThan(10);
    expect(out).toMatch(/\rDone {2}█+ {2}100% {2}4\.0 KiB \/ 4\.0 KiB\x1b\[K\nDone: a\.bin/);
    expect(out.startsWith(`Uploading ${file}`)).toBe(true);
  });

  it('counts down a retry once a second', async () => {
    const t = await start([], { stderrTTY: true, columns: 100 });
    t.core.state('transient-error', {
      error: jobError({ message: 'Connection lost.', classification: 'transient' }),
      nextRetryAt: t.clock.now() + 12_000,
    });
    await t.clock.advance(100);
    expect(t.err().split('\r').at(-1)).toBe('Retrying in 12 s: Connection lost.\x1b[K');
    await t.clock.advance(3000);
    expect(t.err().split('\r').at(-1)).toBe('Retrying in 9 s: Connection lost.\x1b[K');
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
  });
});

describe('the file’s SHA-256', () => {
  it('is printed with the result, and given in --json', async () => {
    const sha256 = 'ab'.repeat(32);
    const t = await start();
    t.core.state('acknowledged', { bytesAcked: 4096, sha256 });
    expect(await t.exit).toBe(0);
    expect(lines(t.err())).toContain(`SHA-256: ${sha256}`);
    const json = await start(['--json']);
    json.core.state('acknowledged', { bytesAcked: 4096, sha256 });
    expect(await json.exit).toBe(0);
    expect(JSON.parse(lines(json.out()).at(-1)!)).toMatchObject({ event: 'done', sha256 });
  });
});
