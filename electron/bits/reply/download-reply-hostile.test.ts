import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../../shared/bits-codes.js';
import { pattern } from './test-support/fake-http.js';
import { allSettled, listDir, replyFixture } from './test-support/reply-harness.js';

const fixture = replyFixture({ etag: '"v1"' });
const setup = fixture.setup;

describe('downloadReply: hostile answers', () => {
  const cases: Array<[string, (range: string, length: string) => Array<[string, string]>, RegExp]> = [
    ['no Content-Range', (_r, l) => [['Content-Length', l]], /206 Partial Content but no Content-Range/],
    [
      'garbage Content-Range',
      (_r, l) => [
        ['Content-Range', 'bytes lots'],
        ['Content-Length', l],
      ],
      /invalid Content-Range/,
    ],
    [
      'range past the total',
      (_r, l) => [
        ['Content-Range', 'bytes 0-99/50'],
        ['Content-Length', l],
      ],
      /invalid/,
    ],
    [
      'wrong start',
      (_r, l) => [
        ['Content-Range', 'bytes 1-10/35'],
        ['Content-Length', l],
      ],
      /sent bytes 1-10 .* asked for 0-9/,
    ],
    [
      'wrong end',
      (_r, l) => [
        ['Content-Range', 'bytes 0-8/35'],
        ['Content-Length', l],
      ],
      /sent bytes 0-8/,
    ],
    [
      'negative',
      (_r, l) => [
        ['Content-Range', 'bytes -5-9/35'],
        ['Content-Length', l],
      ],
      /invalid Content-Range/,
    ],
    [
      'huge numbers',
      (_r, l) => [
        ['Content-Range', 'bytes 0-9/99999999999999999999'],
        ['Content-Length', l],
      ],
      /invalid/,
    ],
    [
      'multiple ranges',
      (_r, l) => [
        ['Content-Range', 'bytes 0-9/35, 10-19/35'],
        ['Content-Length', l],
      ],
      /invalid/,
    ],
    ['no Content-Length', (r) => [['Content-Range', r]], /without a Content-Length/],
    [
      'wrong Content-Length',
      (r) => [
        ['Content-Range', r],
        ['Content-Length', '9'],
      ],
      /does not match/,
    ],
    [
      'bad Content-Length',
      (r) => [
        ['Content-Range', r],
        ['Content-Length', '10, 10'],
      ],
      /invalid Content-Length/,
    ],
    [
      'compressed',
      (r, l) => [
        ['Content-Range', r],
        ['Content-Length', l],
        ['Content-Encoding', 'gzip'],
      ],
      /compressed/,
    ],
  ];

  it.each(cases)('%s → protocol error, nothing at the destination', async (_name, headersFor, message) => {
    const { server, transport, h } = setup(pattern(35));
    server.tamper = (request, answer) => {
      if (request.method !== 'GET') return answer;
      const range = answer.headers?.find(([n]) => n === 'Content-Range')?.[1] ?? '';
      const length = answer.headers?.find(([n]) => n === 'Content-Length')?.[1] ?? '';
      return { ...answer, headers: [...headersFor(range, length), ['ETag', '"v1"']] };
    };
    const error = await h.fail();
    expect(error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(error.message).toMatch(message);
    expect(error.phase).toBe('reply');
    expect(error.evidence.statusLine).toMatch(/206/);
    expect(await listDir(fixture.dir)).not.toContain('reply.bin');
    expect(allSettled(transport)).toBe(true);
  });

  it('refuses bytes beyond the declared length without writing them', async () => {
    const { server, h } = setup(pattern(35));
    server.tamper = (request, answer) =>
      request.method === 'GET'
        ? { ...answer, body: Buffer.concat([answer.body!, Buffer.from('EXTRA')]) }
        : answer;
    const error = await h.fail();
    expect(error.message).toMatch(/more than the 10 bytes it announced/);
    expect((await readFile(`${fixture.dest}.bits-part`)).length).toBe(0);
  });

  it('treats a body that ends early as a closed connection (transient, data kept)', async () => {
    const { server, h } = setup(pattern(35));
    server.tamper = (request, answer) =>
      request.method === 'GET' ? { ...answer, body: answer.body!.subarray(0, 4) } : answer;
    const error = await h.fail();
    expect(error.code).toBe(HRESULT.BG_E_CONNECTION_CLOSED);
    expect(error.transient).toBe(true);
    expect((await readFile(`${fixture.dest}.bits-part`)).length).toBe(4);
  });
});
