import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FakeFileServer, FakeTransport } from './test-support/fake-http.js';
import { harness, replyFixture } from './test-support/reply-harness.js';

const fixture = replyFixture({ etag: '"v1"' });

describe('an empty reply from a server without a usable HEAD (§13 item 12)', () => {
  // RFC 9110 §14.1.1: every byte range of a zero-length representation is unsatisfiable, so the
  // open-ended `Range: bytes=0-` is answered 416 with `Content-Range: bytes */0`.
  for (const [name, options] of [
    ['HEAD refused (405)', { headStatus: 405 }],
    ['HEAD without Content-Length', { headWithoutLength: true }],
  ] as const) {
    it(`stores an empty file when ${name} and the GET answers 416 bytes */0`, async () => {
      const server = new FakeFileServer(Buffer.alloc(0), { etag: '"v1"', ...options });
      const transport = new FakeTransport(server.handler);
      const h = harness(transport, fixture.dest);
      let outcome: unknown;
      try {
        outcome = await h.run();
      } catch (error) {
        outcome = error;
      }
      expect(outcome).toEqual({ path: fixture.dest, bytes: 0 });
      expect(await readFile(fixture.dest)).toEqual(Buffer.alloc(0));
    });
  }
});
