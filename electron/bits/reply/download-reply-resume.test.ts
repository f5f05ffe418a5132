import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../../shared/bits-codes.js';
import { FakeFileServer, FakeTransport, pattern } from './test-support/fake-http.js';
import { harness, listDir, REPLY_URL, replyFixture } from './test-support/reply-harness.js';

const LM1 = 'Wed, 21 Oct 2015 07:28:00 GMT';
const LM2 = 'Thu, 22 Oct 2015 09:00:00 GMT';
const fixture = replyFixture({ etag: '"v1"', lastModified: LM1 });
const setup = fixture.setup;

const isRange = (prefix: string) => (request: { headers: Array<[string, string]> }) =>
  request.headers.some(([name, value]) => name === 'Range' && value.startsWith(prefix));

describe('downloadReply: resuming', () => {
  it('continues from the temp file after a connection cut mid-body', async () => {
    const content = pattern(35);
    const { server, transport, h } = setup(content, { chunkSize: 3 });
    server.tamper = (request, answer) =>
      isRange('bytes=10-')(request) ? { ...answer, cutAfter: 7 } : answer;
    const error = await h.fail();
    expect(error.code).toBe(HRESULT.BG_E_CONNECTION_CLOSED);
    expect(error.transient).toBe(true);
    expect(await listDir(fixture.dir)).toEqual(['reply.bin.bits-part', 'reply.bin.bits-part.json']);
    // Chunks of 3 with the cut at 7: 3 + 3 + 1 bytes of the second range arrived.
    expect((await readFile(`${fixture.dest}.bits-part`)).length).toBe(17);
    expect(JSON.parse(await readFile(`${fixture.dest}.bits-part.json`, 'utf8'))).toEqual({
      url: REPLY_URL.href,
      etag: '"v1"',
      lastModified: LM1,
      total: 35,
    });

    server.tamper = undefined;
    const before = transport.requests.length;
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(content);
    expect(
      transport
        .log()
        .slice(before)
        .map((line) => line.split(' ')[2]),
    ).toEqual([undefined, 'bytes=17-26', 'bytes=27-34']);
    expect(await listDir(fixture.dir)).toEqual(['reply.bin']);
  });

  it('starts over when the file changed between attempts', async () => {
    const { server, transport, h } = setup(pattern(35));
    server.tamper = (request, answer) =>
      isRange('bytes=20-')(request) ? { ...answer, cutAfter: 0 } : answer;
    await h.fail();
    server.tamper = undefined;
    server.replace(pattern(28, 99), { etag: '"v2"', lastModified: LM2 });
    const before = transport.requests.length;
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(28, 99));
    expect(transport.log()[before + 1]).toMatch(/bytes=0-9$/);
  });

  it.each([
    ['another URL', (s: Record<string, unknown>) => ({ ...s, url: 'http://up.example/other' })],
    ['no validator', (s: Record<string, unknown>) => ({ url: s.url, total: s.total })],
    ['no total', (s: Record<string, unknown>) => ({ ...s, total: undefined })],
    ['a smaller total than the temp file', (s: Record<string, unknown>) => ({ ...s, total: 5 })],
  ])('starts over when the sidecar records %s', async (_name, edit) => {
    const { server, transport, h } = setup(pattern(35));
    server.tamper = (request, answer) =>
      isRange('bytes=20-')(request) ? { ...answer, cutAfter: 0 } : answer;
    await h.fail();
    const sidecar = `${fixture.dest}.bits-part.json`;
    await writeFile(sidecar, JSON.stringify(edit(JSON.parse(await readFile(sidecar, 'utf8')))));
    server.tamper = undefined;
    const before = transport.requests.length;
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(35));
    expect(transport.log()[before + 1]).toMatch(/bytes=0-9$/);
  });

  it('starts over when the sidecar is torn', async () => {
    await writeFile(`${fixture.dest}.bits-part`, 'garbage that must not end up in the reply');
    await writeFile(`${fixture.dest}.bits-part.json`, '{"url": "http://up.exa');
    const { h } = setup(pattern(12));
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(12));
  });

  it('finishes with just a HEAD when the temp file is already complete (crash before the rename)', async () => {
    await writeFile(`${fixture.dest}.bits-part`, pattern(20));
    await writeFile(
      `${fixture.dest}.bits-part.json`,
      JSON.stringify({ url: REPLY_URL.href, etag: '"v1"', total: 20 }),
    );
    const { transport, h } = setup(pattern(20));
    expect(await h.run()).toEqual({ path: fixture.dest, bytes: 20 });
    expect(transport.log()).toHaveLength(1);
    expect(await readFile(fixture.dest)).toEqual(pattern(20));
  });
});

