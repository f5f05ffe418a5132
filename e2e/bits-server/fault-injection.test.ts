import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from './index.js';
import {
  bitsRequest,
  createSession,
  fragment,
  makeRoot,
  RawClient,
  rawRequest,
  removeRoot,
  upload,
} from './test-support.js';

let root: string;
let server: BitsServer;
let client: RawClient;
let id: string;
const T = '/up/f.bin';
const data = Buffer.from('0123456789');

beforeEach(async () => {
  root = await makeRoot();
  server = await startBitsServer({ root });
  client = await RawClient.connect(server.port);
  id = await createSession(client, T);
});

afterEach(async () => {
  client.close();
  await server.close();
  await removeRoot(root);
});

const frag = (first: number, last: number) =>
  fragment(T, id, data.subarray(first, last + 1), first, data.length);
const received = () => server.sessions.get(id)?.received;

async function reconnect(): Promise<RawClient> {
  client.close();
  client = await RawClient.connect(server.port);
  return client;
}

describe('faults that cut or lose the exchange', () => {
  it('cut-mid-body reads that many bytes, stores nothing and destroys the socket', async () => {
    const rule = server.faults.add({
      match: { packet: 'Fragment' },
      action: { type: 'cut-mid-body', afterBytes: 4 },
    });
    client.send(frag(0, 9));
    expect(await client.closesWithin(2000)).toBe(true);
    expect(client.pending.length).toBe(0);
    expect(rule.fired).toBe(1);
    expect(received()).toBe(0);
    expect(server.log.at(-1)).toMatchObject({ fault: 'cut-mid-body', bodyBytes: 4, status: 0 });
    await reconnect();
    expect((await client.request(frag(0, 9))).get('BITS-Received-Content-Range')).toBe('10');
  });

  it('drop-ack stores and commits, then closes without answering; the replay gets 200 with the cursor', async () => {
    server.faults.add({ match: { packet: 'Fragment', final: true }, action: { type: 'drop-ack' } });
    client.send(frag(0, 9));
    expect(await client.closesWithin(2000)).toBe(true);
    expect(client.pending.length).toBe(0);
    expect(await readFile(server.filePath(T), 'utf8')).toBe('0123456789');
    await reconnect();
    const replay = await client.request(frag(0, 9));
    expect(replay.status).toBe(200);
    expect(replay.get('BITS-Received-Content-Range')).toBe('10');
  });

  it('stall delays the Ack after processing; Infinity never answers', async () => {
    server.faults.add({ match: { packet: 'Fragment', nth: 1 }, action: { type: 'stall', ms: 120 } });
    const t0 = performance.now();
    expect((await client.request(frag(0, 4))).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);

    server.faults.add({
      match: { packet: 'Fragment' },
      action: { type: 'stall', ms: Number.POSITIVE_INFINITY },
    });
    client.send(frag(5, 9));
    await new Promise((r) => setTimeout(r, 150));
    expect(client.pending.length).toBe(0);
    expect(received()).toBe(10);
    client.close();
  });

  it('forget-session deletes the session first, so the answer is 500 + 0x8020001F', async () => {
    server.faults.add({ match: { packet: 'Fragment' }, action: { type: 'forget-session' } });
    const ack = await client.request(frag(0, 9));
    expect(ack.status).toBe(500);
    expect(ack.get('BITS-Error-Code')).toBe('0x8020001F');
    expect(server.sessions.get(id)).toBeUndefined();
  });

  it('cursor-back truncates the session, then the request is processed normally', async () => {
    await client.request(frag(0, 5));
    server.faults.add({ match: { packet: 'Fragment' }, action: { type: 'cursor-back', to: 2 } });
    const ack = await client.request(frag(6, 9));
    expect(ack.status).toBe(416);
    expect(ack.get('BITS-Received-Content-Range')).toBe('2');
    expect((await stat(server.sessions.get(id)!.files.tempPath)).size).toBe(2);
    expect((await client.request(frag(2, 9))).get('BITS-Received-Content-Range')).toBe('10');
    expect(await readFile(server.filePath(T), 'utf8')).toBe('0123456789');
  });
});

