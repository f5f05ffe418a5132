import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import { MemoryFile } from './testing/memory-file.js';
import { startSession } from './testing/session-script.js';

const MTIME = MemoryFile.pattern(1).identity.mtimeMs;

describe('upload session: Close-Session', () => {
  it('treats 0x8020001F on a re-sent Close as done (the first Close worked)', async () => {
    const state = {
      sessionId: '{S}',
      acked: 100,
      fileSize: 100,
      fileMtimeMs: MTIME,
      uploadComplete: true,
      replyDone: false,
      closeSent: true,
      restartsWithoutProgress: 0,
    };
    const { script, settled } = startSession({ size: 100, state });
    await script.ping();
    (await script.expect('Close-Session')).ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
    expect((await settled).ok).toBe(true);
  });

  it('marks the Close as sent before sending it, and reports a 5xx on it as a transient close error', async () => {
    const { script, settled, checkpoints } = startSession({ size: 100 });
    await script.createSession();
    await script.fragment('bytes 0-99/100');
    (await script.expect('Close-Session')).ack({ 'BITS-Error-Code': '0x80004005' }, 503);
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.phase).toBe('close');
      expect(result.error.classification).toBe('transient');
    }
    const last = checkpoints.at(-1)!;
    expect(last.closeSent).toBe(true);
    expect(last.uploadComplete).toBe(true);
  });

  it('does not re-send a Close-Session answered with a 4xx, even 408 (§4.5)', async () => {
    const { script, settled } = startSession({ size: 100 });
    await script.createSession();
    await script.fragment('bytes 0-99/100');
    (await script.expect('Close-Session')).ack({}, 408);
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.phase).toBe('close');
      expect(result.error.classification).toBe('fatal');
    }
  });

  it('does not re-upload when a Close is retried after a lost answer', async () => {
    const first = startSession({ size: 100 });
    await first.script.createSession();
    await first.script.fragment('bytes 0-99/100');
    (await first.script.expect('Close-Session')).fail('reset');
    const failed = await first.settled;
    expect(failed.ok).toBe(false);
    const state = first.checkpoints.at(-1)!;
    const second = startSession({ size: 100, state });
    await second.script.ping();
    (await second.script.expect('Close-Session')).ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
    expect((await second.settled).ok).toBe(true);
  });
});

describe('upload session: error classification', () => {
  const cases: Array<[string, number, Record<string, string>, 'transient' | 'fatal', number]> = [
    ['a server error', 500, {}, 'transient', 0x801901f4],
    ['service unavailable', 503, {}, 'transient', 0x801901f7],
    [
      'access denied',
      403,
      { 'BITS-Error-Code': '0x80070005', 'BITS-Error-Context': '0x5' },
      'fatal',
      0x80070005,
    ],
    ['uploads disabled', 501, { 'BITS-Error-Code': '0x80070005' }, 'fatal', 0x80070005],
    ['entity too large', 500, { 'BITS-Error-Code': '0x80200020' }, 'fatal', HRESULT.BG_E_TOO_LARGE],
    ['disk full', 500, { 'BITS-Error-Code': '0x80070070' }, 'transient', HRESULT.ERROR_DISK_FULL],
    [
      'app conflict (context 7)',
      409,
      { 'BITS-Error-Code': '0x80004005', 'BITS-Error-Context': '0x7' },
      'transient',
      0x80004005,
    ],
    [
      'app bad request (context 7)',
      400,
      { 'BITS-Error-Code': '0x80004005', 'BITS-Error-Context': '0x7' },
      'fatal',
      0x80004005,
    ],
    ['a redirect', 302, { Location: 'http://elsewhere/' }, 'fatal', 0x8019012e],
    ['auth required', 401, { 'WWW-Authenticate': 'Basic realm="x"' }, 'fatal', 0x80190191],
  ];
  for (const [name, status, headers, classification, code] of cases) {
    it(`classifies ${name} (HTTP ${status}) as ${classification}`, async () => {
      const { script, settled } = startSession({ size: 100 });
      await script.createSession();
      (await script.expect('Fragment')).ack(headers, status);
      const result = await settled;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.classification).toBe(classification);
      expect(result.error.code).toBe(code);
      expect(result.error.httpStatus).toBe(status);
      expect(result.error.message.length).toBeGreaterThan(10);
    });
  }

  it('classifies transport failures as transient and drops the connection', async () => {
    const { script, settled, transport } = startSession({ size: 100 });
    await script.createSession();
    (await script.expect('Fragment')).fail('reset');
    const result = await settled;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.classification).toBe('transient');
    expect(transport.resets).toEqual(['http://bits.example']);
  });
});

describe('upload session: once the server has the whole file', () => {
  it('finishes (Close-Session) even if the local file was moved away since', async () => {
    const file = MemoryFile.pattern(100);
    file.missing = true;
    const state = {
      sessionId: '{S}',
      acked: 100,
      fileSize: 100,
      fileMtimeMs: MTIME,
      uploadComplete: true,
      replyDone: false,
      closeSent: false,
      restartsWithoutProgress: 0,
    };
    const { script, settled } = startSession({ file, state });
    await script.ping();
    await script.close();
    expect((await settled).ok).toBe(true);
  });
});
