import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

describe('client ⇄ reference server: upload-reply', () => {
  for (const urlStyle of ['iis-relative', 'relative', 'absolute'] as const) {
    it(`downloads the reply (${urlStyle} reply URL) before Close-Session, atomically`, async () => {
      const server = await serverFor({ reply: { urlStyle } });
      const dir = await tempDir();
      const file = await randomFile(dir, 200_000);
      const replyPath = join(dir, 'reply.txt');
      const result = await uploadWithRetries({
        url: server.url('/reply/in/data.bin'),
        kind: 'upload-reply',
        filePath: file.path,
        replyPath,
        fragmentSize: 64 * 1024,
      });
      const sha = createHash('sha256').update(file.bytes).digest('hex');
      expect(await readFile(replyPath, 'utf8')).toContain(sha);
      expect(result.outcome.replyBytes).toBeGreaterThan(0);
      const order = server.log.map((entry) => entry.packetType ?? entry.method);
      const lastGet = order.lastIndexOf('GET');
      expect(lastGet).toBeGreaterThan(-1);
      expect(lastGet).toBeLessThan(order.indexOf('Close-Session'));
      const get = server.log[lastGet]!;
      expect(get.target).toMatch(
        /^\/reply\/in\/BITS-Sessions\/Replies\/%7B[0-9A-F-]+%7D\/responsefile\.bin$/,
      );
      // Nothing but the reply is left next to it: no temp or sidecar files.
      expect((await readdir(dir)).sort()).toEqual(['payload.bin', 'reply.txt']);
      expect((await storedBytes(server, '/reply/in/data.bin')).equals(file.bytes)).toBe(true);
    });
  }

  it('resumes a reply download the server cut off, fetching only the rest', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const server = await serverFor({ reply: { build: () => big } });
    server.faults.add({
      match: { method: 'GET' },
      action: { type: 'cut-response', afterBytes: 1024 * 1024 },
    });
    const dir = await tempDir();
    const file = await randomFile(dir, 10_000);
    const replyPath = join(dir, 'reply.bin');
    const result = await uploadWithRetries({
      url: server.url('/reply/big.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
    });
    expect(result.attempts).toBe(2);
    expect(result.errors[0]!.phase).toBe('reply');
    expect((await readFile(replyPath)).equals(big)).toBe(true);
    const gets = server.log.filter((entry) => entry.method === 'GET');
    const resumed = gets.at(-1)!.headers.find(([name]) => name.toLowerCase() === 'range')?.[1];
    // It continues where its temp file ended (bytes in flight when the socket died are lost).
    const resumedAt = Number(/^bytes=(\d+)-/.exec(resumed ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(512 * 1024);
    expect(resumedAt).toBeLessThanOrEqual(1024 * 1024);
    // The upload itself was not repeated.
    expect(server.log.filter((entry) => entry.packetType === 'Fragment')).toHaveLength(1);
  });

  it('a reply over the size limit is an error that keeps the upload’s success', async () => {
    const server = await serverFor({ reply: { build: () => Buffer.alloc(200_000) } });
    const dir = await tempDir();
    const file = await randomFile(dir, 10_000);
    const error = await uploadWithRetries({
      url: server.url('/reply/limit.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath: join(dir, 'r.bin'),
      replyLimits: { maxBytes: 100_000 },
    }).catch((failure) => failure);
    expect(error.phase).toBe('reply');
    expect(error.classification).toBe('fatal');
    expect(error.message).toMatch(/limit/);
    expect((await storedBytes(server, '/reply/limit.bin')).equals(file.bytes)).toBe(true);
    expect(await readdir(dir)).toEqual(['payload.bin']);
  });

  it('an empty reply is an empty file', async () => {
    const server = await serverFor({ reply: { build: () => Buffer.alloc(0) } });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const replyPath = join(dir, 'empty.reply');
    await uploadWithRetries({
      url: server.url('/reply/e.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
    });
    expect((await readFile(replyPath)).length).toBe(0);
  });

  it('a final Ack without a reply URL on an upload-reply job is a protocol error', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    // /up/ is a plain upload area on the server: it never sends a reply URL.
    const error = await uploadWithRetries({
      url: server.url('/up/noreply.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath: join(dir, 'r'),
    }).catch((failure) => failure);
    expect(error.message).toMatch(/no reply URL/);
  });

  it('a reply URL on another origin gets neither credentials nor custom headers', async () => {
    const other = await serverFor();
    const replyFile = join(other.filePath('/r/BITS-Sessions/Replies/x'), 'responsefile.bin');
    await mkdir(dirname(replyFile), { recursive: true });
    await writeFile(replyFile, 'from elsewhere');
    const server = await serverFor({ auth: { user: 'u', password: 'p' } });
    const crossOrigin = other.url('/r/BITS-Sessions/Replies/x/responsefile.bin');
    server.faults.add({
      match: { packet: 'Fragment', final: true },
      action: {
        type: 'raw',
        response: `HTTP/1.1 200 OK\r\nBITS-Packet-Type: Ack\r\nBITS-Received-Content-Range: 1000\r\nBITS-Reply-URL: ${crossOrigin}\r\nContent-Length: 0\r\n\r\n`,
      },
    });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const replyPath = join(dir, 'cross.reply');
    await uploadWithRetries({
      url: server.url('/reply/x.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
      auth: { headers: [['X-Secret-Token', 't0k3n']], credentials: { user: 'u', password: 'p' } },
    });
    expect(await readFile(replyPath, 'utf8')).toBe('from elsewhere');
    expect(other.log.length).toBeGreaterThan(0);
    for (const entry of other.log) {
      const names = entry.headers.map(([name]) => name.toLowerCase());
      expect(names).not.toContain('authorization');
      expect(names).not.toContain('x-secret-token');
    }
    for (const entry of server.log) {
      expect(entry.headers.map(([name]) => name.toLowerCase())).toContain('x-secret-token');
    }
  });
});
