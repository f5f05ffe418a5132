import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  title: string;
  /** Shown once the renderer has painted, so the window never flashes empty. */
  show?: boolean;
  /** Developer tools: under `npm start` only, never in a packaged app. */
  devTools: boolean;
}

/**
 * The main window's options. Every security-relevant web preference is spelled out even where
 * it is Electron's default, so a change of default (or a careless edit) shows up in the test.
 */
export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: input.title,
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: input.show ?? false,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