describe('downloadReply: the file changes on the server mid-download', () => {
  it('restarts from scratch when the ETag changes between ranges', async () => {
    const { server, transport, h } = setup(pattern(35));
    server.tamper = (request, answer) => {
      if (isRange('bytes=10-')(request)) server.replace(pattern(25, 3), { etag: '"v2"', lastModified: LM2 });
      return answer;
    };
    const result = await h.run();
    expect(result.bytes).toBe(25);
    expect(await readFile(fixture.dest)).toEqual(pattern(25, 3));
    // The file changes after the 10-19 answer; for 20-29 If-Range makes the server send the new file
    // whole (200): detected, discarded, restarted.
    const log = transport.log().map((line) => `${line.split(' ')[0]} ${line.split(' ')[2] ?? ''}`.trim());
    expect(log).toEqual([
      'HEAD',
      'GET bytes=0-9',
      'GET bytes=10-19',
      'GET bytes=20-29',
      'HEAD',
      'GET bytes=0-9',
      'GET bytes=10-19',
      'GET bytes=20-24',
    ]);
    expect(transport.responses.every((response) => response.settled)).toBe(true);
  });

  it('detects a change by Last-Modified on a 206 from a server that ignores If-Range', async () => {
    const { server, h } = setup(pattern(35), { ifRange: false, etag: undefined });
    server.tamper = (request, answer) => {
      if (isRange('bytes=20-')(request)) server.replace(pattern(35, 5), { lastModified: LM2 });
      return answer;
    };
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(35, 5));
  });

  it('restarts when the total in Content-Range changes', async () => {
    const { server, h } = setup(pattern(35), { etag: undefined, lastModified: undefined });
    server.tamper = (request, answer) => {
      if (isRange('bytes=10-')(request)) server.content = pattern(31, 8);
      return answer;
    };
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(31, 8));
  });

  it('restarts when a 416 says the file got shorter', async () => {
    const { server, h } = setup(pattern(35), { etag: undefined, lastModified: undefined });
    server.tamper = (request, answer) => {
      if (isRange('bytes=10-')(request)) server.content = pattern(8, 4);
      return answer;
    };
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(8, 4));
  });

  it('gives up with a transient error after three restarts', async () => {
    const { server, transport, h } = setup(pattern(35));
    let version = 1;
    server.tamper = (request, answer) => {
      if (isRange('bytes=10-')(request)) server.replace(pattern(35, ++version), { etag: `"v${version}"` });
      return answer;
    };
    const error = await h.fail();
    expect(error.message).toMatch(/changed on the server 4 times/);
    expect(error.transient).toBe(true);
    expect(error.phase).toBe('reply');
    expect(transport.log().filter((line) => line.startsWith('HEAD'))).toHaveLength(4);
    expect(await listDir(fixture.dir)).not.toContain('reply.bin');
  });

  it('refuses a 200 at an offset > 0 (BG_E_INSUFFICIENT_RANGE_SUPPORT) and drops the partial data', async () => {
    const { server, h } = setup(pattern(35));
    server.tamper = (request, answer) =>
      isRange('bytes=20-')(request) ? { ...answer, cutAfter: 0 } : answer;
    await h.fail();
    server.tamper = undefined;
    server.options.ignoreRange = true;
    const error = await h.fail();
    expect(error.code).toBe(HRESULT.BG_E_INSUFFICIENT_RANGE_SUPPORT);
    expect(error.message).toMatch(/at byte 20/);
    expect(await listDir(fixture.dir)).toEqual([]);
    // The retry the hint promises: from byte 0 the whole-file answer is fine.
    await h.run();
    expect(await readFile(fixture.dest)).toEqual(pattern(35));
  });
});

describe('downloadReply: limits', () => {
  it('refuses a reply declared over maxBytes before fetching anything', async () => {
    const { transport, h } = setup(pattern(35));
    const error = await h.fail({ limits: { maxBytes: 34, maxTimeMs: 60_000 } });
    expect(error.classification).toBe('fatal');
    expect(error.phase).toBe('reply');
    expect(error.message).toMatch(/reply is 35 B, over the 34 B limit/);
    expect(error.hint).toMatch(/setting/);
    expect(transport.log()).toHaveLength(1);
    expect(await listDir(fixture.dir)).toEqual([]);
  });

  it('words the size in the units the CLI uses (binary, GiB)', async () => {
    const server = new FakeFileServer(Buffer.alloc(0));
    server.tamper = () => ({ status: 200, headers: [['Content-Length', String(2100 * 1024 ** 2)]] });
    const error = await harness(new FakeTransport(server.handler), fixture.dest).fail({
      limits: { maxBytes: 1024 ** 3, maxTimeMs: 60_000 },
    });
    expect(error.message).toBe("The server's reply is 2.05 GiB, over the 1.00 GiB limit for reply files.");
  });

  it('refuses an over-limit total learned from Content-Range without reading the body', async () => {
    const { transport, h } = setup(pattern(35), { headWithoutLength: true });
    const error = await h.fail({ limits: { maxBytes: 20, maxTimeMs: 60_000 } });
    expect(error.message).toMatch(/over the 20 B limit/);
    expect(transport.responses.every((response) => response.settled)).toBe(true);
    expect(await listDir(fixture.dir)).toEqual([]);
  });

  it('stops when the download takes longer than maxTimeMs', async () => {
    const { server, h } = setup(pattern(35));
    server.tamper = (request, answer) => {
      if (request.method === 'GET') h.clock.advance(25_000);
      return answer;
    };
    const error = await h.fail({ limits: { maxBytes: 1000, maxTimeMs: 60_000 } });
    expect(error.message).toMatch(/took 1 min, over the 1 min limit/);
    expect(error.classification).toBe('fatal');
    // The bytes so far stay, so raising the limit lets the download resume.
    expect((await readFile(`${fixture.dest}.bits-part`)).length).toBe(20);
  });
});
