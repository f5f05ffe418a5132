import { describe, expect, it } from 'vitest';
import type { QueueSummary } from './job-tally.js';
import { overallFraction, taskbarProgress, trayModel } from './tray-model.js';

const idle: QueueSummary = {
  transferring: 0,
  pending: 0,
  suspended: 0,
  failed: 0,
  bytesAcked: 0,
  bytesTotal: 0,
};
const busy: QueueSummary = {
  ...idle,
  transferring: 2,
  pending: 3,
  bytesAcked: 512 * 1024,
  bytesTotal: 2 * 1024 * 1024,
};
const prefs = { notify: { finished: true, failed: true, replyReady: false }, closeToTray: true };

describe('trayModel', () => {
  it('shows overall progress and offers Show, Suspend all, Resume all and Quit', () => {
    const model = trayModel({ ...busy, suspended: 1 }, prefs);
    expect(model.tooltip).toBe('BITS Uploader: 25% of 2.0 MiB, 3 uploads to go, 1 suspended');
    const byId = Object.fromEntries(model.items.map((item) => [item.id, item]));
    expect(byId.status).toMatchObject({
      label: '25% of 2.0 MiB, 3 uploads to go, 1 suspended',
      enabled: false,
    });
    expect(byId.show).toMatchObject({ action: 'show', enabled: true });
    expect(byId['suspend-all']).toMatchObject({ action: 'suspend-all', enabled: true });
    expect(byId['resume-all']).toMatchObject({ action: 'resume-all', enabled: true });
    expect(byId.quit).toMatchObject({ action: 'quit', enabled: true });
  });

  it('greys out what cannot apply when the queue is idle', () => {
    const model = trayModel(idle, prefs);
    expect(model.tooltip).toBe('BITS Uploader: No uploads waiting');
    const byId = Object.fromEntries(model.items.map((item) => [item.id, item]));
    expect(byId['suspend-all']?.enabled).toBe(false);
    expect(byId['resume-all']?.enabled).toBe(false);
  });

  it('has a switch for each notification kind and for close-to-tray, reflecting the preferences', () => {
    const toggles = trayModel(idle, prefs).items.filter((item) => item.checked !== undefined);
    expect(toggles.map((item) => [item.preference, item.checked])).toEqual([
      ['notify.finished', true],
      ['notify.failed', true],
      ['notify.replyReady', false],
      ['closeToTray', true],
    ]);
  });
});

describe('taskbarProgress', () => {
  it('follows the overall fraction while sending, pauses while waiting, and disappears when idle', () => {
    expect(overallFraction(busy)).toBe(0.25);
    expect(taskbarProgress(busy)).toEqual({ value: 0.25, mode: 'normal' });
    expect(taskbarProgress({ ...busy, transferring: 0 })).toEqual({ value: 0.25, mode: 'paused' });
    expect(taskbarProgress(idle)).toEqual({ value: -1, mode: 'none' });
    expect(taskbarProgress({ ...idle, pending: 1 })).toEqual({ value: 2, mode: 'indeterminate' });
  });
});
