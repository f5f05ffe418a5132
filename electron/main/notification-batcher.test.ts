import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import type { JobOutcome } from './job-tally.js';
import {
  NOTIFY_WINDOW_MS,
  NotificationBatcher,
  type NotificationText,
  type NotifyPreferences,
} from './notification-batcher.js';

function batcher(options: { focused?: boolean; prefs?: Partial<NotifyPreferences> } = {}) {
  const clock = new FakeClock();
  const shown: NotificationText[] = [];
  const state = { focused: options.focused ?? false };
  const prefs = { finished: true, failed: true, replyReady: true, ...options.prefs };
  const b = new NotificationBatcher({
    clock,
    preferences: () => prefs,
    isFocused: () => state.focused,
    show: (n) => shown.push(n),
  });
  return { b, clock, shown, state, prefs };
}

const finished = (i: number): JobOutcome => ({ kind: 'finished', jobId: `j${i}`, fileName: `dump-${i}.dmp` });

describe('NotificationBatcher', () => {
  it('makes one notification of 50 jobs finishing together', async () => {
    const { b, clock, shown } = batcher();
    for (let i = 1; i <= 50; i++) b.add(finished(i));
    await clock.advance(NOTIFY_WINDOW_MS - 1);
    expect(shown).toEqual([]);
    await clock.advance(1);
    expect(shown).toEqual([
      { title: '50 uploads finished', body: 'dump-1.dmp, dump-2.dmp, dump-3.dmp and 47 more' },
    ]);
    await clock.advance(NOTIFY_WINDOW_MS * 5);
    expect(shown).toHaveLength(1);
  });

  it('names a single job, and sums up mixed outcomes in one line', async () => {
    const { b, clock, shown } = batcher();
    b.add({ kind: 'reply-ready', jobId: 'r', fileName: 'data.zip' });
    await clock.advance(NOTIFY_WINDOW_MS);
    b.add(finished(1));
    b.add(finished(2));
    b.add({ kind: 'failed', jobId: 'f', fileName: 'bad.bin' });
    b.add({ kind: 'reply-ready', jobId: 'r2', fileName: 'r2.zip' });
    await clock.advance(NOTIFY_WINDOW_MS);
    expect(shown).toEqual([
      { title: 'Reply received', body: 'data.zip', jobId: 'r' },
      {
        title: '2 uploads finished, 1 with a reply, 1 failed',
        body: 'dump-1.dmp, dump-2.dmp, bad.bin and 1 more',
      },
    ]);
  });

  it('says nothing while the window has focus, or when the user came back before the batch was due', async () => {
    const { b, clock, shown, state } = batcher({ focused: true });
    b.add(finished(1));
    await clock.advance(NOTIFY_WINDOW_MS);
    expect(shown).toEqual([]);
    state.focused = false;
    b.add(finished(2));
    state.focused = true;
    await clock.advance(NOTIFY_WINDOW_MS);
    expect(shown).toEqual([]);
  });

  it('leaves out each kind that is switched off', async () => {
    const { b, clock, shown, prefs } = batcher({ prefs: { finished: false } });
    b.add(finished(1));
    b.add({ kind: 'failed', jobId: 'f', fileName: 'bad.bin' });
    await clock.advance(NOTIFY_WINDOW_MS);
    prefs.failed = false;
    b.add({ kind: 'failed', jobId: 'g', fileName: 'worse.bin' });
    await clock.advance(NOTIFY_WINDOW_MS);
    expect(shown).toEqual([{ title: 'Upload failed', body: 'bad.bin', jobId: 'f' }]);
  });

  it('flushes at once when asked (quitting), and dispose drops the rest', async () => {
    const { b, clock, shown } = batcher();
    b.add(finished(1));
    b.flush();
    expect(shown).toHaveLength(1);
    b.add(finished(2));
    b.dispose();
    await clock.advance(NOTIFY_WINDOW_MS);
    expect(shown).toHaveLength(1);
  });
});
