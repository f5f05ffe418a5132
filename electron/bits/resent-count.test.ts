import { describe, expect, it } from 'vitest';
import { freshSessionState, restartedSessionState } from '../../shared/session-state.js';
import { countResent, watchResends } from './fragment-pacing.js';

describe('bytes re-sent (the details pane’s count)', () => {
  it('counts nothing for fragments that each go once', () => {
    const state = freshSessionState(300, 0);
    countResent(state, 0, 100);
    state.acked = 100;
    countResent(state, 100, 100);
    expect(state.resentBytes).toBeUndefined();
    expect(state.sentEnd).toBe(200);
  });

  it('counts the part of a fragment below what was already sent: a partial take, then a lost session', () => {
    const state = freshSessionState(300, 0);
    countResent(state, 0, 100);
    state.acked = 40; // the server kept only 40 bytes of the first 100
    countResent(state, 40, 100);
    expect(state.resentBytes).toBe(60);
    state.acked = 140;
    const restarted = restartedSessionState(state); // the server forgot the session: from 0 again
    countResent(restarted, 0, 100);
    expect(restarted.resentBytes).toBe(160);
    expect(restarted.sentEnd).toBe(140);
  });

  it('takes an older stored state (no sentEnd yet) to have sent up to its best cursor', () => {
    const state = { ...freshSessionState(300, 0), acked: 0, bestAcked: 200 };
    countResent(state, 0, 100);
    expect(state.resentBytes).toBe(100);
  });

  it('counts what an earlier pass of a body had handed to the socket when the transport streams it again', async () => {
    const bytes = new Uint8Array(100);
    const resent: number[] = [];
    const watched = watchResends(
      {
        length: 100,
        async *chunks() {
          yield bytes.subarray(0, 60);
          yield bytes.subarray(60);
        },
      },
      (n) => resent.push(n),
    );
    const pass = async (stopAfter: number) => {
      let sent = 0;
      for await (const chunk of watched.body.chunks()) {
        sent += chunk.byteLength;
        watched.onBodyProgress(sent);
        if (sent >= stopAfter) break;
      }
    };
    await pass(60); // the connection died after the first chunk
    expect(resent).toEqual([]);
    await pass(100);
    expect(resent).toEqual([60]);
    await pass(100); // and once more, whole
    expect(resent).toEqual([60, 100]);
  });
});
