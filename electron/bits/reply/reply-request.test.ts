import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpStatusToHresult } from '../../../shared/bits-codes.js';
import { BitsError } from '../errors.js';
import { OriginPolicy } from '../origin-policy.js';
import { MAX_REDIRECTS, sendReplyRequest } from './reply-request.js';
import { type FakeAnswer, FakeFileServer, FakeTransport, pattern } from './test-support/fake-http.js';
import {
  AUTH,
  DESTINATION,
  harness,
  makeTempDir,
  REPLY_URL,
  removeTempDir,
} from './test-support/reply-harness.js';

const redirect = (location: string, status = 302): FakeAnswer => ({
  status,
  statusText: 'Found',
  headers: [['Location', location]],
});

function context(handler: (url: URL) => FakeAnswer, replyUrl = REPLY_URL) {
  const transport = new FakeTransport((request) => handler(request.url));
  const policy = new OriginPolicy(DESTINATION, AUTH);
  const ctx = { transport, policy, replyUrl, timeouts: { sendTimeoutMs: 1, responseTimeoutMs: 1 } };
  return { transport, policy, ctx };
}

async function failure(promise: Promise<unknown>): Promise<BitsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BitsError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('sendReplyRequest: redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'follows a %d within the trusted origin, the job secrets included',
    async (status) => {
      const { transport, ctx } = context((url) =>
        url.pathname === '/moved/r.bin' ? { status: 200 } : redirect('/moved/r.bin', status),
      );
      const sent = await sendReplyRequest(ctx, 'GET', [['Range', 'bytes=0-9']], 'bytes=0-9');
      expect(sent.url.href).toBe('http://up.example/moved/r.bin');
      expect(sent.response.status).toBe(200);
      expect(transport.requests).toHaveLength(2);
      expect(transport.header(1, 'X-Key')).toBe('secret');
      expect(transport.header(1, 'Range')).toBe('bytes=0-9');
      expect(transport.responses[0]?.settled).toBe(true);
    },
  );

  it('follows a redirect to the BITS-Host-Id node once it is trusted', async () => {
    const { transport, policy, ctx } = context((url) =>
      url.host === 'node7.example' ? { status: 200 } : redirect('http://node7.example/r.bin'),
    );
    policy.allowOrigin(new URL('http://node7.example/up/data.bin'));
    await sendReplyRequest(ctx, 'HEAD', []);
    expect(transport.requests.map((r) => r.url.host)).toEqual(['up.example', 'node7.example']);
    expect(transport.header(1, 'X-Key')).toBe('secret');
  });

  it('refuses a redirect to another origin, naming it, without contacting it', async () => {
    const { transport, ctx } = context(() => redirect('https://evil.example/steal?x=1#f'));
    const error = await failure(sendReplyRequest(ctx, 'GET', []));
    expect(error.message).toMatch(
      /redirected the reply download to https:\/\/evil\.example\/steal\?x=1#f, a different server/,
    );
    expect(error.classification).toBe('fatal');
    expect(error.code).toBe(httpStatusToHresult(302));
    expect(error.phase).toBe('reply');
    expect(error.evidence.headers).toContainEqual(['Location', 'https://evil.example/steal?x=1#f']);
    expect(transport.requests).toHaveLength(1);
    expect(transport.responses[0]?.settled).toBe(true);
  });

  it.each([
    ['https://up.example/r.bin', /different server/], // same host, other scheme = other origin
    ['http://up.example:8080/r.bin', /different server/],
    ['javascript:alert(1)', /not an http or https URL/],
    ['file:///etc/passwd', /not an http or https URL/],
    ['http://u:p@up.example/r.bin', /user name or password/],
    ['http://[::1', /not a valid URL/],
  ])('refuses Location %j', async (location, message) => {
    const { transport, ctx } = context(() => redirect(location));
    expect((await failure(sendReplyRequest(ctx, 'GET', []))).message).toMatch(message);
    expect(transport.requests).toHaveLength(1);
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    let hop = 0;
    const { transport, ctx } = context(() => redirect(`/hop${++hop}`));
    const error = await failure(sendReplyRequest(ctx, 'GET', []));
    expect(error.message).toMatch(/after 5 redirects already/);
    expect(transport.requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('reports a redirect without Location', async () => {
    const { ctx } = context(() => ({ status: 302, statusText: 'Found' }));
    expect((await failure(sendReplyRequest(ctx, 'GET', []))).message).toMatch(/without a usable Location/);
  });

  it('sends no secrets to a cross-origin reply URL, but lets it redirect within its own origin', async () => {
    const cdn = new URL('http://cdn.example/replies/r.bin');
    const { transport, ctx } = context(
      (url) => (url.pathname === '/replies/r2.bin' ? { status: 200 } : redirect('r2.bin', 307)),
      cdn,
    );
    await sendReplyRequest(ctx, 'HEAD', [['Accept-Encoding', 'identity']]);
    expect(transport.requests.map((r) => r.url.href)).toEqual([
      cdn.href,
      'http://cdn.example/replies/r2.bin',
    ]);
    for (const request of transport.requests) {
      expect(request.headers).toEqual([['Accept-Encoding', 'identity']]);
    }
  });
});

describe('downloadReply through redirects', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeTempDir(dir);
  });

  it('downloads a reply whose every request is redirected once on the same origin', async () => {
    const server = new FakeFileServer(pattern(25), { etag: '"r"' });
    const transport = new FakeTransport((request) =>
      request.url.pathname.startsWith('/real/') ? server.handler(request) : redirect('/real/r.bin', 302),
    );
    const dest = join(dir, 'r.bin');
    await harness(transport, dest).run();
    expect(await readFile(dest)).toEqual(pattern(25));
    expect(transport.requests).toHaveLength(8);
  });

  it('refuses a cross-origin redirect on a GET and keeps no file at the destination', async () => {
    const server = new FakeFileServer(pattern(25), { etag: '"r"' });
    const transport = new FakeTransport((request) =>
      request.method === 'GET' ? redirect('http://elsewhere.example/r.bin') : server.handler(request),
    );
    const error = await harness(transport, join(dir, 'r.bin')).fail();
    expect(error.message).toMatch(/elsewhere\.example/);
  });
});
