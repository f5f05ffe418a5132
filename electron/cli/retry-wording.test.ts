import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeIoOptions } from './testing/fake-io.js';
import { jobError, lines, startUpload, uploadFixture } from './testing/upload-harness.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await uploadFixture());
});
afterAll(() => cleanup());

const start = (argv: string[] = [], options: FakeIoOptions = {}) => startUpload(dir, argv, options);

const dropped = jobError({
  message: 'The connection to the server was closed before it answered.',
  code: '0x8020002E',
  context: 6,
  classification: 'transient',
  httpStatus: undefined,
});
const busy = jobError({
  message: 'The server had a problem (HTTP 503).',
  code: '0x801901F7',
  httpStatus: 503,
});
const MiB = 1024 * 1024;

describe('upload: what a retry looks like', () => {
  it('says a connection was lost and is reconnecting now, without re-announcing the queue', async () => {
    const t = await start();
    t.core.state('transferring', { bytesAcked: 1.5 * MiB });
    t.core.state('transient-error', { error: dropped, nextRetryAt: t.clock.now() + 125 });
    t.core.state('queued');
    t.core.state('connecting');
    t.core.state('transferring');
    t.core.state('transient-error', { error: busy, nextRetryAt: t.clock.now() + 4_000 });
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
    const log = lines(t.err());
    expect(log).toContain('Connection lost at 1.5 MiB; reconnecting now.');
    expect(log).toContain('Server busy (503); retrying in 4 s.');
    expect(log.filter((line) => line.startsWith('Queued'))).toEqual([]);
    expect(log.filter((line) => line.startsWith('Connecting'))).toEqual([]);
  });

  it('still announces the queue and the connection on the first attempt', async () => {
    const t = await start();
    t.core.state('queued');
    t.core.state('connecting');
    t.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await t.exit).toBe(0);
    expect(lines(t.err())).toEqual(expect.arrayContaining(['Connecting to server.example.']));
  });

  it('shows the same words on a terminal, and a cause in --json', async () => {
    const tty = await start([], { stderrTTY: true, columns: 100 });
    tty.core.state('transient-error', { error: busy, nextRetryAt: tty.clock.now() + 4_000 });
    await tty.clock.advance(100);
    expect(tty.err().split('\r').at(-1)).toBe('Server busy (503); retrying in 4 s\x1b[K');
    tty.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await tty.exit).toBe(0);

    const json = await start(['--json']);
    json.core.state('transient-error', { error: dropped, nextRetryAt: json.clock.now() + 100 });
    json.core.state('acknowledged', { bytesAcked: 4096 });
    expect(await json.exit).toBe(0);
    const retry = lines(json.out())
      .map((line) => JSON.parse(line))
      .find((event) => event.state === 'transient-error');
    expect(retry).toMatchObject({ retryInSeconds: 1, retryCause: 'connection-lost' });
  });
});
