import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HRESULT, httpStatusToHresult } from '../../../shared/bits-codes.js';
import { TransportError } from '../http/transport.js';
import { FakeTransport, pattern } from './test-support/fake-http.js';
import { allSettled, harness, listDir, replyFixture } from './test-support/reply-harness.js';

const LM = 'Wed, 21 Oct 2015 07:28:00 GMT';
const fixture = replyFixture({ etag: '"v1"', lastModified: LM });
const setup = fixture.setup;

describe('downloadReply: the normal path', () => {
  it('fetches HEAD then ranged GETs and writes a byte-identical file', async () => {
    const content = pattern(35);
    const { transport, h } = setup(content);
    const result = await h.run();
    expect(result).toEqual({ path: fixture.dest, bytes: 35 });
    expect(await readFile(fixture.dest)).toEqual(content);
    expect(transport.log()).toEqual([
      'HEAD /up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin',
      'GET /up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin bytes=0-9',
      'GET /up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin bytes=10-19',
      'GET /up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin bytes=20-29',
      'GET /up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin bytes=30-34',
    ]);
    expect(await listDir(fixture.dir)).toEqual(['reply.bin']);
    expect(allSettled(transport)).toBe(true);
    expect(h.progress.at(-1)).toEqual([35, 35]);
  });

  it('sends identity encoding, If-Range and the job headers on every request', async () => {
    const { transport, h } = setup(pattern(15));
    await h.run();
    for (let i = 0; i < transport.requests.length; i++) {
      expect(transport.header(i, 'Accept-Encoding')).toBe('identity');
      // Credentials are the transport's to add when the server asks (auth-transport.ts).
      expect(transport.header(i, 'X-Key')).toBe('secret');
    }
    expect(transport.header(1, 'If-Range')).toBe('"v1"');
    expect(transport.requests[1]?.responseTimeoutMs).toBe(1000);
  });

  it('uses Last-Modified for If-Range when there is no strong ETag', async () => {
    const { transport, h } = setup(pattern(15), { etag: 'W/"weak"' });
    await h.run();
    expect(transport.header(1, 'If-Range')).toBe(LM);
  });

  it('sends no If-Range when the server gives no validator', async () => {
    const { transport, h } = setup(pattern(15), { etag: undefined, lastModified: undefined });
    await h.run();
    expect(transport.header(1, 'If-Range')).toBeUndefined();
  });

  it('does not send an empty trailing range when the size is a multiple of the range size', async () => {
    const { transport, h } = setup(pattern(30));
    await h.run();
    expect(
      transport
        .log()
        .slice(1)
        .map((line) => line.split(' ')[2]),
    ).toEqual(['bytes=0-9', 'bytes=10-19', 'bytes=20-29']);
  });

  it('writes an empty file for an empty reply without any GET', async () => {
    const { transport, h } = setup(Buffer.alloc(0));
    expect(await h.run()).toEqual({ path: fixture.dest, bytes: 0 });
    expect(await readFile(fixture.dest)).toEqual(Buffer.alloc(0));
    expect(transport.log()).toHaveLength(1);
    expect(await listDir(fixture.dir)).toEqual(['reply.bin']);
  });

  it('replaces an existing destination file only when the new reply is complete', async () => {
    await writeFile(fixture.dest, 'old reply');
    const { server, h } = setup(pattern(25));
    server.tamper = (request, answer) =>
      request.headers.some(([, v]) => v === 'bytes=20-24') ? { status: 503, statusText: 'Busy' } : answer;
    await h.fail({ overwrite: true });
    expect(await readFile(fixture.dest, 'utf8')).toBe('old reply');
    server.tamper = undefined;
    await h.run({ overwrite: true });
    expect(await readFile(fixture.dest)).toEqual(pattern(25));
  });

  it('never replaces a file that appeared at the destination unless allowed, and keeps the download', async () => {
    await writeFile(fixture.dest, 'someone else’s file');
    const { h } = setup(pattern(25));
    const error = await h.fail();
    expect(error.message).toBe(`A file already exists at ${fixture.dest}; the reply was not saved over it.`);
    expect(error.classification).toBe('fatal');
    expect(await readFile(fixture.dest, 'utf8')).toBe('someone else’s file');
    expect((await readFile(`${fixture.dest}.bits-part`)).equals(pattern(25))).toBe(true);
  });
});

