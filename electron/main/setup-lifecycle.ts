import type { App, BrowserWindow, Dialog } from 'electron';
import { CLOSE_QUESTION, closeAnswer, decideWindowClose, quitQuestion } from './close-policy.js';
import type { DesktopPreferences } from './desktop-preferences.js';
import type { QueueSummary } from './job-tally.js';
import { type Launch, parseLaunch } from './launch-args.js';

/** One app per user: a second launch hands its arguments here and exits. False: we are the second. */
export function setupSingleInstance(app: App, onLaunch: (launch: Launch) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv, workingDirectory) => {
    onLaunch(parseLaunch(argv, { isPackaged: app.isPackaged, cwd: workingDirectory }));
  });
  return true;
}

export interface CloseDeps {
  window: BrowserWindow;
  dialog: Dialog;
  trayAvailable: boolean;
  isQuitting: () => boolean;
  preferences: () => DesktopPreferences;
  savePreferences: (next: DesktopPreferences) => void;
  quit: () => void;
}

/** Closing the window hides it to the tray or quits, as the user answered the one time we asked. */
export function setupCloseToTray(deps: CloseDeps): void {
  deps.window.on('close', (event) => {
    const decision = decideWindowClose({
      quitting: deps.isQuitting(),
      closeToTray: deps.preferences().closeToTray,
      trayAvailable: deps.trayAvailable,
    });
    if (decision === 'close') {
      if (!deps.isQuitting()) deps.quit();
      return;
    }
    event.preventDefault();
    if (decision === 'hide') {
      deps.window.hide();
      return;
    }
    void deps.dialog
      .showMessageBox(deps.window, {
        type: 'question',
        ...CLOSE_QUESTION,
        buttons: [...CLOSE_QUESTION.buttons],
        defaultId: 0,
        cancelId: 0,
      })
      .then(({ response }) => {
        const answer = closeAnswer(response);
        deps.savePreferences({ ...deps.preferences(), closeToTray: answer });
        if (answer === 'tray') deps.window.hide();
        else deps.quit();
      });
  });
}

export interface QuitDeps {
  app: App;
  dialog: Dialog;
  window: () => BrowserWindow | undefined;
  summary: () => QueueSummary;
  /** Flushes notifications, closes the core (transfers resume next start). */
  shutdown: () => Promise<void>;
  setQuitting: (quitting: boolean) => void;
}

/** Quitting while uploads run asks first; then the core stops cleanly before the process ends. */
export function setupQuitConfirmation(deps: QuitDeps): void {
  let confirmed = false;
  let shuttingDown = false;
  deps.app.on('before-quit', (event) => {
    if (confirmed) return;
    const question = quitQuestion(deps.summary());
    if (question === undefined) {
      confirmed = true;
      deps.setQuitting(true);
      return;
    }
    event.preventDefault();
    const window = deps.window();
    const options = { type: 'warning' as const, ...question, defaultId: 1, cancelId: 1 };
    void (window ? deps.dialog.showMessageBox(window, options) : deps.dialog.showMessageBox(options)).then(
      ({ response }) => {
        if (response !== 0) return;
        confirmed = true;
        deps.setQuitting(true);
        deps.app.quit();
      },
    );
  });
  deps.app.on('will-quit', (event) => {
    if (shuttingDown) return;
    shuttingDown = true;
    event.preventDefault();
    void deps.shutdown().finally(() => deps.app.exit(0));
  });
}
