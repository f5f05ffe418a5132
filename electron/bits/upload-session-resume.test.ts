import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import type { SessionState } from '../../shared/session-state.js';
import { MemoryFile } from './testing/memory-file.js';
import { startSession } from './testing/session-script.js';

const MTIME = MemoryFile.pattern(1).identity.mtimeMs;

function resumeState(acked: number, fileSize: number, extra: Partial<SessionState> = {}): SessionState {
  return {
    sessionId: '{S-1}',
    acked,
    fileSize,
    fileMtimeMs: MTIME,
    uploadComplete: false,
    replyDone: false,
    closeSent: false,
    restartsWithoutProgress: 0,
    ...extra,
  };
}

describe('upload session: the server cursor is the truth', () => {
  it('resumes with a Ping and continues from the stored offset', async () => {
    const { script, settled, events } = startSession({ size: 20_000, state: resumeState(8192, 20_000) });
    await script.ping();
    await script.fragment('bytes 8192-16383/20000');
    await script.fragment('bytes 16384-19999/20000');
    await script.close();
    expect((await settled).ok).toBe(true);
    expect(events).toContainEqual({ type: 'resumed', acked: 8192 });
  });

  it('skips ahead when the server already has more than we sent', async () => {
    const { script, settled, events } = startSession({ size: 30_000 });
    await script.createSession();
    await script.fragment('bytes 0-8191/30000', 24_576);
    await script.fragment('bytes 24576-29999/30000');
    await script.close();
    expect((await settled).ok).toBe(true);
    expect(events).toContainEqual({ type: 'cursor-moved', expected: 8192, cursor: 24_576 });
  });

  it('goes back when the server lost data (cursor moves backward)', async () => {
    const { script, settled, progress } = startSession({ size: 30_000 });
    await script.createSession();
    await script.fragment('bytes 0-8191/30000');
    await script.fragment('bytes 8192-16383/30000', 4000);
    await script.fragment('bytes 4000-12191/30000');
    await script.fragment('bytes 12192-20383/30000');
    await script.fragment('bytes 20384-28575/30000');
    await script.fragment('bytes 28576-29999/30000');
    await script.close();
    expect((await settled).ok).toBe(true);
    expect(progress).toEqual([8192, 4000, 12192, 20384, 28576, 30000]);
  });

  it('continues from the cursor of a 416, including the misspelled header some servers send', async () => {
    const { script, settled } = startSession({ size: 20_000, state: resumeState(16_384, 20_000) });
    await script.ping();
    const gap = await script.expect('Fragment');
    expect(gap.header('Content-Range')).toBe('bytes 16384-19999/20000');
    gap.ack({ 'BITS-Recieved-Content-Range': '8192', 'BITS-Error-Code': '0x0' }, 416);
    await script.fragment('bytes 8192-16383/20000');
    await script.fragment('bytes 16384-19999/20000');
    await script.close();
    expect((await settled).ok).toBe(true);
  });

  it('treats a 416 without a cursor as a protocol error', async () => {
    const { script, settled } = startSession({ size: 20_000 });
    await script.createSession();
    const fragment = await script.expect('Fragment');
    fragment.ack({}, 416);
    const result = await settled;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(result.error.classification).toBe('fatal');
    expect(result.error.evidence.statusLine).toContain('416');
  });

  it('halves the fragment size on 413 and gives up at the 5 KiB minimum', async () => {
    const { script, settled, events } = startSession({ size: 40_000, fragmentSize: 20_480 });
    await script.createSession();
    (await script.expect('Fragment')).respond(413, { 'Content-Length': '0' });
    await script.fragment('bytes 0-10239/40000');
    (await script.expect('Fragment')).respond(413, { 'Content-Length': '0' });
    const small = await script.expect('Fragment');
    expect(small.header('Content-Range')).toBe('bytes 10240-15359/40000');
    small.respond(413, { 'Content-Length': '0' });
    const result = await settled;
    expect(events.filter((event) => event.type === 'fragment-size-reduced')).toHaveLength(2);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.httpStatus).toBe(413);
      expect(result.error.classification).toBe('fatal');
    }
  });

  it('starts a new session from zero on 0x8020001F, keeping the shrunk fragment size', async () => {
    const { script, settled, events } = startSession({ size: 20_000 });
    await script.createSession('{OLD}');
    await script.fragment('bytes 0-8191/20000');
    (await script.expect('Fragment')).ack(
      { 'BITS-Error-Code': '0x8020001F', 'BITS-Error-Context': '0x5' },
      500,
    );
    await script.createSession('{NEW}');
    const again = await script.fragment('bytes 0-8191/20000');
    expect(again.header('BITS-Session-Id')).toBe('{NEW}');
    await script.fragment('bytes 8192-16383/20000');
    await script.fragment('bytes 16384-19999/20000');
    await script.close();
    expect((await settled).ok).toBe(true);
    expect(events.some((event) => event.type === 'session-restarted')).toBe(true);
  });

  it('stops restarting sessions that the server keeps forgetting (bounded, transient)', async () => {
    const { script, settled } = startSession({ size: 20_000, maxSessionRestarts: 2 });
    for (let i = 0; i < 3; i++) {
      await script.createSession(`{S${i}}`);
      // Only `BITS-Error` (MC-BUP spelling), no 0x prefix.
      (await script.expect('Fragment')).ack({ 'BITS-Error': '8020001f' }, 500);
    }
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
      expect(result.error.classification).toBe('transient');
    }
  });

  it('stops with a fatal error, before sending more, when the local file changes mid-upload', async () => {
    const file = MemoryFile.pattern(20_000);
    const { script, settled, transport } = startSession({ file });
    await script.createSession();
    const first = await script.expect('Fragment');
    file.identity = { ...file.identity, mtimeMs: file.identity.mtimeMs + 1000 };
    first.ack({ 'BITS-Received-Content-Range': '8192' });
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(HRESULT.BG_E_LOCAL_FILE_CHANGED);
      expect(result.error.classification).toBe('fatal');
      expect(result.error.message).toMatch(/changed during the upload/);
    }
    expect(transport.resets).toEqual([]);
  });

  it('refuses to resume when the file changed while the app was closed', async () => {
    const file = MemoryFile.pattern(20_001);
    const { settled } = startSession({ file, state: resumeState(8192, 20_000) });
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/size changed from 20000 to 20001/);
  });

  it('reports a vanished file clearly', async () => {
    const file = MemoryFile.pattern(20_000);
    file.missing = true;
    const result = await startSession({ file }).settled;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/no longer exists/);
  });
});
