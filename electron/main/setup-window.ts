import type { BrowserWindow } from 'electron';
import type { WindowStreams } from './window-streams.js';

export interface WindowDeps {
  create: () => BrowserWindow;
  url: string;
  streams: WindowStreams;
  log: (message: string) => void;
}

/**
 * The main window: shown once painted; its event streams are dropped whenever its page goes
 * away (reload, navigation, crash, close), so the new page starts from its own subscribe.
 */
export function setupMainWindow(deps: WindowDeps): BrowserWindow {
  const window = deps.create();
  const contents = window.webContents;
  const id = contents.id;
  window.once('ready-to-show', () => window.show());
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) deps.streams.dropWindow(id);
  });
  contents.on('render-process-gone', (_event, details) => {
    deps.streams.dropWindow(id);
    deps.log(`The window's renderer stopped (${details.reason}); reloading it.`);
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) contents.reload();
  });
  window.on('closed', () => deps.streams.dropWindow(id));
  void window
    .loadURL(deps.url)
    .catch((error: Error) => deps.log(`Cannot load ${deps.url}: ${error.message}`));
  return window;
}

/** Brings the window to the front (tray, notification click, second launch). */
export function showWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
