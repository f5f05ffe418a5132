import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BitsServer,
  type BitsServerOptions,
  SessionStore,
  startBitsServer,
  UPLOAD_PROTOCOL,
} from './index.js';
import {
  bitsRequest,
  createSession,
  fragment,
  makeRoot,
  RawClient,
  rawRequest,
  removeRoot,
} from './test-support.js';

let root: string;
const servers: BitsServer[] = [];
const clients: RawClient[] = [];

async function start(options: Partial<BitsServerOptions> = {}) {
  const server = await startBitsServer({ root, ...options });
  servers.push(server);
  const client = await RawClient.connect(server.port);
  clients.push(client);
  return { server, client };
}

beforeEach(async () => {
  root = await makeRoot();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await removeRoot(root);
});

/** BITS_POST through Node's own HTTP client, which (unlike its server) accepts the method. */
function nodeBitsPost(server: BitsServer, target: string, headers: Record<string, string>, body = '') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(server.url(target), { method: 'BITS_POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('access control options', () => {
  it('auth: 401 with a Basic challenge on every method without the right credentials', async () => {
    const { client } = await start({ auth: { user: 'ann', password: 's3cret' } });
    for (const request of [
      bitsRequest('/up/a.bin', 'Ping'),
      rawRequest('GET', '/x'),
      rawRequest('HEAD', '/x'),
    ]) {
      const res = await client.request(request, { head: request.subarray(0, 4).toString() === 'HEAD' });
      expect(res.status).toBe(401);
      expect(res.get('WWW-Authenticate')).toBe('Basic realm="BITS"');
    }
    const wrong = `Basic ${Buffer.from('ann:nope').toString('base64')}`;
    expect((await client.request(bitsRequest('/up/a.bin', 'Ping', { Authorization: wrong }))).status).toBe(
      401,
    );
    const right = `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
    expect((await client.request(bitsRequest('/up/a.bin', 'Ping', { Authorization: right }))).status).toBe(
      200,
    );
  });

  it('uploadsEnabled false: 501 + 0x80070005 on every BITS_POST', async () => {
    const { client } = await start({ uploadsEnabled: false });
    for (const packet of ['Ping', 'Create-Session', 'Fragment']) {
      const ack = await client.request(
        bitsRequest('/up/a.bin', packet, { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
      );
      expect(ack.status).toBe(501);
      expect(ack.get('BITS-Error-Code')).toBe('0x80070005');
      expect(ack.get('BITS-Error-Context')).toBe('0x5');
    }
  });

  it('allowOverwrites false: 403 + 0x80070005 on an existing destination', async () => {
    await mkdir(path.join(root, 'up'), { recursive: true });
    await writeFile(path.join(root, 'up', 'taken.bin'), 'x');
    const { client } = await start({ allowOverwrites: false });
    const ack = await client.request(
      bitsRequest('/up/taken.bin', 'Create-Session', { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
    );
    expect(ack.status).toBe(403);
    expect(ack.get('BITS-Error-Code')).toBe('0x80070005');
    expect(
      (
        await client.request(
          bitsRequest('/up/free.bin', 'Create-Session', { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
        )
      ).status,
    ).toBe(200);
  });
});

describe('server farm: two instances sharing a SessionStore', () => {
  it('the node named by BITS-Host-Id continues the session; a node without the store does not', async () => {
    const sessions = new SessionStore();
    const node = await start({ sessions });
    const front = await start({
      sessions,
      hostId: `127.0.0.1:${node.server.port}`,
      hostIdFallbackTimeoutSec: 110,
    });
    const lonely = await start();
    const create = await front.client.request(
      bitsRequest('/up/farm.bin', 'Create-Session', { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
    );
    expect(create.get('BITS-Host-Id')).toBe(`127.0.0.1:${node.server.port}`);
    expect(create.get('BITS-Host-Id-Fallback-Timeout')).toBe('110');
    const id = create.get('BITS-Session-Id')!;
    expect((await node.client.request(bitsRequest('/up/farm.bin', 'Ping'))).status).toBe(200);
    const ack = await node.client.request(fragment('/up/farm.bin', id, Buffer.from('farm'), 0, 8));
    expect(ack.get('BITS-Received-Content-Range')).toBe('4');
    const lost = await lonely.client.request(fragment('/up/farm.bin', id, Buffer.from('data'), 4, 8));
    expect(lost.get('BITS-Error-Code')).toBe('0x8020001F');
    await front.client.request(fragment('/up/farm.bin', id, Buffer.from('data'), 4, 8));
    expect(await readFile(path.join(root, 'up', 'farm.bin'), 'utf8')).toBe('farmdata');
  });

  it('no host-id headers unless configured; no fallback timeout without a host id', async () => {
    const { client } = await start({ hostIdFallbackTimeoutSec: 5 });
    const create = await client.request(
      bitsRequest('/up/a.bin', 'Create-Session', { 'BITS-Supported-Protocols': UPLOAD_PROTOCOL }),
    );
    expect(create.get('BITS-Host-Id')).toBeUndefined();
    expect(create.get('BITS-Host-Id-Fallback-Timeout')).toBeUndefined();
  });
});

describe('connections', () => {
  it('keep-alive: several requests on one socket, including pipelined bytes in one write', async () => {
    const { server, client } = await start();
    const id = await createSession(client, '/up/k.bin');
    client.send(
      Buffer.concat([
        bitsRequest('/up/k.bin', 'Ping'),
        fragment('/up/k.bin', id, Buffer.from('abc'), 0, 6),
        fragment('/up/k.bin', id, Buffer.from('def'), 3, 6),
        bitsRequest('/up/k.bin', 'Close-Session', { 'BITS-Session-Id': id }),
      ]),
    );
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.readResponse()).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(await readFile(server.filePath('/up/k.bin'), 'utf8')).toBe('abcdef');
    expect(new Set(server.log.map((e) => e.connectionId)).size).toBe(1);
    expect(server.log.map((e) => e.packetType)).toEqual([
      'Create-Session',
      'Ping',
      'Fragment',
      'Fragment',
      'Close-Session',
    ]);
    expect(server.log[2]).toMatchObject({
      method: 'BITS_POST',
      target: '/up/k.bin',
      bodyBytes: 3,
      status: 200,
      sessionId: id,
    });
  });

  it('honours Connection: close and HTTP/1.0 without keep-alive', async () => {
    const { server, client } = await start();
    const res = await client.request(bitsRequest('/up/a.bin', 'Ping', { Connection: 'close' }));
    expect(res.get('Connection')).toBe('close');
    expect(await client.closesWithin(2000)).toBe(true);
    const old = await RawClient.connect(server.port);
    clients.push(old);
    await old.request('BITS_POST /up/a.bin HTTP/1.0\r\nBITS-Packet-Type: Ping\r\nContent-Length: 0\r\n\r\n');
    expect(await old.closesWithin(2000)).toBe(true);
  });

  it('closeSilently: answers without Connection: close, then resets the next request on that connection', async () => {
    const { server, client } = await start({ closeSilently: true });
    const first = await client.request(bitsRequest('/up/a.bin', 'Ping'));
    expect(first.status).toBe(200);
    expect(first.get('Connection')).toBeUndefined();
    client.send(bitsRequest('/up/a.bin', 'Ping'));
    await client.closed;
    expect(client.pending.length).toBe(0);
    expect(server.log.map((entry) => `${entry.packetType} ${entry.status} ${entry.fault ?? ''}`)).toEqual([
      'Ping 200 ',
      'Ping 0 close-silently',
    ]);
    // A client that says Connection: close is answered, and the connection then ends normally.
    const polite = await RawClient.connect(server.port);
    clients.push(polite);
    const res = await polite.request(bitsRequest('/up/a.bin', 'Ping', { Connection: 'close' }));
    expect(res.status).toBe(200);
    expect(res.get('Connection')).toBe('close');
  });

  it('answers a request whose sender half-closed the connection', async () => {
    const { client } = await start();
    client.socket.end(bitsRequest('/up/a.bin', 'Ping'));
    expect((await client.readResponse()).status).toBe(200);
  });

  it('sends 100 Continue before reading a body the client is holding back', async () => {
    const { server, client } = await start();
    const id = await createSession(client, '/up/e.bin');
    const request = bitsRequest('/up/e.bin', 'Fragment', {
      'BITS-Session-Id': id,
      'Content-Range': 'bytes 0-3/4',
      'Content-Length': 4,
      Expect: '100-continue',
    });
    client.send(request);
    await expect.poll(() => client.pending.toString()).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    client.send('data');
    expect((await client.readResponse()).get('BITS-Received-Content-Range')).toBe('4');
    expect(await readFile(server.filePath('/up/e.bin'), 'utf8')).toBe('data');
  });

  it("Node's http client can drive a whole upload with BITS_POST", async () => {
    const { server } = await start();
    const ping = await nodeBitsPost(server, '/up/n.bin', { 'BITS-Packet-Type': 'Ping' });
    expect(ping.status).toBe(200);
    const create = await nodeBitsPost(server, '/up/n.bin', {
      'BITS-Packet-Type': 'Create-Session',
      'BITS-Supported-Protocols': UPLOAD_PROTOCOL,
    });
    const id = String(create.headers['bits-session-id']);
    const frag = await nodeBitsPost(
      server,
      '/up/n.bin',
      { 'BITS-Packet-Type': 'Fragment', 'BITS-Session-Id': id, 'Content-Range': 'bytes 0-4/5' },
      'hello',
    );
    expect(frag.headers['bits-received-content-range']).toBe('5');
    expect(await readFile(server.filePath('/up/n.bin'), 'utf8')).toBe('hello');
  });

  it('close() destroys open sockets, even mid-body, and resolves promptly', async () => {
    const { server, client } = await start();
    const id = await createSession(client, '/up/c.bin');
    client.send(fragment('/up/c.bin', id, Buffer.alloc(1000), 0, 1000).subarray(0, 500));
    const idle = await RawClient.connect(server.port);
    clients.push(idle);
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    await server.close();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(await client.closesWithin(500)).toBe(true);
    expect(await idle.closesWithin(500)).toBe(true);
  });
});
