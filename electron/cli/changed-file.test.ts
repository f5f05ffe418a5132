import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from '../../e2e/bits-server/index.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

/**
 * The file changes while the upload is interrupted: the next run of the same command starts
 * over with the new content (the engine checks files before it resumes anything).
 */

let root: string;
let server: BitsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-changed-'));
  server = await startBitsServer({ root: join(root, 'server') });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('file changed between an interrupted run and the same command again', () => {
  it('starts over and uploads the new content (exit 0) on the first rerun', async () => {
    const path = join(root, 'changing.bin');
    await writeFile(path, randomBytes(400_000));
    const argv = [
      'upload',
      path,
      server.url('/up/changing.bin'),
      '--data-dir',
      join(root, 'data'),
      '--fragment-size',
      '64K',
      '--json',
    ];
    server.faults.add({
      match: { packet: 'Fragment', minOffset: 128 * 1024 },
      action: { type: 'stall', ms: Infinity },
    });
    const first = realIo(root);
    const running = main(argv, first.io);
    const deadline = Date.now() + 10_000;
    while (!first.events().some((e) => e.event === 'progress' && (e.bytesAcked as number) >= 128 * 1024)) {
      if (Date.now() > deadline) throw new Error(`no progress: ${first.err()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.interrupt();
    expect(await running).toBe(130);
    server.faults.clear();

    // New content, same size, newer modification time.
    const fresh = randomBytes(400_000);
    await writeFile(path, fresh);
    const later = new Date(Date.now() + 5000);
    await utimes(path, later, later);

    const second = realIo(root);
    const code = await main(argv, second.io);
    expect(code, second.err()).toBe(0);
    expect((await readFile(server.filePath('/up/changing.bin'))).equals(fresh)).toBe(true);
  });
});
