/**
 * The reply download against a real HTTP server on loopback through the real node transport:
 * real sockets, real connection cuts, real files.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HRESULT } from '../../../shared/bits-codes.js';
import { systemClock } from '../clock.js';
import { BitsError } from '../errors.js';
import { createNodeTransport } from '../http/node-transport.js';
import type { HttpTransport } from '../http/transport.js';
import { OriginPolicy } from '../origin-policy.js';
import { downloadReply, type ReplyDownloadOptions } from './download-reply.js';
import { pattern } from './test-support/fake-http.js';
import { listDir, makeTempDir, removeTempDir } from './test-support/reply-harness.js';
import { ReplyHttpServer } from './test-support/reply-http-server.js';

const KB = 1024;
let dir: string;
let dest: string;
let server: ReplyHttpServer;
let transport: HttpTransport;
const extraServers: ReplyHttpServer[] = [];

beforeEach(async () => {
  dir = await makeTempDir();
  dest = join(dir, 'reply.bin');
  server = await new ReplyHttpServer(pattern(1000 * KB)).start();
  transport = createNodeTransport();
});
afterEach(async () => {
  transport.close();
  await server.close();
  for (const other of extraServers.splice(0)) await other.close();
  await removeTempDir(dir);
});

function options(overrides: Partial<ReplyDownloadOptions> = {}): ReplyDownloadOptions {
  const destination = new URL('/up/data.bin', server.origin);
  return {
    url: server.url(),
    destination: dest,
    transport,
    policy: new OriginPolicy(destination, {
      headers: [['X-Key', 'k']],
      credentials: { user: 'u', password: 'p' },
    }),
    clock: systemClock,
    limits: { maxBytes: 64 * 1024 * KB, maxTimeMs: 60_000 },
    timeouts: { sendTimeoutMs: 5000, responseTimeoutMs: 5000 },
    rangeSize: 256 * KB,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<BitsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BitsError) return error;
    throw error;
  }
  throw new Error('expected the reply download to fail');
}

describe('downloadReply over a real HTTP connection', () => {
  it('downloads in several ranged GETs, byte-identical, with the job headers on each', async () => {
    const result = await downloadReply(options());
    expect(result).toEqual({ path: dest, bytes: 1000 * KB });
    expect((await readFile(dest)).equals(server.content)).toBe(true);
    expect(server.requests.map((r) => `${r.method} ${r.range ?? ''}`.trim())).toEqual([
      'HEAD',
      'GET bytes=0-262143',
      'GET bytes=262144-524287',
      'GET bytes=524288-786431',
      'GET bytes=786432-1023999',
    ]);
    expect(server.requests.slice(1).every((r) => r.ifRange === '"v1"')).toBe(true);
    expect(await listDir(dir)).toEqual(['reply.bin']);
  });

  it('resumes after the server cuts the connection mid-body, re-fetching only the rest', async () => {
    server.misbehave = (_req, _res, served) => {
      if (served.range === 'bytes=262144-524287') server.cutNextGetAfter = 100 * KB;
      return false;
    };
    const error = await failure(downloadReply(options()));
    expect(error.transient).toBe(true);
    expect(error.phase).toBe('reply');
    expect(await listDir(dir)).toEqual(['reply.bin.bits-part', 'reply.bin.bits-part.json']);
    const kept = (await stat(`${dest}.bits-part`)).size;
    expect(kept).toBeGreaterThanOrEqual(256 * KB);
    expect(kept).toBeLessThanOrEqual(356 * KB);

    server.misbehave = undefined;
    const servedBefore = server.bytesServed();
    const firstRequestOfRetry = server.requests.length;
    await downloadReply(options());
    expect((await readFile(dest)).equals(server.content)).toBe(true);
    expect(server.bytesServed() - servedBefore).toBe(1000 * KB - kept);
    expect(server.requests[firstRequestOfRetry + 1]?.range).toBe(`bytes=${kept}-${kept + 256 * KB - 1}`);
    expect(await listDir(dir)).toEqual(['reply.bin']);
  });

  it('restarts from scratch when the file changes on the server mid-download', async () => {
    const replacement = pattern(700 * KB, 42);
    server.misbehave = (_req, _res, served) => {
      if (served.range?.startsWith('bytes=524288-')) {
        server.replace(replacement, '"v2"', 'Thu, 22 Oct 2015 09:00:00 GMT');
      }
      return false;
    };
    const result = await downloadReply(options());
    expect(result.bytes).toBe(700 * KB);
    expect((await readFile(dest)).equals(replacement)).toBe(true);
    expect(server.requests.filter((r) => r.method === 'HEAD')).toHaveLength(2);
  });

  it('fails with BG_E_INSUFFICIENT_RANGE_SUPPORT when the server ignores Range at an offset > 0', async () => {
    server.cutNextGetAfter = 50 * KB;
    await failure(downloadReply(options()));
    server.ignoreRange = true;
    const error = await failure(downloadReply(options()));
    expect(error.code).toBe(HRESULT.BG_E_INSUFFICIENT_RANGE_SUPPORT);
    expect(error.message).toMatch(/at byte 51200/);
    expect(await listDir(dir)).toEqual([]);
  });

  it('accepts the whole file from a server that ignores Range, when starting at byte 0', async () => {
    server.ignoreRange = true;
    await downloadReply(options());
    expect((await readFile(dest)).equals(server.content)).toBe(true);
  });

  it('refuses a redirect to another origin and never contacts it', async () => {
    const other = await new ReplyHttpServer(pattern(10)).start();
    extraServers.push(other);
    server.misbehave = (_req, res) => {
      res.writeHead(302, { Location: `${other.origin}/steal`, 'Content-Length': '0' });
      res.end();
      return true;
    };
    const error = await failure(downloadReply(options()));
    expect(error.message).toContain(`${other.origin}/steal`);
    expect(error.message).toMatch(/different server/);
    expect(other.requests).toHaveLength(0);
    expect(await listDir(dir)).not.toContain('reply.bin');
  });

  it('follows a same-origin redirect', async () => {
    server.misbehave = (req, res) => {
      if (req.url?.startsWith('/real/')) return false;
      res.writeHead(307, { Location: '/real/reply.bin', 'Content-Length': '0' });
      res.end();
      return true;
    };
    await downloadReply(options());
    expect((await readFile(dest)).equals(server.content)).toBe(true);
  });

  it('refuses a reply over maxBytes without downloading it', async () => {
    // Declares 10 GB and would stream forever if asked.
    server.misbehave = (req, res, served) => {
      res.writeHead(200, { 'Content-Length': String(10 * 1024 ** 3) });
      if (req.method === 'HEAD') res.end();
      else {
        const chunk = Buffer.alloc(64 * KB);
        const pump = () => {
          while (res.write(chunk)) served.bytesSent += chunk.length;
        };
        res.on('drain', pump);
        pump();
      }
      return true;
    };
    const error = await failure(
      downloadReply(options({ limits: { maxBytes: 1024 ** 3, maxTimeMs: 60_000 } })),
    );
    expect(error.message).toBe("The server's reply is 10.00 GiB, over the 1.00 GiB limit for reply files.");
    expect(error.classification).toBe('fatal');
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
    expect(await listDir(dir)).toEqual([]);
  });

  it('refuses an over-limit size learned only from Content-Range, closing the endless body', async () => {
    server.misbehave = (req, res, served) => {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
        res.end();
        return true;
      }
      const total = 10 * 1024 ** 3;
      res.writeHead(206, {
        'Content-Range': `bytes 0-${total - 1}/${total}`,
        'Content-Length': String(total),
      });
      const chunk = Buffer.alloc(64 * KB);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) served.bytesSent += chunk.length;
      };
      res.on('drain', pump);
      pump();
      return true;
    };
    const error = await failure(
      downloadReply(options({ limits: { maxBytes: 1024 ** 3, maxTimeMs: 60_000 } })),
    );
    expect(error.message).toMatch(/10.00 GiB, over the 1.00 GiB limit/);
    expect(await listDir(dir)).toEqual([]);
  });

  it('stores an empty reply as an empty file', async () => {
    server.content = Buffer.alloc(0);
    expect(await downloadReply(options())).toEqual({ path: dest, bytes: 0 });
    expect((await stat(dest)).size).toBe(0);
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('fails clearly when the destination folder does not exist', async () => {
    const error = await failure(downloadReply(options({ destination: join(dir, 'missing', 'reply.bin') })));
    expect(error.message).toMatch(/folder for the reply file does not exist/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['garbage', 'bytes garbage'],
    ['negative', 'bytes -1-262143/1024000'],
    ['past the end', 'bytes 0-262143/100'],
    ['shifted', 'bytes 1-262144/1024000'],
    ['unknown total', 'bytes 0-262143/*'],
    ['huge', 'bytes 0-262143/999999999999999999999999'],
    ['two ranges', 'bytes 0-1/1024000, 2-262143/1024000'],
    ['wrong unit', 'items 0-262143/1024000'],
  ])('rejects a hostile Content-Range (%s) and leaves no reply behind', async (_name, contentRange) => {
    server.misbehave = (req, res, served) => {
      if (req.method !== 'GET') return false;
      const body = server.content.subarray(0, 256 * KB);
      res.writeHead(206, {
        'Content-Range': contentRange,
        'Content-Length': String(body.length),
        ETag: '"v1"',
      });
      served.bytesSent = body.length;
      res.end(body);
      return true;
    };
    const error = await failure(downloadReply(options()));
    expect(error.phase).toBe('reply');
    expect(error.classification).toBe('fatal');
    expect([HRESULT.BG_E_INVALID_SERVER_RESPONSE, HRESULT.BG_E_MISSING_FILE_SIZE]).toContain(error.code);
    expect(await listDir(dir)).not.toContain('reply.bin');
  });

  it('keeps the temp file when aborted mid-body, then resumes', async () => {
    const controller = new AbortController();
    server.misbehave = (_req, _res, served) => {
      if (served.range?.startsWith('bytes=524288-')) controller.abort();
      return false;
    };
    const error = await failure(downloadReply(options({ signal: controller.signal })));
    expect(error.code).toBe(HRESULT.E_ABORT);
    server.misbehave = undefined;
    await downloadReply(options());
    expect((await readFile(dest)).equals(server.content)).toBe(true);
  });
});
