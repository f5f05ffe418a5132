import { type AddressInfo, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import type { FaultRuleInit } from '../bits-server/index.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

const FRAGMENT = 64 * 1024;
const SIZE = 5 * FRAGMENT + 1234;

/** Uploads SIZE bytes through one fault and checks the stored file is byte-identical. */
async function survives(
  fault: FaultRuleInit,
  extra: { fragmentSize?: number; responseTimeoutMs?: number } = {},
) {
  const server = await serverFor();
  server.faults.add(fault);
  const dir = await tempDir();
  const file = await randomFile(dir, SIZE);
  const result = await uploadWithRetries({
    url: server.url('/up/f.bin'),
    kind: 'upload',
    filePath: file.path,
    fragmentSize: extra.fragmentSize ?? FRAGMENT,
    timeouts: extra.responseTimeoutMs ? { responseTimeoutMs: extra.responseTimeoutMs } : undefined,
  });
  expect((await storedBytes(server, '/up/f.bin')).equals(file.bytes)).toBe(true);
  return { server, result };
}

describe('client ⇄ reference server: every fault, the file arrives byte-identical', () => {
  it('connection cut mid-body on a reused connection: the fragment is re-sent at once on a new one', async () => {
    const { server, result } = await survives({
      match: { packet: 'Fragment', nth: 3 },
      action: { type: 'cut-mid-body' },
    });
    expect(result.attempts).toBe(1);
    const cut = server.log.findIndex((entry) => entry.fault === 'cut-mid-body');
    expect(server.log[cut + 1]!.packetType).toBe('Fragment');
    expect(server.log[cut + 1]!.connectionId).not.toBe(server.log[cut]!.connectionId);
  });

  it('connection cut mid-body, and again on the new connection: transient, resumes with Ping from the server cursor', async () => {
    const { server, result } = await survives({
      match: { packet: 'Fragment', nth: 3 },
      action: { type: 'cut-mid-body' },
      // The transport re-sends a fragment at once when a reused connection dies: cut that too.
      times: 2,
    });
    expect(result.attempts).toBe(2);
    expect(result.errors[0]!.classification).toBe('transient');
    const afterCut = server.log.slice(
      server.log.findLastIndex((entry) => entry.fault === 'cut-mid-body') + 1,
    );
    expect(afterCut[0]!.packetType).toBe('Ping');
  });

  it('fragment stored but Ack lost: the resend is answered from the cursor, nothing stored twice', async () => {
    const { result } = await survives({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'drop-ack' },
      times: 2,
    });
    expect(result.attempts).toBe(2);
  });

  it('final fragment stored but Ack lost', async () => {
    const { result } = await survives({
      match: { packet: 'Fragment', final: true },
      action: { type: 'drop-ack' },
      times: 2,
    });
    expect(result.attempts).toBe(2);
  });

  it('server forgets the session: a new session from zero', async () => {
    const { result } = await survives({
      match: { packet: 'Fragment', nth: 4 },
      action: { type: 'forget-session' },
    });
    expect(result.attempts).toBe(1);
    expect(result.events.some((event) => event.type === 'session-restarted')).toBe(true);
  });

  it('5xx answers: transient, retried', async () => {
    const { result } = await survives({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'status', status: 503, errorCode: '0x80004005' },
      times: 2,
    });
    expect(result.attempts).toBe(3);
    expect(result.errors.every((error) => error.httpStatus === 503 && error.transient)).toBe(true);
  });

  it('413: the fragment size shrinks', async () => {
    const { result } = await survives({
      match: { packet: 'Fragment', nth: 1 },
      action: { type: 'too-large' },
      times: 2,
    });
    expect(result.events.filter((event) => event.type === 'fragment-size-reduced')).toHaveLength(2);
  });

  it('a server with a real size limit: shrinks until fragments fit', async () => {
    const server = await serverFor({ maxFragmentBytes: 20_000 });
    const dir = await tempDir();
    const file = await randomFile(dir, 100_000);
    await uploadWithRetries({
      url: server.url('/up/s.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: FRAGMENT,
    });
    expect((await storedBytes(server, '/up/s.bin')).equals(file.bytes)).toBe(true);
  });

  it('416 out of sync: continues from the cursor', async () => {
    await survives({
      match: { packet: 'Fragment', nth: 3 },
      action: { type: 'out-of-sync', cursor: FRAGMENT },
    });
  });

  it('the server moves the cursor backward (lost data): the client goes back', async () => {
    const { result } = await survives({
      match: { packet: 'Fragment', nth: 4 },
      action: { type: 'cursor-back', to: 1000 },
    });
    expect(result.events.some((event) => event.type === 'cursor-moved' && event.cursor === 1000)).toBe(true);
  });

  it('a stalled Ack: the response timeout fires, the job retries', async () => {
    const { result } = await survives(
      { match: { packet: 'Fragment', nth: 2 }, action: { type: 'stall', ms: 5_000 } },
      { responseTimeoutMs: 300 },
    );
    expect(result.errors[0]!.message).toMatch(/did not answer in time/);
  });

  for (const type of [
    'lowercase-headers',
    'bits-error-only',
    'misspelled-cursor',
    'omit-session-id',
    'close-after',
  ] as const) {
    it(`quirk: ${type}`, async () => {
      const { result } = await survives({
        match: { packet: 'Fragment' },
        action: { type },
        times: Number.POSITIVE_INFINITY,
      });
      expect(result.attempts).toBe(1);
    });
  }

  it('quirk: BITS-Error instead of BITS-Error-Code on a session loss', async () => {
    const server = await serverFor();
    server.faults.add({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'status', status: 500, headers: [['BITS-Error', '8020001f']] },
    });
    const dir = await tempDir();
    const file = await randomFile(dir, SIZE);
    const result = await uploadWithRetries({
      url: server.url('/up/e.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: FRAGMENT,
    });
    expect(result.events.some((event) => event.type === 'session-restarted')).toBe(true);
    expect((await storedBytes(server, '/up/e.bin')).equals(file.bytes)).toBe(true);
  });
});

