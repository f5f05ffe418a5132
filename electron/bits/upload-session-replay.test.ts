import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/session-state.js';
import { MemoryFile } from './testing/memory-file.js';
import { startSession } from './testing/session-script.js';

const MTIME = MemoryFile.pattern(1).identity.mtimeMs;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-replay-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('upload-reply, re-sending the final fragment to get the reply URL (§6.5)', () => {
  it('follows the server cursor backward after the replay instead of re-sending the final fragment', async () => {
    const state: SessionState = {
      sessionId: '{S}',
      acked: 8192,
      fileSize: 20_000,
      fileMtimeMs: MTIME,
      uploadComplete: false,
      replyDone: false,
      closeSent: false,
      restartsWithoutProgress: 0,
    };
    const controller = new AbortController();
    const { script, settled } = startSession({
      size: 20_000,
      kind: 'upload-reply',
      replyPath: join(dir, 'reply.bin'),
      state,
      signal: controller.signal,
    });
    await script.ping();
    // The server already had everything (lost Ack earlier): cursor = total, no reply URL on a non-final fragment.
    await script.fragment('bytes 8192-16383/20000', 20_000);
    // The client replays the final fragment to get the cached final Ack.
    const replay = await script.expect('Fragment');
    expect(replay.header('Content-Range')).toBe('bytes 11808-19999/20000');
    // ...but meanwhile the server lost data (restored from backup): 416, it wants byte 4000 next.
    replay.ack({ 'BITS-Received-Content-Range': '4000', 'BITS-Error-Code': '0x0' }, 416);
    const next = await script.expect('Fragment');
    const range = next.header('Content-Range');
    // Clean up before asserting so a failure does not leave the runner hanging.
    controller.abort(new Error('done'));
    next.fail('aborted');
    await settled;
    expect(range).toBe('bytes 4000-12191/20000');
  });

  it('never sends an empty "first > last" range when resuming a state whose cursor reached the total', async () => {
    // What the runner checkpoints when the replay of the final fragment fails on a farm node with
    // a fallback timer (failed() arms the timer and checkpoints acked = total, uploadComplete = false).
    const first = startSession({ size: 20_000, kind: 'upload-reply', replyPath: join(dir, 'reply.bin') });
    await first.script.createSession('{S}', {
      'BITS-Host-Id': 'node7.example',
      'BITS-Host-Id-Fallback-Timeout': '600',
    });
    await first.script.ping();
    await first.script.fragment('bytes 0-8191/20000', 20_000);
    (await first.script.expect('Fragment')).fail('connect', 'ECONNREFUSED');
    expect((await first.settled).ok).toBe(false);
    const saved = first.checkpoints.at(-1)!;
    expect(saved.acked).toBe(20_000);
    expect(saved.uploadComplete).toBe(false);

    const controller = new AbortController();
    const second = startSession({
      size: 20_000,
      kind: 'upload-reply',
      replyPath: join(dir, 'reply.bin'),
      state: saved,
      clock: first.clock,
      signal: controller.signal,
    });
    await second.script.ping();
    const fragment = await second.script.expect('Fragment');
    const range = fragment.header('Content-Range');
    const length = fragment.body.length;
    controller.abort(new Error('done'));
    fragment.fail('aborted');
    await second.settled;
    // Must be a real range (the final fragment again), never `bytes 20000-19999/20000` with an empty body.
    expect(range).toBe('bytes 11808-19999/20000');
    expect(length).toBe(8192);
  });
});