describe('downloadReply: servers without HEAD size or ranges', () => {
  it('takes the size from Content-Range when HEAD has no Content-Length', async () => {
    const content = pattern(23);
    const { transport, h } = setup(content, { headWithoutLength: true });
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(content);
    expect(transport.log().map((line) => line.split(' ')[2])).toEqual([
      undefined,
      'bytes=0-',
      // The open-ended answer carried everything; no further request was needed.
    ]);
  });

  it('falls back to a ranged GET when the server refuses HEAD', async () => {
    const { h } = setup(pattern(12), { headStatus: 405 });
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(12));
  });

  it('accepts a 200 with the whole file at offset 0 from a server that ignores Range', async () => {
    const content = pattern(35);
    const { transport, h } = setup(content, { ignoreRange: true, chunkSize: 4 });
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(content);
    expect(transport.log()).toHaveLength(2);
  });

  it('fails with BG_E_MISSING_FILE_SIZE when no answer says how large the reply is', async () => {
    const { server, h } = setup(pattern(12), { headWithoutLength: true, ignoreRange: true });
    server.tamper = (_request, answer) => ({
      ...answer,
      headers: answer.headers?.filter(([name]) => name !== 'Content-Length'),
    });
    const error = await h.fail();
    expect(error.code).toBe(HRESULT.BG_E_MISSING_FILE_SIZE);
    expect(error.phase).toBe('reply');
    expect(await listDir(fixture.dir)).not.toContain('reply.bin');
  });

  it('fails with BG_E_MISSING_FILE_SIZE for Content-Range: bytes a-b/*', async () => {
    const { server, h } = setup(pattern(12), { headWithoutLength: true });
    server.tamper = (_request, answer) => ({
      ...answer,
      headers: answer.headers?.map(([n, v]) => [n, n === 'Content-Range' ? v.replace(/\/\d+$/, '/*') : v]),
    });
    expect((await h.fail()).code).toBe(HRESULT.BG_E_MISSING_FILE_SIZE);
  });
});

describe('downloadReply: HTTP and transport failures', () => {
  it('reports 404 as a fatal "reply expired" error', async () => {
    const { server, transport, h } = setup(pattern(5));
    server.tamper = () => ({ status: 404, statusText: 'Not Found', body: Buffer.from('<html>gone</html>') });
    const error = await h.fail();
    expect(error.message).toMatch(/no longer has the reply file .*expired or been deleted/);
    expect(error.classification).toBe('fatal');
    expect(error.code).toBe(httpStatusToHresult(404));
    expect(error.phase).toBe('reply');
    expect(error.evidence.request).toMatch(/^HEAD http:\/\/up\.example\//);
    expect(allSettled(transport)).toBe(true);
  });

  it('reports 503 on a GET as transient, keeping the bytes so far', async () => {
    const { server, transport, h } = setup(pattern(25));
    server.tamper = (request, answer) =>
      request.headers.some(([, v]) => v.startsWith('bytes=10-'))
        ? { status: 503, statusText: 'Busy' }
        : answer;
    const error = await h.fail();
    expect(error.transient).toBe(true);
    expect(error.httpStatus).toBe(503);
    expect((await readFile(`${fixture.dest}.bits-part`)).length).toBe(10);
    expect(allSettled(transport)).toBe(true);
  });

  it('classifies a transport failure with the request that failed', async () => {
    const transport = new FakeTransport(() => {
      throw new TransportError('connect', 'ECONNREFUSED', { code: 'ECONNREFUSED' });
    });
    const error = await harness(transport, fixture.dest).fail();
    expect(error.code).toBe(HRESULT.BG_E_CONNECT_FAILURE);
    expect(error.transient).toBe(true);
    expect(error.phase).toBe('reply');
    expect(error.evidence.request).toMatch(/^HEAD /);
  });

  it('stops on abort and keeps the temp file for resuming', async () => {
    const controller = new AbortController();
    const { server, h } = setup(pattern(35));
    server.tamper = (request, answer) => {
      if (request.headers.some(([, v]) => v.startsWith('bytes=20-'))) controller.abort();
      return answer;
    };
    const error = await h.fail({ signal: controller.signal });
    expect(error.code).toBe(HRESULT.E_ABORT);
    expect(await listDir(fixture.dir)).toEqual(['reply.bin.bits-part', 'reply.bin.bits-part.json']);
  });

  it('needs an existing destination folder and a file name that is not a folder', async () => {
    const { transport, h } = setup(pattern(5));
    const missing = await harness(transport, join(fixture.dir, 'no', 'such', 'reply.bin')).fail();
    expect(missing.message).toMatch(/folder for the reply file does not exist/);
    expect(missing.context).toBe(4);
    expect(transport.requests).toHaveLength(0);
    await mkdir(fixture.dest);
    expect((await h.fail()).message).toMatch(/points at a folder/);
  });
});
