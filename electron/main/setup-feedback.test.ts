import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { createCore } from '../core.js';
import type { QueueSummary } from './job-tally.js';
import { NotificationBatcher } from './notification-batcher.js';
import { setupFeedback } from './setup-feedback.js';

describe('setupFeedback (real core, fake clock)', () => {
  it('starts from the jobs already there and redraws at most once a second as they change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bits-feedback-'));
    const core = await createCore({ dataDir: path.join(dir, 'data') });
    onTestFinished(async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const file = path.join(dir, 'a.bin');
    writeFileSync(file, 'x'.repeat(1000));
    await core.commands.add({ filePath: file, url: 'http://127.0.0.1:9/up/a.bin', suspended: true });
    const clock = new FakeClock();
    const drawn: QueueSummary[] = [];
    const batcher = new NotificationBatcher({
      clock,
      preferences: () => ({ finished: true, failed: true, replyReady: true }),
      isFocused: () => true,
      show: () => undefined,
    });
    const feedback = await setupFeedback({ core, clock, batcher, render: (summary) => drawn.push(summary) });
    onTestFinished(() => feedback.stop());
    expect(drawn).toEqual([expect.objectContaining({ suspended: 1, pending: 0 })]);
    for (let i = 0; i < 5; i++) {
      await core.commands.add({ filePath: file, url: `http://127.0.0.1:9/up/b${i}.bin`, suspended: true });
    }
    expect(drawn).toHaveLength(1);
    await clock.advance(1_000);
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatchObject({ suspended: 6 });
    expect(feedback.tally.summary().suspended).toBe(6);
  });
});
