import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitsServer, type BitsServerOptions, startBitsServer } from './index.js';
import {
  bitsRequest,
  createSession,
  fragment,
  makeRoot,
  patternBytes,
  RawClient,
  rawRequest,
  removeRoot,
  upload,
} from './test-support.js';

let root: string;
let server: BitsServer;
let client: RawClient;
const data = patternBytes(5000, 11);
const sha256 = createHash('sha256').update(data).digest('hex');

async function start(options: Partial<BitsServerOptions> = {}) {
  server = await startBitsServer({ root, ...options });
  client = await RawClient.connect(server.port);
}

beforeEach(async () => {
  root = await makeRoot();
});

afterEach(async () => {
  client.close();
  await server.close();
  await removeRoot(root);
});

/** The client-side resolution of §8.4: back-slashes to slashes, relative to the upload URL, encoded. */
function resolveReply(replyUrl: string, uploadUrl: string): URL {
  return new URL(replyUrl.replaceAll('\\', '/'), uploadUrl);
}

function target(url: URL): string {
  return url.pathname + url.search;
}

describe('upload-reply completion', () => {
  it('iis-relative: the exact IIS reply URL, a reply naming size and sha256, downloadable', async () => {
    await start();
    const { sessionId, last } = await upload(client, '/reply/jobs/req.bin', data, 2048);
    expect(last.get('BITS-Received-Content-Range')).toBe('5000');
    expect(last.get('BITS-Reply-URL')).toBe(`BITS-Sessions\\Replies\\${sessionId}\\responsefile.bin`);
    const onDisk = path.join(
      root,
      'reply',
      'jobs',
      'BITS-Sessions',
      'Replies',
      sessionId,
      'responsefile.bin',
    );
    expect(JSON.parse(await readFile(onDisk, 'utf8'))).toEqual({
      path: '/reply/jobs/req.bin',
      size: 5000,
      sha256,
    });
    expect((await readFile(server.filePath('/reply/jobs/req.bin'))).equals(data)).toBe(true);

    const url = resolveReply(last.get('BITS-Reply-URL')!, server.url('/reply/jobs/req.bin'));
    expect(url.pathname).toBe(
      `/reply/jobs/BITS-Sessions/Replies/${encodeURIComponent(sessionId)}/responsefile.bin`,
    );
    const got = await client.request(rawRequest('GET', target(url)));
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body.toString()).sha256).toBe(sha256);
  });

  it('relative and absolute styles resolve to the same reply', async () => {
    await start({ reply: { urlStyle: 'relative' } });
    const a = await upload(client, '/reply/r%20x/a.bin', data);
    const rel = a.last.get('BITS-Reply-URL')!;
    expect(rel).toBe(`BITS-Sessions/Replies/${encodeURIComponent(a.sessionId)}/responsefile.bin`);
    const relGet = await client.request(
      rawRequest('GET', target(resolveReply(rel, server.url('/reply/r%20x/a.bin')))),
    );
    expect(relGet.status).toBe(200);
    client.close();
    await server.close();

    await start({ reply: { urlStyle: 'absolute' } });
    const b = await upload(client, '/reply/r%20x/b.bin', data);
    const abs = b.last.get('BITS-Reply-URL')!;
    expect(abs).toBe(
      server.url(`/reply/r%20x/BITS-Sessions/Replies/${encodeURIComponent(b.sessionId)}/responsefile.bin`),
    );
    expect((await client.request(rawRequest('GET', target(new URL(abs))))).status).toBe(200);
  });

  it('a replayed final fragment gets the cached Ack and no second notification', async () => {
    let builds = 0;
    await start({ reply: { build: ({ size }) => `built ${++builds} for ${size}` } });
    const { sessionId, last } = await upload(client, '/reply/x.bin', data, 3000);
    const replay = await client.request(fragment('/reply/x.bin', sessionId, data.subarray(3000), 3000, 5000));
    expect(replay.status).toBe(200);
    expect(replay.get('BITS-Received-Content-Range')).toBe('5000');
    expect(replay.get('BITS-Reply-URL')).toBe(last.get('BITS-Reply-URL'));
    expect(builds).toBe(1);
  });

  it('waits reply.delayMs before the final Ack', async () => {
    await start({ reply: { delayMs: 150 } });
    const id = await createSession(client, '/reply/slow.bin');
    const t0 = performance.now();
    const ack = await client.request(fragment('/reply/slow.bin', id, data, 0, data.length));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(ack.get('BITS-Reply-URL')).toBeDefined();
  });

  it('a failing application gets an error Ack with context 0x7 and is notified again on the retry', async () => {
    let fail = true;
    await start({
      reply: {
        build: () => {
          if (fail) throw new Error('application down');
          return 'ok';
        },
      },
    });
    const id = await createSession(client, '/reply/f.bin');
    const first = await client.request(fragment('/reply/f.bin', id, data, 0, data.length));
    expect(first.status).toBe(500);
    expect(first.get('BITS-Error-Context')).toBe('0x7');
    fail = false;
    const retry = await client.request(fragment('/reply/f.bin', id, data, 0, data.length));
    expect(retry.status).toBe(200);
    expect(retry.get('BITS-Reply-URL')).toContain(id);
  });

  it('Close-Session deletes the reply; plain uploads get no reply URL', async () => {
    await start();
    const { sessionId, last } = await upload(client, '/reply/c.bin', data);
    const url = target(resolveReply(last.get('BITS-Reply-URL')!, server.url('/reply/c.bin')));
    expect((await client.request(rawRequest('HEAD', url), { head: true })).status).toBe(200);
    await client.request(bitsRequest('/reply/c.bin', 'Close-Session', { 'BITS-Session-Id': sessionId }));
    expect((await client.request(rawRequest('GET', url))).status).toBe(404);
    expect(existsSync(server.filePath('/reply/c.bin'))).toBe(true);

    const plain = await upload(client, '/up/p.bin', data);
    expect(plain.last.get('BITS-Reply-URL')).toBeUndefined();
  });

  it('an empty upload-reply upload still gets a reply', async () => {
    await start();
    const id = await createSession(client, '/reply/empty.bin');
    const ack = await client.request(
      bitsRequest('/reply/empty.bin', 'Fragment', { 'BITS-Session-Id': id, 'Content-Range': 'bytes */0' }),
    );
    expect(ack.get('BITS-Reply-URL')).toContain(id);
  });
});

