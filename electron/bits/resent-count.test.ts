import { describe, expect, it } from 'vitest';
import { freshSessionState, restartedSessionState } from '../../shared/session-state.js';
import { countResent } from './fragment-pacing.js';

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
});
