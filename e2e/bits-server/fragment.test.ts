import { open, readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseContentRange } from './fragment.js';
import { type BitsServer, type BitsServerOptions, startBitsServer } from './index.js';
import { createSession, fragment, makeRoot, patternBytes, RawClient, removeRoot } from './test-support.js';

let root: string;
let server: BitsServer;
let client: RawClient;

async function restart(options: Partial<BitsServerOptions>) {
  client.close();
  await server.close();
  server = await startBitsServer({ root, ...options });
  client = await RawClient.connect(server.port);
}

beforeEach(async () => {
  root = await makeRoot();
  server = await startBitsServer({ root });
  client = await RawClient.connect(server.port);
});

afterEach(async () => {
  client.close();
  await server.close();
  await removeRoot(root);
});

describe('parseContentRange', () => {
  it('parses strict decimal ranges, any unit case, offsets past 4 GiB', () => {
    expect(parseContentRange('bytes 0-4891/4892')).toEqual({
      first: 0,
      last: 4891,
      total: 4892,
      empty: false,
    });
    expect(parseContentRange(' BYTES 4294967296-4294967300/5000000000 ')).toMatchObject({
      first: 4294967296,
    });
    expect(parseContentRange('bytes */0')).toMatchObject({ total: 0, empty: true });
  });

  it('rejects garbage that parseInt would accept', () => {
    for (const bad of [
      'bytes 0-1/2x',
      'bytes 1e3-2000/3000',
      'bytes 0-1/99999999999999999',
      'bytes=0-1/2',
      'bytes 0 -1/2',
      'bytes 5-4/10',
      'bytes 0-10/10',
      undefined,
    ]) {
      expect(parseContentRange(bad)).toBeUndefined();
    }
  });
});

