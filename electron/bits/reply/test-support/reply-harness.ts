/** Shared set-up for the reply download tests: a temp folder, a fake server and a call wrapper. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { BitsError } from '../../errors.js';
import type { HttpTransport } from '../../http/transport.js';
import { type JobAuth, OriginPolicy } from '../../origin-policy.js';
import { downloadReply, type ReplyDownloadOptions, type ReplyResult } from '../download-reply.js';
import { FakeClock, FakeFileServer, FakeTransport, type FileServerOptions } from './fake-http.js';

export const REPLY_URL = new URL('http://up.example/up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin');
export const DESTINATION = new URL('http://up.example/up/data.bin');
export const AUTH: JobAuth = { headers: [['X-Key', 'secret']], credentials: { user: 'u', password: 'p' } };

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'bits-reply-'));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export interface Harness {
  clock: FakeClock;
  policy: OriginPolicy;
  progress: Array<[number, number | undefined]>;
  run(overrides?: Partial<ReplyDownloadOptions>): Promise<ReplyResult>;
  /** Runs and returns the BitsError it must fail with. */
  fail(overrides?: Partial<ReplyDownloadOptions>): Promise<BitsError>;
}

export function harness(transport: HttpTransport, destination: string, url = REPLY_URL): Harness {
  const clock = new FakeClock();
  const policy = new OriginPolicy(DESTINATION, AUTH);
  const progress: Array<[number, number | undefined]> = [];
  const run = (overrides: Partial<ReplyDownloadOptions> = {}) =>
    downloadReply({
      url,
      destination,
      transport,
      policy,
      clock,
      limits: { maxBytes: 1024 * 1024, maxTimeMs: 60_000 },
      timeouts: { sendTimeoutMs: 1000, responseTimeoutMs: 1000 },
      rangeSize: 10,
      onProgress: (received, total) => progress.push([received, total]),
      ...overrides,
    });
  return {
    clock,
    policy,
    progress,
    run,
    async fail(overrides) {
      try {
        await run(overrides);
      } catch (error) {
        if (error instanceof BitsError) return error;
        throw error;
      }
      throw new Error('expected the reply download to fail');
    },
  };
}

/**
 * A temp folder per test (removed afterwards) with `dest` inside it, and `setup()` for a fake
 * reply server (with these defaults) answering through a fake transport into a harness.
 */
export function replyFixture(defaults: FileServerOptions = {}) {
  const fixture = {
    dir: '',
    dest: '',
    setup(content: Buffer, options: FileServerOptions = {}) {
      const server = new FakeFileServer(content, { ...defaults, ...options });
      const transport = new FakeTransport(server.handler);
      return { server, transport, h: harness(transport, fixture.dest) };
    },
  };
  beforeEach(async () => {
    fixture.dir = await makeTempDir();
    fixture.dest = join(fixture.dir, 'reply.bin');
  });
  afterEach(() => removeTempDir(fixture.dir));
  return fixture;
}

/** Every response the fake transport gave out was read to the end or released. */
export function allSettled(transport: FakeTransport): boolean {
  return transport.responses.every((response) => response.settled);
}