describe('reply download (§11.1)', () => {
  let url: string;
  const size = () => Number(JSON.stringify({ path: '/reply/d.bin', size: 5000, sha256 }).length + 1);

  beforeEach(async () => {
    await start();
    const { last } = await upload(client, '/reply/d.bin', data);
    url = target(resolveReply(last.get('BITS-Reply-URL')!, server.url('/reply/d.bin')));
  });

  it('serves validators and single ranges (a-b, a-, -n) as 206 with Content-Range', async () => {
    const full = await client.request(rawRequest('GET', url));
    const n = size();
    expect(full.body.length).toBe(n);
    expect(full.get('Accept-Ranges')).toBe('bytes');
    expect(full.get('ETag')).toMatch(/^"[^"]+"$/);
    expect(new Date(full.get('Last-Modified')!).getTime()).toBeGreaterThan(0);
    for (const [range, start, end] of [
      ['bytes=0-9', 0, 9],
      ['bytes=10-', 10, n - 1],
      ['bytes=-4', n - 4, n - 1],
      ['bytes=5-100000', 5, n - 1],
    ] as const) {
      const part = await client.request(rawRequest('GET', url, { Range: range }));
      expect(part.status).toBe(206);
      expect(part.get('Content-Range')).toBe(`bytes ${start}-${end}/${n}`);
      expect(part.get('Content-Length')).toBe(String(end - start + 1));
      expect(part.body.equals(full.body.subarray(start, end + 1))).toBe(true);
    }
    const bad = await client.request(rawRequest('GET', url, { Range: `bytes=${n}-` }));
    expect(bad.status).toBe(416);
    expect(bad.get('Content-Range')).toBe(`bytes */${n}`);
  });

  it('HEAD answers like GET without a body', async () => {
    const head = await client.request(rawRequest('HEAD', url, { Range: 'bytes=0-9' }), { head: true });
    expect(head.status).toBe(206);
    expect(head.get('Content-Length')).toBe('10');
    const ping = await client.request(bitsRequest('/reply/d.bin', 'Ping'));
    expect(ping.status).toBe(200);
  });

  it('If-Range: matching validator gives 206, a stale one the full 200', async () => {
    const full = await client.request(rawRequest('GET', url));
    const etag = full.get('ETag')!;
    const lastModified = full.get('Last-Modified')!;
    expect(
      (await client.request(rawRequest('GET', url, { Range: 'bytes=0-9', 'If-Range': etag }))).status,
    ).toBe(206);
    expect(
      (await client.request(rawRequest('GET', url, { Range: 'bytes=0-9', 'If-Range': lastModified }))).status,
    ).toBe(206);
    const stale = await client.request(rawRequest('GET', url, { Range: 'bytes=0-9', 'If-Range': '"other"' }));
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(size());
  });

  it("works with Node's http client", async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(server.url(url), { headers: { Range: 'bytes=2-5' } }, resolve).on('error', reject),
    );
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    expect(res.statusCode).toBe(206);
    expect(Buffer.concat(chunks).length).toBe(4);
  });

  it('serves nothing outside the reply folders', async () => {
    expect((await client.request(rawRequest('GET', '/reply/d.bin'))).status).toBe(403);
    expect(
      (await client.request(rawRequest('GET', '/reply/BITS-Sessions/Replies/nope/responsefile.bin'))).status,
    ).toBe(404);
    expect(
      (await client.request(rawRequest('GET', '/reply/BITS-Sessions/Replies/..%2f..%2fd.bin'))).status,
    ).toBe(400);
  });
});
