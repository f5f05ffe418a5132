import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BitsServer } from '../bits-server/index.js';
import { runCli } from './cli-run.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

/**
 * Issue 9 item 1: the final fragment's Ack is lost and the server answers duplicates with 416
 * (GoBITS, Transfer VM; §6.2, §13). The replayed final fragment gets 416 with cursor = total:
 * the upload is done. The client must re-send the final fragment at most once, not forever.
 */
const FRAGMENT = 64 * 1024;
const SIZE = 5 * FRAGMENT + 1234;
const FINAL = SIZE - 5 * FRAGMENT;

async function quirkyServer(): Promise<BitsServer> {
  const server = await serverFor({ duplicateStatus: 416 });
  server.faults.add({ match: { packet: 'Fragment', final: true }, action: { type: 'drop-ack' } });
  // A backstop so a client that loops stops (fatal 400) instead of hanging the test.
  server.faults.add({
    match: { packet: 'Fragment', final: true, nth: 6 },
    action: { type: 'status', status: 400, errorCode: '0x80070057' },
    times: Number.POSITIVE_INFINITY,
  });
  return server;
}

function fragmentBytes(server: BitsServer): number {
  return server.log.reduce((sum, entry) => sum + (entry.packetType === 'Fragment' ? entry.bodyBytes : 0), 0);
}

describe('final Ack lost, duplicates answered with 416', () => {
  for (const kind of ['upload', 'upload-reply'] as const) {
    it(`${kind}: completes, re-sending the final fragment once`, async () => {
      const server = await quirkyServer();
      const dir = await tempDir();
      const file = await randomFile(dir, SIZE);
      const urlPath = kind === 'upload' ? '/up/f.bin' : '/reply/f.bin';
      const replyPath = join(dir, 'reply.txt');
      await uploadWithRetries({
        url: server.url(urlPath),
        kind,
        filePath: file.path,
        replyPath: kind === 'upload-reply' ? replyPath : undefined,
        fragmentSize: FRAGMENT,
      });
      expect((await storedBytes(server, urlPath)).equals(file.bytes)).toBe(true);
      expect(fragmentBytes(server)).toBe(SIZE + FINAL);
      expect(server.log.filter((entry) => entry.packetType === 'Close-Session').at(-1)?.status).toBe(200);
      if (kind === 'upload-reply') {
        const sha = createHash('sha256').update(file.bytes).digest('hex');
        expect(await readFile(replyPath, 'utf8')).toContain(sha);
      }
    });
  }

  it('the CLI (upload --reply --give-up-after) saves the reply and exits 0', async () => {
    const server = await quirkyServer();
    const dir = await tempDir();
    const file = await randomFile(dir, SIZE);
    const replyPath = join(dir, 'receipt.txt');
    const result = await runCli([
      'upload',
      file.path,
      server.url('/reply/cli.bin'),
      '--reply',
      replyPath,
      '--data-dir',
      join(dir, 'data'),
      '--fragment-size',
      String(FRAGMENT),
      '--give-up-after',
      '10m',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect((await storedBytes(server, '/reply/cli.bin')).equals(file.bytes)).toBe(true);
    expect(await readFile(replyPath, 'utf8')).toContain(
      createHash('sha256').update(file.bytes).digest('hex'),
    );
    expect(fragmentBytes(server)).toBe(SIZE + FINAL);
  });

  it('the CLI killed right after the server took the final fragment: the same command finishes it', async () => {
    const server = await serverFor({ duplicateStatus: 416 });
    // The server stores the final fragment and notifies, but the answer never leaves it.
    server.faults.add({
      match: { packet: 'Fragment', final: true },
      action: { type: 'stall', ms: Number.POSITIVE_INFINITY },
    });
    server.faults.add({
      match: { packet: 'Fragment', final: true, nth: 6 },
      action: { type: 'status', status: 400, errorCode: '0x80070057' },
      times: Number.POSITIVE_INFINITY,
    });
    const dir = await tempDir();
    const file = await randomFile(dir, SIZE);
    const replyPath = join(dir, 'receipt.txt');
    const args = [
      'upload',
      file.path,
      server.url('/reply/crash.bin'),
      '--reply',
      replyPath,
      '--data-dir',
      join(dir, 'data'),
      '--fragment-size',
      String(FRAGMENT),
    ];
    const finished = () => server.sessions.list().some((session) => session.replyUrl !== undefined);
    const killed = await runCli(args, finished);
    expect(killed.code, killed.stderr).toBeNull();
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(replyPath, 'utf8')).toContain(
      createHash('sha256').update(file.bytes).digest('hex'),
    );
    expect(fragmentBytes(server)).toBe(SIZE + FINAL);
    const fragments = server.log.filter((entry) => entry.packetType === 'Fragment');
    expect(fragments.at(-1)?.status).toBe(416);
  });
});
