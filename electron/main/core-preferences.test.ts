import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from '../core.js';
import { corePreferenceStore } from './core-preferences.js';
import { togglePreference } from './desktop-preferences.js';
import { autostartEntry, loginItemPlan } from './launch-at-login.js';
import { setupLoginItem } from './setup-login-item.js';

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-prefs-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function core(dataDir: string) {
  const opened = await createCore({ dataDir });
  onTestFinished(() => opened.close());
  return opened;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('desktop preferences in the core’s settings', () => {
  it('share one value between the tray, the Settings view and the close question', async () => {
    const dataDir = await temp();
    const opened = await core(dataDir);
    const store = await corePreferenceStore(opened, dataDir, () => {});
    const seen: boolean[] = [];
    store.onChange((app) => seen.push(app.notifyFailed));
    // The tray toggles a notification: the settings (what the window shows) follow.
    store.set(togglePreference(store.get(), 'notify.failed'));
    expect(store.get().notify.failed).toBe(false);
    await settle();
    expect((await opened.queries.settings()).app.notifyFailed).toBe(false);
    // The window changes the close behaviour: main reads it at once.
    await opened.commands.updateSettings({ app: { closeToTray: 'tray', notifyFailed: true } });
    expect(store.get()).toEqual({
      closeToTray: 'tray',
      notify: { finished: true, failed: true, replyReady: true },
    });
    expect(seen).toEqual([true]);
    store.stop();
  });

  it('carries over the preferences file of an earlier version once, and reports a damaged one', async () => {
    const dataDir = await temp();
    writeFileSync(
      join(dataDir, 'desktop-preferences.json'),
      JSON.stringify({ closeToTray: 'quit', notify: { finished: false, failed: true, replyReady: true } }),
    );
    const opened = await core(dataDir);
    const store = await corePreferenceStore(opened, dataDir, () => {});
    expect(store.get()).toEqual({
      closeToTray: 'quit',
      notify: { finished: false, failed: true, replyReady: true },
    });
    expect(existsSync(join(dataDir, 'desktop-preferences.json'))).toBe(false);
    expect(store.problem).toBeUndefined();
    store.stop();

    const other = await temp();
    writeFileSync(join(other, 'desktop-preferences.json'), '{"closeToTray": ');
    const second = await core(other);
    const damaged = await corePreferenceStore(second, other, () => {});
    expect(damaged.problem).toMatch(/could not be read/);
    expect(damaged.get().closeToTray).toBe('ask');
    damaged.stop();
  });
});

describe('launch at login', () => {
  it('uses the login item on macOS and Windows, an XDG autostart entry elsewhere', () => {
    const base = { execPath: '/opt/BITS Uploader/bits-uploader', home: '/home/ann' };
    expect(loginItemPlan(true, { ...base, platform: 'darwin' })).toEqual({
      kind: 'login-item',
      openAtLogin: true,
    });
    expect(loginItemPlan(false, { ...base, platform: 'win32' })).toEqual({
      kind: 'login-item',
      openAtLogin: false,
    });
    expect(loginItemPlan(true, { ...base, platform: 'linux', xdgConfigHome: '/cfg' })).toMatchObject({
      file: '/cfg/autostart/bits-uploader.desktop',
    });
    expect(loginItemPlan(false, { ...base, platform: 'linux', xdgConfigHome: 'relative' })).toEqual({
      kind: 'autostart-file',
      file: '/home/ann/.config/autostart/bits-uploader.desktop',
      content: undefined,
    });
    expect(autostartEntry('/opt/BITS Uploader/bits-"x"')).toContain('Exec="/opt/BITS Uploader/bits-\\"x\\""');
  });

  it('writes and removes the autostart entry as the setting changes', async () => {
    const dataDir = await temp();
    const home = await temp();
    const opened = await core(dataDir);
    const store = await corePreferenceStore(opened, dataDir, () => {});
    const loginItems: boolean[] = [];
    const file = join(home, '.config', 'autostart', 'bits-uploader.desktop');
    const stop = setupLoginItem({
      setLoginItemSettings: (settings) => loginItems.push(settings.openAtLogin),
      preferences: store,
      context: { platform: 'linux', execPath: '/opt/bits/bits-uploader', home },
      log: () => {},
    });
    expect(existsSync(file)).toBe(false);
    await opened.commands.updateSettings({ app: { launchAtLogin: true } });
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/bits/bits-uploader"');
    await opened.commands.updateSettings({ app: { launchAtLogin: false } });
    expect(existsSync(file)).toBe(false);
    expect(loginItems).toEqual([]);
    stop();
    store.stop();
  });
});
