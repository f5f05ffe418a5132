import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer, UPLOAD_PROTOCOL } from './index.js';
import {
  bitsRequest,
  createSession,
  fragment,
  makeRoot,
  patternBytes,
  RawClient,
  rawRequest,
  removeRoot,
} from './test-support.js';

let root: string;
let server: BitsServer;
let client: RawClient;

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

const SESSION_ID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/;

describe('clean upload (§14.1)', () => {
  it('stores the file byte for byte with the exact Acks of the worked exchange', async () => {
    const T = 10_000_000;
    const F = 4_194_304;
    const data = patternBytes(T);
    const ping = await client.request(bitsRequest('/up/data.bin', 'Ping'));
    expect(ping.head).toBe('HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nContent-Length: 0');

    const create = await client.request(
      bitsRequest('/up/data.bin', 'Create-Session', { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
    );
    const S = create.get('BITS-Session-Id')!;
    expect(S).toMatch(SESSION_ID);
    expect(create.status).toBe(200);
    expect(create.get('BITS-Packet-Type')).toBe('Ack');
    expect(create.get('BITS-Protocol')).toBe(UPLOAD_PROTOCOL);
    expect(create.get('Accept-Encoding')).toBe('identity');
    expect(create.get('Content-Length')).toBe('0');
    expect(create.get('BITS-Host-Id')).toBeUndefined();

    for (const [first, cursor] of [
      [0, 4194304],
      [F, 8388608],
      [2 * F, 10000000],
    ] as const) {
      const piece = data.subarray(first, Math.min(T, first + F));
      const ack = await client.request(fragment('/up/data.bin', S, piece, first, T));
      expect(ack.head).toBe(
        `HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Session-Id: ${S}\r\nBITS-Received-Content-Range: ${cursor}\r\nContent-Length: 0`,
      );
    }
    // Published on the final byte, before Close-Session (§7.2 [REC]).
    expect((await readFile(server.filePath('/up/data.bin'))).equals(data)).toBe(true);
    const close = await client.request(
      bitsRequest('/up/data.bin', 'Close-Session', { 'BITS-Session-Id': S }),
    );
    expect(close.head).toBe(
      `HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Session-Id: ${S}\r\nContent-Length: 0`,
    );
    expect((await readFile(path.join(root, 'up', 'data.bin'))).equals(data)).toBe(true);
    expect(server.sessions.get(S)).toBeUndefined();
    expect(await readdir(path.join(root, 'up', 'BITS-Sessions', 'Requests'))).toEqual([]);
  });

  it('matches packet types in any case and accepts comma-separated protocol lists of 100 GUIDs', async () => {
    const others = Array.from(
      { length: 98 },
      (_, i) => `{${String(i).padStart(8, '0')}-2222-3333-4444-555555555555}`,
    ).join(', ');
    expect((await client.request(bitsRequest('/up/a.bin', 'pinG'))).status).toBe(200);
    const create = await client.request(
      bitsRequest('/up/a.bin', 'CreatE-SEssION', {
        'BITS-Supported-Protocols': `${others},{7DF0354D-249B-430F-820D-3D2A9BEF4931} {x}`,
      }),
    );
    expect(create.status).toBe(200);
    expect(create.get('BITS-Protocol')).toBe(UPLOAD_PROTOCOL);
    const id = create.get('BITS-Session-Id')!;
    const ack = await client.request(
      bitsRequest(
        '/up/a.bin',
        'FRAgmENT',
        { 'BITS-Session-Id': id.toLowerCase(), 'Content-Range': 'Bytes 0-2/3' },
        'abc',
      ),
    );
    expect(ack.status).toBe(200);
    expect(ack.get('BITS-Session-Id')).toBe(id.toLowerCase());
    expect(await readFile(server.filePath('/up/a.bin'), 'utf8')).toBe('abc');
    expect(
      (await client.request(bitsRequest('/up/a.bin', 'close-session', { 'BITS-Session-Id': id }))).status,
    ).toBe(200);
  });

  it('accepts a zero-byte upload as a Content-Length 0 fragment with bytes */0 (§6.7)', async () => {
    const id = await createSession(client, '/up/empty.bin');
    const ack = await client.request(
      bitsRequest('/up/empty.bin', 'Fragment', { 'BITS-Session-Id': id, 'Content-Range': 'bytes */0' }),
    );
    expect(ack.status).toBe(200);
    expect(ack.get('BITS-Received-Content-Range')).toBe('0');
    expect((await readFile(server.filePath('/up/empty.bin'))).length).toBe(0);
  });
});

describe('malformed requests (§13.1 items 2 and 4) get 400 + 0x80070057', () => {
  async function expect400(request: Buffer, keepAlive = true) {
    const ack = await client.request(request);
    expect(ack.status).toBe(400);
    expect(ack.get('BITS-Packet-Type')).toBe('Ack');
    expect(ack.get('BITS-Error-Code')).toBe('0x80070057');
    expect(ack.get('BITS-Error')).toBe('0x80070057');
    expect(ack.get('BITS-Error-Context')).toBe('0x5');
    expect(ack.get('Content-Length')).toBe('0');
    if (keepAlive) expect((await client.request(bitsRequest('/up/a.bin', 'Ping'))).status).toBe(200);
    return ack;
  }

  it('missing Content-Length', async () => {
    await expect400(
      rawRequest('BITS_POST', '/up/a.bin', { 'BITS-Packet-Type': 'Ping' }, '', { noLength: true }),
    );
  });

  it('a body on Ping, Create-Session, Close-Session and Cancel-Session (drained, connection kept)', async () => {
    await expect400(bitsRequest('/up/a.bin', 'Ping', {}, 'xyz'));
    const headers = { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL };
    await expect400(bitsRequest('/up/a.bin', 'Create-Session', headers, 'x'.repeat(70_000)));
    const id = await createSession(client, '/up/a.bin');
    await expect400(bitsRequest('/up/a.bin', 'Close-Session', { 'BITS-Session-Id': id }, 'x'));
    await expect400(bitsRequest('/up/a.bin', 'Cancel-Session', { 'BITS-Session-Id': id }, 'x'));
  });

  it('a header value over 4 KB', async () => {
    await expect400(bitsRequest('/up/a.bin', 'Ping', { 'X-Big': 'v'.repeat(4097) }));
    expect(
      (await client.request(bitsRequest('/up/a.bin', 'Ping', { 'X-Big': 'v'.repeat(4096) }))).status,
    ).toBe(200);
  });

  it('a header block over 64 KiB (then the connection closes)', async () => {
    const lines = Array.from(
      { length: 40 },
      (_, i) => [`X-Filler-${i}`, 'f'.repeat(2000)] as [string, string],
    );
    await expect400(bitsRequest('/up/a.bin', 'Ping', lines), false);
    expect(await client.closesWithin(3000)).toBe(true);
  });

  it('missing or unknown packet type', async () => {
    await expect400(rawRequest('BITS_POST', '/up/a.bin'));
    await expect400(bitsRequest('/up/a.bin', 'Upload'));
  });

  it('no supported protocol, or none offered', async () => {
    await expect400(
      bitsRequest('/up/a.bin', 'Create-Session', {
        'BITS-Supported-Protocols': '{00000000-0000-0000-0000-000000000000}',
      }),
    );
    await expect400(bitsRequest('/up/a.bin', 'Create-Session'));
  });

  it('destinations that are directories or escape the root', async () => {
    await mkdir(path.join(root, 'up', 'dir'), { recursive: true });
    const headers = { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL };
    await expect400(bitsRequest('/up/dir', 'Create-Session', headers));
    await expect400(bitsRequest('/up/', 'Create-Session', headers));
    for (const target of [
      '/up/../../etc/passwd',
      '/up/%2e%2e/x',
      '/up/a%5c..%5cx',
      '/up/a%00b',
      '/up/a%2Fb',
      '/up/BITS-Sessions/x',
    ]) {
      await expect400(bitsRequest(target, 'Create-Session', headers));
    }
    expect(existsSync(path.join(root, '..', 'x'))).toBe(false);
  });

  it('a missing session id on session packets', async () => {
    await expect400(bitsRequest('/up/a.bin', 'Fragment', { 'Content-Range': 'bytes 0-0/1' }, 'x'));
    await expect400(bitsRequest('/up/a.bin', 'Close-Session'));
  });

  it('chunked request bodies (then the connection closes)', async () => {
    const request = rawRequest(
      'BITS_POST',
      '/up/a.bin',
      { 'BITS-Packet-Type': 'Ping', 'Transfer-Encoding': 'chunked' },
      '0\r\n\r\n',
      {
        noLength: true,
      },
    );
    await expect400(request, false);
    expect(await client.closesWithin(3000)).toBe(true);
  });

  it('a garbled request line (then the connection closes)', async () => {
    await expect400(Buffer.from('BITS_POST /up/a.bin\r\nContent-Length: 0\r\n\r\n'), false);
  });

  it('bad Content-Range, Content-Length different from the range, total changing, foreign encoding', async () => {
    const id = await createSession(client, '/up/a.bin');
    const frag = (range: string, body: string, extra: Record<string, string> = {}) =>
      bitsRequest('/up/a.bin', 'Fragment', { 'BITS-Session-Id': id, 'Content-Range': range, ...extra }, body);
    for (const range of [
      'bytes 0-3',
      'bytes 3-0/10',
      'bytes 0-9/10/',
      'bytes -1-3/10',
      'bytes 0-10/10',
      'items 0-3/10',
      'bytes 0x0-3/10',
      'bytes */4',
    ]) {
      await expect400(frag(range, 'abcd'));
    }
    await expect400(frag('bytes 0-3/10', 'abc'));
    await expect400(frag('bytes 0-3/10', 'abcd', { 'Content-Encoding': 'gzip' }));
    expect((await client.request(frag('bytes 0-3/10', 'abcd'))).status).toBe(200);
    await expect400(frag('bytes 4-7/11', 'efgh'));
    expect(server.sessions.get(id)?.received).toBe(4);
  });
});

describe('session errors', () => {
  it('unknown session on Fragment, Close and Cancel: 500 + 0x8020001F with the id echoed', async () => {
    const id = '{00000000-0000-0000-0000-000000000000}';
    for (const packet of ['Fragment', 'Close-Session', 'Cancel-Session']) {
      const headers = { 'BITS-Session-Id': id, 'Content-Range': 'bytes 0-0/1' };
      const body = packet === 'Fragment' ? 'x' : '';
      const ack = await client.request(bitsRequest('/up/a.bin', packet, headers, body));
      expect(ack.status).toBe(500);
      expect(ack.get('BITS-Error-Code')).toBe('0x8020001F');
      expect(ack.get('BITS-Error')).toBe('0x8020001F');
      expect(ack.get('BITS-Error-Context')).toBe('0x5');
      expect(ack.get('BITS-Session-Id')).toBe(id);
    }
  });

  it('Close-Session before completion deletes the partial data and forgets the session', async () => {
    const id = await createSession(client, '/up/part.bin');
    await client.request(fragment('/up/part.bin', id, Buffer.from('hello'), 0, 10));
    const temp = server.sessions.get(id)!.files.tempPath;
    expect(existsSync(temp)).toBe(true);
    expect(
      (await client.request(bitsRequest('/up/part.bin', 'Close-Session', { 'BITS-Session-Id': id }))).status,
    ).toBe(200);
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(server.filePath('/up/part.bin'))).toBe(false);
    const again = await client.request(
      bitsRequest('/up/part.bin', 'Close-Session', { 'BITS-Session-Id': id }),
    );
    expect(again.get('BITS-Error-Code')).toBe('0x8020001F');
  });

  it('Cancel-Session discards an unfinished upload but keeps a committed one', async () => {
    const a = await createSession(client, '/up/cancel-early.bin');
    await client.request(fragment('/up/cancel-early.bin', a, Buffer.from('hel'), 0, 10));
    expect(
      (await client.request(bitsRequest('/up/x', 'Cancel-Session', { 'BITS-Session-Id': a }))).status,
    ).toBe(200);
    expect(existsSync(server.filePath('/up/cancel-early.bin'))).toBe(false);

    const b = await createSession(client, '/up/cancel-late.bin');
    await client.request(fragment('/up/cancel-late.bin', b, Buffer.from('done'), 0, 4));
    expect(
      (await client.request(bitsRequest('/up/x', 'Cancel-Session', { 'BITS-Session-Id': b }))).status,
    ).toBe(200);
    expect(await readFile(server.filePath('/up/cancel-late.bin'), 'utf8')).toBe('done');
  });

  it('overwrites an existing destination by default', async () => {
    await mkdir(path.join(root, 'up'), { recursive: true });
    await writeFile(path.join(root, 'up', 'old.bin'), 'old');
    const id = await createSession(client, '/up/old.bin');
    await client.request(fragment('/up/old.bin', id, Buffer.from('new!'), 0, 4));
    expect(await readFile(server.filePath('/up/old.bin'), 'utf8')).toBe('new!');
  });
});

describe('other methods and paths', () => {
  it('answers 405 to other methods and 404 to paths that do not exist', async () => {
    const put = await client.request(rawRequest('PUT', '/up/a.bin', {}, 'data'));
    expect(put.status).toBe(405);
    expect(put.get('Allow')).toBe('BITS_POST, GET, HEAD');
    expect((await client.request(rawRequest('GET', '/nothing/here.bin'))).status).toBe(404);
  });

  it('keeps query strings out of the file name', async () => {
    const id = await createSession(client, '/up/q.bin?account=86433&x=%2F');
    await client.request(fragment('/up/q.bin?account=86433', id, Buffer.from('q'), 0, 1));
    expect(await readFile(path.join(root, 'up', 'q.bin'), 'utf8')).toBe('q');
  });
});
