import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '../../shared/contract/core-api.js';
import type { AppPreferences } from '../../shared/jobs.js';
import {
  type DesktopPreferences,
  loadPreferences,
  PREFERENCES_FILE,
  type PreferenceStore,
} from './desktop-preferences.js';

/** The desktop preferences main works with, read from the settings' `app` group. */
export function desktopPreferencesOf(app: AppPreferences): DesktopPreferences {
  return {
    closeToTray: app.closeToTray,
    notify: { finished: app.notifyFinished, failed: app.notifyFailed, replyReady: app.notifyReplyReady },
  };
}

/** The settings patch that stores desktop preferences (a tray toggle, the close answer). */
export function appPatchOf(preferences: DesktopPreferences): Partial<AppPreferences> {
  return {
    closeToTray: preferences.closeToTray,
    notifyFinished: preferences.notify.finished,
    notifyFailed: preferences.notify.failed,
    notifyReplyReady: preferences.notify.replyReady,
  };
}

export interface CorePreferenceStore extends PreferenceStore {
  /** The whole `app` group as it is now (launch at login, theme). */
  app(): AppPreferences;
  /** Called after every change of the `app` group, from anywhere (the window, the tray, the CLI). */
  onChange(listener: (app: AppPreferences) => void): () => void;
  stop(): void;
}

/**
 * The desktop preferences kept in the core's settings, so the Settings view, the tray and the
 * close question share one value. A desktop-preferences.json left by an earlier version is
 * carried over once (then renamed aside); a damaged one is reported and left alone.
 */
export async function corePreferenceStore(
  core: Core,
  dataDir: string,
  log: (message: string) => void,
): Promise<CorePreferenceStore> {
  let problem: string | undefined;
  const legacy = path.join(dataDir, PREFERENCES_FILE);
  if (existsSync(legacy)) {
    const loaded = loadPreferences(dataDir);
    problem = loaded.problem;
    if (!problem) {
      await core.commands.updateSettings({ app: appPatchOf(loaded.preferences) });
      renameSync(legacy, `${legacy}.imported`);
    }
  }
  let app = (await core.queries.settings()).app;
  const listeners = new Set<(app: AppPreferences) => void>();
  const off = core.subscribe((event) => {
    if (event.type !== 'settings-changed') return;
    if (JSON.stringify(event.settings.app) === JSON.stringify(app)) return;
    app = event.settings.app;
    for (const listener of listeners) listener(app);
  });
  return {
    get: () => desktopPreferencesOf(app),
    set(next) {
      // Shown at once (the tray redraws from get()); the core's event confirms it.
      app = { ...app, ...appPatchOf(next) };
      core.commands
        .updateSettings({ app: appPatchOf(next) })
        .catch((error: Error) => log(`The desktop preferences could not be saved: ${error.message}`));
    },
    app: () => app,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: off,
    problem,
  };
}
