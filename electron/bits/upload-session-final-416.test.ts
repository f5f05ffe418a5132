import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import type { SessionState } from '../../shared/session-state.js';
import { FragmentPacing, MAX_ANSWERS_WITHOUT_PROGRESS } from './fragment-pacing.js';
import { MemoryFile } from './testing/memory-file.js';
import { startSession } from './testing/session-script.js';

/**
 * Issue 9 item 1: a server that answers duplicates with 416 (GoBITS, Transfer VM; §6.2) answers
 * the replayed final fragment (its first Ack was lost, or the process died right after it) with
 * 416 and cursor = total. That is the upload's success, not a reason to send the fragment again.
 */
const MTIME = MemoryFile.pattern(1).identity.mtimeMs;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-final416-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function resumed(acked: number): SessionState {
  return {
    sessionId: '{S}',
    acked,
    fileSize: 20_000,
    fileMtimeMs: MTIME,
    uploadComplete: false,
    replyDone: false,
    closeSent: false,
    restartsWithoutProgress: 0,
  };
}

const ALREADY_COMPLETE = { 'BITS-Received-Content-Range': '20000', 'BITS-Error-Code': '0x0' };

describe('416 with cursor = total on the final fragment is the upload finishing', () => {
  it('upload: goes on to Close-Session instead of re-sending the final fragment', async () => {
    const { script, settled, checkpoints, transport } = startSession({
      size: 20_000,
      state: resumed(16_384),
    });
    await script.ping();
    const final = await script.expect('Fragment');
    expect(final.header('Content-Range')).toBe('bytes 16384-19999/20000');
    final.ack(ALREADY_COMPLETE, 416);
    const next = await transport.next();
    expect(next.packetType).toBe('Close-Session');
    next.ack();
    expect((await settled).ok).toBe(true);
    expect(checkpoints.some((state) => state.uploadComplete)).toBe(true);
  });

  it('upload-reply: takes the reply URL of the 416 and fetches the reply, sending no fragment again', async () => {
    const controller = new AbortController();
    const { script, settled, transport } = startSession({
      size: 20_000,
      kind: 'upload-reply',
      replyPath: join(dir, 'reply.bin'),
      state: resumed(16_384),
      signal: controller.signal,
    });
    await script.ping();
    const final = await script.expect('Fragment');
    final.ack(
      { ...ALREADY_COMPLETE, 'BITS-Reply-URL': 'BITS-Sessions\\Replies\\{S}\\responsefile.bin' },
      416,
    );
    const next = await transport.next();
    const what = `${next.request.method} ${next.packetType ?? next.request.url.pathname}`;
    controller.abort(new Error('done'));
    next.fail('aborted');
    await settled;
    expect(what).toBe('HEAD /up/BITS-Sessions/Replies/%7BS%7D/responsefile.bin');
  });

  it('upload-reply: a 416 without a reply URL is a clear, final error, not an endless replay', async () => {
    const { script, settled, transport } = startSession({
      size: 20_000,
      kind: 'upload-reply',
      replyPath: join(dir, 'reply.bin'),
      state: resumed(20_000),
    });
    await script.ping();
    const replay = await script.expect('Fragment');
    expect(replay.header('Content-Range')).toBe('bytes 11808-19999/20000');
    replay.ack(ALREADY_COMPLETE, 416);
    const resent = await Promise.race([settled.then(() => undefined), transport.next()]);
    resent?.fail('tls', 'test: the final fragment was sent again');
    expect(resent?.packetType).toBeUndefined();
    const result = await settled;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(result.error.classification).toBe('fatal');
    expect(result.error.message).toMatch(/whole file/);
    expect(result.error.message).toMatch(/reply URL/);
  });
});

describe('the no-progress guard holds at the end of the file too', () => {
  it('counts answers that leave the cursor at the total without finishing', () => {
    const pacing = new FragmentPacing(8192);
    const state = { ...resumed(20_000) };
    const evidence = { request: 'BITS_POST Fragment' };
    for (let i = 1; i < MAX_ANSWERS_WITHOUT_PROGRESS; i++) pacing.answered(state, 20_000, 8192, 1, evidence);
    expect(() => pacing.answered(state, 20_000, 8192, 1, evidence)).toThrow(/without accepting any data/);
  });

  it('still counts reaching the total from below as progress', () => {
    const pacing = new FragmentPacing(8192);
    const state = { ...resumed(16_384) };
    for (let i = 0; i < MAX_ANSWERS_WITHOUT_PROGRESS * 2; i++) {
      state.acked = 16_384;
      pacing.answered(state, 20_000, 8192, 1, { request: 'BITS_POST Fragment' });
    }
  });
});
