import type {
  BrowserWindow,
  Menu,
  MenuItemConstructorOptions,
  Notification,
  NotificationConstructorOptions,
  Tray,
} from 'electron';
import type { Core } from '../../shared/contract/core-api.js';
import { systemClock } from '../bits/clock.js';
import { type DesktopPreferences, togglePreference } from './desktop-preferences.js';
import type { QueueSummary } from './job-tally.js';
import { NotificationBatcher } from './notification-batcher.js';
import { setupFeedback } from './setup-feedback.js';
import { renderTray } from './setup-tray.js';
import { taskbarProgress, trayModel } from './tray-model.js';

export interface DesktopDeps {
  core: Core;
  window: BrowserWindow;
  /** Undefined where the desktop has no tray. */
  tray: Tray | undefined;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  notify: ((options: NotificationConstructorOptions) => Notification) | undefined;
  preferences: () => DesktopPreferences;
  savePreferences: (next: DesktopPreferences) => void;
  show: () => void;
  quit: () => void;
  log: (message: string) => void;
}

/** Tray, taskbar progress and notifications, all drawn from the job tally. */
export async function setupDesktopIntegration(deps: DesktopDeps) {
  const batcher = new NotificationBatcher({
    clock: systemClock,
    preferences: () => deps.preferences().notify,
    isFocused: () => !deps.window.isDestroyed() && deps.window.isVisible() && deps.window.isFocused(),
    show: (text) => {
      if (!deps.notify) return;
      const notification = deps.notify({ title: text.title, body: text.body, silent: false });
      notification.on('click', deps.show);
      notification.show();
    },
  });
  const run = (work: Promise<unknown>, what: string) =>
    void work.catch((error: Error) => deps.log(`${what} failed: ${error.message}`));
  let latest: QueueSummary | undefined;
  const feedback = await setupFeedback({
    core: deps.core,
    clock: systemClock,
    batcher,
    render: (summary) => {
      latest = summary;
      const progress = taskbarProgress(summary);
      if (!deps.window.isDestroyed()) deps.window.setProgressBar(progress.value, { mode: progress.mode });
      if (deps.tray) {
        renderTray(
          { tray: deps.tray, buildMenu: deps.buildMenu, onAction },
          trayModel(summary, trayPreferences()),
        );
      }
    },
  });
  function trayPreferences() {
    const prefs = deps.preferences();
    return { notify: prefs.notify, closeToTray: prefs.closeToTray === 'tray' };
  }
  function onAction(action: string, preference?: string) {
    switch (action) {
      case 'show':
        return deps.show();
      case 'suspend-all':
        return run(deps.core.commands.suspendAll(), 'Suspend all');
      case 'resume-all':
        return run(deps.core.commands.resumeAll(), 'Resume all');
      case 'quit':
        return deps.quit();
      default:
        if (preference) {
          deps.savePreferences(togglePreference(deps.preferences(), preference));
          if (latest && deps.tray) {
            renderTray(
              { tray: deps.tray, buildMenu: deps.buildMenu, onAction },
              trayModel(latest, trayPreferences()),
            );
          }
        }
    }
  }
  deps.tray?.on('click', deps.show);
  return {
    summary: () => feedback.tally.summary(),
    stop: () => {
      batcher.flush();
      feedback.stop();
    },
  };
}