describe('fragment positioning (§6.2)', () => {
  const data = patternBytes(300, 7);

  it('overlap: writes only the new bytes, never overwrites stored ones', async () => {
    const id = await createSession(client, '/up/o.bin');
    await client.request(fragment('/up/o.bin', id, data.subarray(0, 101), 0, 300));
    // Stored 0-100; the overlapping fragment 50-150 carries different bytes for 50-100.
    const tampered = Buffer.concat([Buffer.alloc(51, 0xee), data.subarray(101, 151)]);
    const ack = await client.request(fragment('/up/o.bin', id, tampered, 50, 300));
    expect(ack.status).toBe(200);
    expect(ack.get('BITS-Received-Content-Range')).toBe('151');
    await client.request(fragment('/up/o.bin', id, data.subarray(151), 151, 300));
    expect((await readFile(server.filePath('/up/o.bin'))).equals(data)).toBe(true);
  });

  it('full duplicate: 200 with the cursor, nothing written', async () => {
    const id = await createSession(client, '/up/d.bin');
    await client.request(fragment('/up/d.bin', id, data.subarray(0, 200), 0, 300));
    const ack = await client.request(fragment('/up/d.bin', id, Buffer.alloc(100, 0xee), 100, 300));
    expect(ack.status).toBe(200);
    expect(ack.get('BITS-Received-Content-Range')).toBe('200');
    await client.request(fragment('/up/d.bin', id, data.subarray(200), 200, 300));
    expect((await readFile(server.filePath('/up/d.bin'))).equals(data)).toBe(true);
  });

  it('duplicateStatus 416: a full duplicate and a replayed final fragment get 416, the final one with the reply URL', async () => {
    await restart({ duplicateStatus: 416 });
    const id = await createSession(client, '/reply/d.bin');
    await client.request(fragment('/reply/d.bin', id, data.subarray(0, 200), 0, 300));
    const duplicate = await client.request(fragment('/reply/d.bin', id, data.subarray(100, 200), 100, 300));
    expect(duplicate.status).toBe(416);
    expect(duplicate.get('BITS-Received-Content-Range')).toBe('200');
    expect(duplicate.get('BITS-Error-Code')).toBe('0x00000000');
    const final = await client.request(fragment('/reply/d.bin', id, data.subarray(200), 200, 300));
    expect(final.status).toBe(200);
    const replyUrl = final.get('BITS-Reply-URL');
    expect(replyUrl).toBeTruthy();
    const replay = await client.request(fragment('/reply/d.bin', id, data.subarray(200), 200, 300));
    expect(replay.status).toBe(416);
    expect(replay.get('BITS-Received-Content-Range')).toBe('300');
    expect(replay.get('BITS-Reply-URL')).toBe(replyUrl);
    // An overlap still adds bytes, so it is not a duplicate.
    const id2 = await createSession(client, '/up/o2.bin');
    await client.request(fragment('/up/o2.bin', id2, data.subarray(0, 100), 0, 300));
    const overlap = await client.request(fragment('/up/o2.bin', id2, data.subarray(50, 150), 50, 300));
    expect(overlap.status).toBe(200);
  });

  it('gap: 416 with the cursor and error code 0, the body drained', async () => {
    const id = await createSession(client, '/up/g.bin');
    await client.request(fragment('/up/g.bin', id, data.subarray(0, 100), 0, 300));
    const ack = await client.request(fragment('/up/g.bin', id, data.subarray(150, 300), 150, 300));
    expect(ack.status).toBe(416);
    expect(ack.get('BITS-Received-Content-Range')).toBe('100');
    expect(ack.get('BITS-Error-Code')).toBe('0x00000000');
    expect(ack.get('BITS-Error')).toBe('0x00000000');
    expect(ack.get('BITS-Error-Context')).toBe('0x5');
    expect(ack.get('BITS-Session-Id')).toBe(id);
    const next = await client.request(fragment('/up/g.bin', id, data.subarray(100), 100, 300));
    expect(next.get('BITS-Received-Content-Range')).toBe('300');
  });

  it('serialises requests for one session: a retry waits for the request still in progress', async () => {
    const id = await createSession(client, '/up/race.bin');
    const first = fragment('/up/race.bin', id, data.subarray(0, 200), 0, 300);
    const cut = first.length - 100;
    client.send(first.subarray(0, cut));
    await new Promise((r) => setTimeout(r, 50));
    const retry = await RawClient.connect(server.port);
    const order: string[] = [];
    const retried = retry.request(fragment('/up/race.bin', id, data.subarray(0, 200), 0, 300)).then((ack) => {
      order.push('retry');
      return ack;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual([]);
    const original = client.request(first.subarray(cut)).then((ack) => {
      order.push('original');
      return ack;
    });
    const [a, b] = await Promise.all([original, retried]);
    expect(order).toEqual(['original', 'retry']);
    expect(a.get('BITS-Received-Content-Range')).toBe('200');
    expect(b.get('BITS-Received-Content-Range')).toBe('200');
    retry.close();
  });
});

describe('limits', () => {
  it('413 for a fragment over maxFragmentBytes (drained; a smaller one then works)', async () => {
    await restart({ maxFragmentBytes: 100 });
    const id = await createSession(client, '/up/l.bin');
    const big = await client.request(fragment('/up/l.bin', id, Buffer.alloc(101), 0, 200));
    expect(big.status).toBe(413);
    expect(big.get('BITS-Packet-Type')).toBe('Ack');
    expect(big.get('BITS-Error-Code')).toBeUndefined();
    const small = await client.request(fragment('/up/l.bin', id, Buffer.alloc(100), 0, 200));
    expect(small.get('BITS-Received-Content-Range')).toBe('100');
  });

  it('500 + 0x80200020 for an entity over maxUploadBytes', async () => {
    await restart({ maxUploadBytes: 1000 });
    const id = await createSession(client, '/up/l.bin');
    const ack = await client.request(fragment('/up/l.bin', id, Buffer.alloc(10), 0, 1001));
    expect(ack.status).toBe(500);
    expect(ack.get('BITS-Error-Code')).toBe('0x80200020');
    expect((await client.request(fragment('/up/l.bin', id, Buffer.alloc(10), 0, 1000))).status).toBe(200);
  });
});

describe('seeded sessions (offsets past 4 GiB)', () => {
  it('resumes at 4 GiB - 8 MiB on a sparse temp file and finishes past 4 GiB', async () => {
    const total = 2 ** 32 + 1024;
    const received = 2 ** 32 - 8 * 1024 * 1024;
    const id = server.sessions.seed({ urlPath: '/up/huge.bin', received, total });
    const session = server.sessions.get(id)!;
    expect((await stat(session.files.tempPath)).size).toBe(received);
    const tail = patternBytes(total - received, 3);
    const ack = await client.request(fragment('/up/huge.bin', id, tail, received, total), {
      timeoutMs: 20_000,
    });
    expect(ack.status).toBe(200);
    expect(ack.get('BITS-Received-Content-Range')).toBe(String(total));
    const file = server.filePath('/up/huge.bin');
    expect((await stat(file)).size).toBe(total);
    const handle = await open(file, 'r');
    const probe = Buffer.alloc(1024);
    await handle.read(probe, 0, 1024, total - 1024);
    await handle.close();
    expect(probe.equals(tail.subarray(tail.length - 1024))).toBe(true);
  });

  it('discard storage counts bytes and checks ranges without writing', async () => {
    await restart({ storage: 'discard' });
    const id = server.sessions.seed({ urlPath: '/up/d.bin', received: 2 ** 33, total: 2 ** 33 + 10 });
    const gap = await client.request(fragment('/up/d.bin', id, Buffer.alloc(5), 2 ** 33 + 5, 2 ** 33 + 10));
    expect(gap.status).toBe(416);
    const ack = await client.request(fragment('/up/d.bin', id, Buffer.alloc(10), 2 ** 33, 2 ** 33 + 10));
    expect(ack.get('BITS-Received-Content-Range')).toBe(String(2 ** 33 + 10));
    await expect(stat(server.filePath('/up/d.bin'))).rejects.toThrow();
  });
});