describe('client ⇄ reference server: malformed answers are clear errors, never hangs', () => {
  async function failsWith(raw: FaultRuleInit['action'], responseTimeoutMs = 2_000) {
    const server = await serverFor();
    server.faults.add({ match: { packet: 'Fragment' }, action: raw });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    return uploadWithRetries({
      url: server.url('/up/m.bin'),
      kind: 'upload',
      filePath: file.path,
      maxAttempts: 1,
      timeouts: { responseTimeoutMs, sendTimeoutMs: 2_000 },
    }).catch((error) => error);
  }

  it('a garbled status line', async () => {
    const error = await failsWith({
      type: 'raw',
      response: 'HTTP/1.1 2OO Fine\r\nContent-Length: 0\r\n\r\n',
      close: true,
    });
    expect(error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(error.evidence.body ?? error.evidence.detail).toBeTruthy();
  });

  it('endless headers', async () => {
    const error = await failsWith({ type: 'raw', response: 'HTTP/1.1 200 OK\r\n', endless: true });
    expect(error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(error.message).toMatch(/too large|never end/);
  });

  it('a body on an Ack', async () => {
    const error = await failsWith({
      type: 'raw',
      response:
        'HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Received-Content-Range: 1000\r\nContent-Length: 11\r\n\r\nhello world',
    });
    expect(error.message).toMatch(/body with its Ack/);
    expect(error.evidence.body).toBe('hello world');
  });

  it('an Ack without a cursor', async () => {
    const error = await failsWith({
      type: 'raw',
      response: 'HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nContent-Length: 0\r\n\r\n',
    });
    expect(error.message).toMatch(/without saying how much/);
  });

  it('an Ack with an out-of-range cursor', async () => {
    const error = await failsWith({
      type: 'raw',
      response:
        'HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Received-Content-Range: 99999999\r\nContent-Length: 0\r\n\r\n',
    });
    expect(error.message).toMatch(/claims to have 99999999 bytes/);
  });

  it('a server that never answers: a timeout, classified transient', async () => {
    const error = await failsWith({ type: 'raw', response: '', hang: true }, 300);
    expect(error.classification).toBe('transient');
    expect(error.message).toMatch(/did not answer in time/);
  });

  it('an Ack without Content-Length that keeps the connection open is not waited on', async () => {
    const server = await serverFor();
    server.faults.add({
      match: { packet: 'Fragment' },
      action: {
        type: 'raw',
        response: 'HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Received-Content-Range: 1000\r\n\r\n',
      },
    });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const started = Date.now();
    const result = await uploadWithRetries({
      url: server.url('/up/n.bin'),
      kind: 'upload',
      filePath: file.path,
      timeouts: { responseTimeoutMs: 5_000 },
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(result.attempts).toBe(1);
  });
});

describe('client: the stall detector', () => {
  it('does not count waiting on the bandwidth limit as a stall', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 64 * 1024);
    // Each 16 KiB slice waits longer than the stall timeout: our own pause, not the network's.
    const slow = {
      active: () => true,
      consume: () => new Promise<void>((resolve) => setTimeout(resolve, 250)),
    };
    const result = await uploadWithRetries({
      url: server.url('/up/slow.bin'),
      kind: 'upload',
      filePath: file.path,
      maxAttempts: 1,
      throttle: slow,
      timeouts: { sendTimeoutMs: 100 },
    });
    expect(result.attempts).toBe(1);
    expect((await storedBytes(server, '/up/slow.bin')).equals(file.bytes)).toBe(true);
  });

  it('aborts a request whose body stops moving (the server stopped reading) as a transient error', async () => {
    // Answers Create-Session, then stops reading: the socket buffers fill and the body stalls.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Session-Id: {S}\r\nContent-Length: 0\r\n\r\n',
        );
        socket.once('data', () => socket.pause());
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const dir = await tempDir();
      const file = await randomFile(dir, 64 * 1024 * 1024);
      const error = await uploadWithRetries({
        url: `http://127.0.0.1:${port}/up/stall.bin`,
        kind: 'upload',
        filePath: file.path,
        fragmentSize: 64 * 1024 * 1024,
        maxAttempts: 1,
        timeouts: { sendTimeoutMs: 300, responseTimeoutMs: 60_000 },
      }).catch((failure) => failure);
      expect(error.classification).toBe('transient');
      expect(error.message).toMatch(/stalled/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
