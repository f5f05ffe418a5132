import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from '../../e2e/bits-server/index.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

/** `check` against a server error tells the user "The upload will be retried" (nothing is uploaded or retried). */

let root: string;
let server: BitsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-check-'));
  server = await startBitsServer({ root: join(root, 'server') });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('check against a server that answers 500', () => {
  it('does not promise a retry that never happens', async () => {
    server.faults.add({ match: { packet: 'Ping' }, action: { type: 'status', status: 500 } });
    const t = realIo(root);
    const code = await main(['check', server.url('/up/probe.bin')], t.io);
    expect(code).toBe(1);
    expect(t.out()).toMatch(/HTTP 500/);
    expect(t.out()).not.toMatch(/will be retried/);
  });
});
