import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/session-state.js';
import { cancelUploadSession } from './cancel-session.js';
import { FakeClock } from './testing/fake-clock.js';
import { ScriptedTransport } from './testing/scripted-transport.js';

const DEST = 'http://farm.example/up/a.bin';

function state(extra: Partial<SessionState> = {}): SessionState {
  return {
    sessionId: '{S}',
    acked: 10,
    fileSize: 100,
    fileMtimeMs: 1,
    uploadComplete: false,
    replyDone: false,
    closeSent: false,
    restartsWithoutProgress: 0,
    ...extra,
  };
}

describe('Cancel-Session', () => {
  it('tells the server, echoing the session id, with the job’s headers', async () => {
    const transport = new ScriptedTransport();
    const done = cancelUploadSession({
      url: DEST,
      state: state(),
      transport,
      auth: { headers: [['X-K', 'v']] },
    });
    const cancel = await transport.next();
    expect(cancel.packetType).toBe('Cancel-Session');
    expect(cancel.header('BITS-Session-Id')).toBe('{S}');
    expect(cancel.header('X-K')).toBe('v');
    cancel.ack();
    expect(await done).toBe('cancelled');
  });

  it('takes 0x8020001F as "already gone", stops on a 4xx and throws a 5xx for a retry', async () => {
    const transport = new ScriptedTransport();
    const gone = cancelUploadSession({ url: DEST, state: state(), transport });
    (await transport.next()).ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
    expect(await gone).toBe('already-gone');
    const refused = cancelUploadSession({ url: DEST, state: state(), transport });
    (await transport.next()).ack({}, 403);
    expect(await refused).toBe('refused');
    const busy = cancelUploadSession({ url: DEST, state: state(), transport }).catch((error) => error);
    (await transport.next()).ack({}, 503);
    expect((await busy).classification).toBe('transient');
    expect(await cancelUploadSession({ url: DEST, state: state({ sessionId: undefined }), transport })).toBe(
      'no-session',
    );
  });

  it('arms the farm node’s fallback timer when it is unreachable, then goes to the original host', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const saved: SessionState[] = [];
    const farm = state({ hostId: 'node7.example', hostFallbackTimeoutSec: 60 });
    const first = cancelUploadSession({
      url: DEST,
      state: farm,
      transport,
      clock,
      onCheckpoint: (s) => saved.push(s),
    });
    const toNode = await transport.next();
    expect(toNode.request.url.host).toBe('node7.example');
    toNode.fail('connect', 'ECONNREFUSED');
    expect((await first.catch((error) => error)).classification).toBe('transient');
    expect(saved.at(-1)?.hostFallbackDeadline).toBe(clock.now() + 60_000);
    await clock.advance(61_000);
    const later = cancelUploadSession({ url: DEST, state: saved.at(-1)!, transport, clock });
    const toOrigin = await transport.next();
    expect(toOrigin.request.url.host).toBe('farm.example');
    toOrigin.ack({ 'BITS-Error-Code': '0x8020001F' }, 500);
    expect(await later).toBe('already-gone');
  });
});