describe('faults that answer instead of processing (body drained, connection kept)', () => {
  it('status answers with that status and both error headers, storing nothing', async () => {
    server.faults.add({
      match: { packet: 'Fragment' },
      action: { type: 'status', status: 503, errorCode: '0x80070070', headers: [['Retry-After', '1']] },
    });
    const ack = await client.request(frag(0, 9));
    expect(ack.status).toBe(503);
    expect(ack.get('BITS-Error-Code')).toBe('0x80070070');
    expect(ack.get('BITS-Error')).toBe('0x80070070');
    expect(ack.get('BITS-Error-Context')).toBe('0x5');
    expect(ack.get('Retry-After')).toBe('1');
    expect(ack.get('BITS-Session-Id')).toBe(id);
    expect(received()).toBe(0);
    expect((await client.request(frag(0, 9))).status).toBe(200);
  });

  it('too-large answers 413; out-of-sync answers 416 with a chosen or the real cursor', async () => {
    server.faults.add({ match: { packet: 'Fragment', nth: 1 }, action: { type: 'too-large' } });
    server.faults.add({ match: { packet: 'Fragment', nth: 2 }, action: { type: 'out-of-sync', cursor: 7 } });
    server.faults.add({ match: { packet: 'Fragment', nth: 3 }, action: { type: 'out-of-sync' } });
    expect((await client.request(frag(0, 9))).status).toBe(413);
    const chosen = await client.request(frag(0, 9));
    expect([chosen.status, chosen.get('BITS-Received-Content-Range'), chosen.get('BITS-Error-Code')]).toEqual(
      [416, '7', '0x00000000'],
    );
    const real = await client.request(frag(0, 9));
    expect([real.status, real.get('BITS-Received-Content-Range')]).toEqual([416, '0']);
    expect(received()).toBe(0);
  });

  it('raw writes the given bytes instead of an Ack, then closes if asked', async () => {
    const response = 'HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nContent-Length: 5\r\n\r\nhello';
    server.faults.add({ match: { packet: 'Ping' }, action: { type: 'raw', response, close: true } });
    client.send(bitsRequest(T, 'Ping'));
    expect((await client.readToEnd()).toString()).toBe(response);
    expect(server.log.at(-1)?.status).toBe(200);
  });

  it('raw with endless keeps sending header lines until the client gives up', async () => {
    server.faults.add({
      match: { packet: 'Ping' },
      action: { type: 'raw', response: 'HTTP/1.1 200 OK\r\n', endless: true },
    });
    client.send(bitsRequest(T, 'Ping'));
    while (client.pending.length < 256 * 1024) await new Promise((r) => setTimeout(r, 5));
    expect(client.pending.toString('latin1', 0, 40)).toMatch(/^HTTP\/1\.1 200 OK\r\nX-Endless-0: x+/);
    client.close();
    const other = await RawClient.connect(server.port);
    expect((await other.request(bitsRequest(T, 'Ping'))).status).toBe(200);
    other.close();
  });

  it('raw with hang sends the bytes and then nothing, until the client leaves', async () => {
    server.faults.add({
      match: { packet: 'Ping' },
      action: { type: 'raw', response: 'HTTP/1.1 2', hang: true },
    });
    client.send(bitsRequest(T, 'Ping'));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.pending.toString()).toBe('HTTP/1.1 2');
    expect(client.ended).toBe(false);
  });
});

describe('faults that bend the Ack', () => {
  it('lowercase-headers: names in lower case and packet type ack', async () => {
    server.faults.add({ match: { packet: 'Fragment' }, action: { type: 'lowercase-headers' } });
    const ack = await client.request(frag(0, 9));
    expect(ack.head).toBe(
      `HTTP/1.1 200 OK\r\nbits-packet-type: ack\r\nbits-session-id: ${id}\r\nbits-received-content-range: 10\r\ncontent-length: 0`,
    );
  });

  it('bits-error-only: only BITS-Error on an error Ack', async () => {
    server.faults.add({ match: { packet: 'Fragment' }, action: { type: 'bits-error-only' } });
    const ack = await client.request(fragment(T, '{NOPE}', data, 0, 10));
    expect(ack.get('BITS-Error')).toBe('0x8020001F');
    expect(ack.get('BITS-Error-Code')).toBeUndefined();
  });

  it('misspelled-cursor and omit-session-id', async () => {
    server.faults.add({ match: { packet: 'Fragment', nth: 1 }, action: { type: 'misspelled-cursor' } });
    server.faults.add({ match: { packet: 'Fragment', nth: 2 }, action: { type: 'omit-session-id' } });
    const a = await client.request(frag(0, 4));
    expect(a.get('BITS-Recieved-Content-Range')).toBe('5');
    expect(a.get('BITS-Received-Content-Range')).toBeUndefined();
    const b = await client.request(frag(5, 9));
    expect(b.get('BITS-Session-Id')).toBeUndefined();
    expect(b.get('BITS-Received-Content-Range')).toBe('10');
  });

  it('close-after: Connection: close and the socket closes after the Ack', async () => {
    server.faults.add({ match: { packet: 'Ping' }, action: { type: 'close-after' } });
    const ack = await client.request(bitsRequest(T, 'Ping'));
    expect(ack.status).toBe(200);
    expect(ack.get('Connection')).toBe('close');
    expect(await client.closesWithin(2000)).toBe(true);
  });
});

describe('faults on reply downloads', () => {
  it('cut-response sends the head and that many body bytes, then destroys the socket', async () => {
    const { last } = await upload(client, '/reply/r.bin', data);
    const url = new URL(last.get('BITS-Reply-URL')!.replaceAll('\\', '/'), server.url('/reply/r.bin'))
      .pathname;
    server.faults.add({ match: { method: 'GET' }, action: { type: 'cut-response', afterBytes: 10 } });
    client.send(rawRequest('GET', url));
    const bytes = (await client.readToEnd()).toString('latin1');
    const [head, body] = bytes.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(Number(/Content-Length: (\d+)/.exec(head!)?.[1])).toBeGreaterThan(10);
    expect(body).toHaveLength(10);
    expect(existsSync(server.filePath('/reply/r.bin'))).toBe(true);
  });
});
