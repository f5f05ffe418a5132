import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAnswer, decideWindowClose, quitQuestion } from './close-policy.js';
import {
  type DesktopPreferences,
  loadPreferences,
  PREFERENCES_FILE,
  togglePreference,
} from './desktop-preferences.js';
import type { QueueSummary } from './job-tally.js';

const idle: QueueSummary = {
  transferring: 0,
  pending: 0,
  suspended: 0,
  failed: 0,
  bytesAcked: 0,
  bytesTotal: 0,
};

describe('decideWindowClose', () => {
  it('asks the first time, then follows the answer', () => {
    expect(decideWindowClose({ quitting: false, closeToTray: 'ask', trayAvailable: true })).toBe('ask');
    expect(closeAnswer(0)).toBe('tray');
    expect(closeAnswer(1)).toBe('quit');
    expect(decideWindowClose({ quitting: false, closeToTray: 'tray', trayAvailable: true })).toBe('hide');
    expect(decideWindowClose({ quitting: false, closeToTray: 'quit', trayAvailable: true })).toBe('close');
  });

  it('closes while quitting, and when there is no tray to hide in', () => {
    expect(decideWindowClose({ quitting: true, closeToTray: 'tray', trayAvailable: true })).toBe('close');
    expect(decideWindowClose({ quitting: false, closeToTray: 'ask', trayAvailable: false })).toBe('close');
  });
});

describe('quitQuestion', () => {
  it('asks only while uploads are transferring', () => {
    expect(quitQuestion(idle)).toBeUndefined();
    expect(quitQuestion({ ...idle, pending: 4, suspended: 2 })).toBeUndefined();
    expect(quitQuestion({ ...idle, transferring: 1, pending: 1 })?.message).toBe(
      '1 upload is running. Quit anyway?',
    );
    expect(quitQuestion({ ...idle, transferring: 3, pending: 5 })).toMatchObject({
      message: '3 uploads are running. Quit anyway?',
      buttons: ['Quit', 'Keep uploading'],
    });
  });
});

describe('desktop preferences of an earlier version (a real file)', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('starts from defaults, remembers the close answer and the switches', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bits-prefs-'));
    const first = loadPreferences(dir);
    expect(first).toEqual({
      preferences: { closeToTray: 'ask', notify: { finished: true, failed: true, replyReady: true } },
    });
    let prefs: DesktopPreferences = { ...first.preferences, closeToTray: closeAnswer(0) };
    prefs = togglePreference(prefs, 'notify.failed');
    writeFileSync(path.join(dir, PREFERENCES_FILE), JSON.stringify(prefs));
    expect(loadPreferences(dir).preferences).toEqual({
      closeToTray: 'tray',
      notify: { finished: true, failed: false, replyReady: true },
    });
    expect(togglePreference(prefs, 'closeToTray').closeToTray).toBe('quit');
    expect(togglePreference(prefs, '__proto__')).toBe(prefs);
    expect(JSON.parse(readFileSync(path.join(dir, PREFERENCES_FILE), 'utf8')).closeToTray).toBe('tray');
  });

  it('falls back to defaults with a plain message when the file is damaged', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bits-prefs-'));
    writeFileSync(path.join(dir, PREFERENCES_FILE), '{"closeToTray": "sometimes"');
    const loaded = loadPreferences(dir);
    expect(loaded.preferences.closeToTray).toBe('ask');
    expect(loaded.problem).toMatch(/could not be read.*defaults are used/);
  });
});
