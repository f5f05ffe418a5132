import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  nativeImage,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import type { Core } from '../../shared/contract/core-api.js';
import { type CoreOptions, createCore } from '../core.js';
import { listenControlSocket } from '../host/control-socket.js';
import { dispatchHost } from '../host/dispatch-host.js';
import { EventStream } from '../host/event-stream.js';
import type { KeyStore } from '../store/index.js';
import { resolveDataDir } from '../store/index.js';
import { corePreferenceStore } from './core-preferences.js';
import { createDesktopHost } from './desktop-host.js';
import { type Launch, launchJobs, parseLaunch } from './launch-args.js';
import { nativeBindingFor } from './native-binding.js';
import { rendererLocation } from './renderer-url.js';
import { exportPlainKey, safeStorageKeyStore } from './safe-storage-key-store.js';
import { setupDesktopIntegration } from './setup-desktop.js';
import { setupIpc } from './setup-ipc.js';
import { setupCloseToTray, setupQuitConfirmation, setupSingleInstance } from './setup-lifecycle.js';
import { setupLoginItem } from './setup-login-item.js';
import { setupAppProtocol, setupGuards, setupPrivilegedScheme } from './setup-security.js';
import { setupMainWindow, showWindow } from './setup-window.js';
import { mainWindowOptions } from './window-options.js';
import { WindowStreams } from './window-streams.js';

// The desktop app's composition root: every decision lives in a tested module beside it.
type WindowLaunch = Extract<Launch, { kind: 'window' }>;
const log = (message: string) => console.error(`[bits-uploader] ${message}`);
const launch = parseLaunch(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() });
if (launch.kind === 'cli') void runCommandLine(launch.args);
else void startDesktop(launch);

async function startDesktop(first: WindowLaunch): Promise<void> {
  const renderer = rendererLocation({ isPackaged: app.isPackaged, env: process.env });
  let window: BrowserWindow | undefined;
  let core: Core | undefined;
  let quitting = false;
  setupPrivilegedScheme(protocol);
  const isFirst = setupSingleInstance(app, (next) => {
    showWindow(window);
    if (core && next.kind === 'window') addFiles(core, next);
  });
  if (!isFirst) return app.quit();
  setupGuards(app, session.defaultSession, {
    appOrigin: renderer.origin,
    openExternal: (url) => void shell.openExternal(url),
    log,
  });
  await app.whenReady();
  const root = app.getAppPath();
  setupAppProtocol(protocol, path.join(root, 'dist', 'renderer'));
  const dataDir = resolveDataDir({});
  core = await setupCore(dataDir, root);
  if (!core) return;
  const ready = core;
  const host = createDesktopHost(ready, shell, app.getVersion(), (options) =>
    window && !window.isDestroyed() ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options),
  );
  // One sequencer for every transport of this instance: the window and the CLI's control socket.
  const events = new EventStream((listener) => ready.subscribe(listener));
  const run = (channel: string, payload: unknown) =>
    dispatchHost({ core: ready, host }, channel as never, payload);
  const streams = new WindowStreams(events);
  setupIpc(ipcMain, {
    appOrigin: renderer.origin,
    isOwnWindow: (id) => window !== undefined && !window.isDestroyed() && window.webContents.id === id,
    run,
    streams,
    log,
  });
  const control = await listenControlSocket({
    dataDir: ready.dataDir,
    events,
    invoke: run,
    log: (e) => log(String(e)),
  });
  // Tray, notifications, close-to-tray and login item read the settings' app group (the Settings view writes it).
  const preferences = await corePreferenceStore(ready, dataDir, log);
  const stopLoginItem = app.isPackaged
    ? setupLoginItem({
        setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
        preferences,
        context: {
          platform: process.platform,
          execPath: process.execPath,
          home: app.getPath('home'),
          xdgConfigHome: process.env.XDG_CONFIG_HOME,
        },
        log,
      })
    : () => log('Launch at login applies to the packaged app only (this is a development run).');
  window = setupMainWindow({
    create: () =>
      new BrowserWindow(
        mainWindowOptions({
          preloadPath: preloadPath(root),
          title: 'BITS Uploader',
          devTools: !app.isPackaged,
        }),
      ),
    url: renderer.url,
    streams,
    log,
  });
  const tray = setupTrayIcon(root);
  const desktop = await setupDesktopIntegration({
    core: ready,
    window,
    tray,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    notify: Notification.isSupported() ? (options) => new Notification(options) : undefined,
    preferences: preferences.get,
    savePreferences: preferences.set,
    show: () => showWindow(window),
    quit: () => app.quit(),
    log,
  });
  setupCloseToTray({
    window,
    dialog,
    trayAvailable: tray !== undefined,
    isQuitting: () => quitting,
    preferences: preferences.get,
    savePreferences: preferences.set,
    quit: () => app.quit(),
  });
  setupQuitConfirmation({
    app,
    dialog,
    window: () => window,
    summary: desktop.summary,
    setQuitting: (value) => {
      quitting = value;
    },
    shutdown: async () => {
      desktop.stop();
      stopLoginItem();
      preferences.stop();
      await control.close();
      events.close();
      await ready.close();
    },
  });
  showStartupNotes(window, [...ready.startupWarnings, ...(preferences.problem ? [preferences.problem] : [])]);
  addFiles(ready, first);
}

/** The core on the data folder, with the keychain-wrapped key and the Electron-ABI database addon. */
async function setupCore(dataDir: string, root: string): Promise<Core | undefined> {
  const native = nativeBindingFor({ isPackaged: app.isPackaged, appPath: root, exists: existsSync });
  if (native.problem) return fail(native.problem);
  // createCore reads keyStore once the secrets work (electron/store/key-store.ts) is merged.
  const options: CoreOptions & { keyStore?: KeyStore } = {
    dataDir,
    nativeBinding: native.path,
    keyStore: safeStorageKeyStore(dataDir, safeStorage),
  };
  return createCore(options).catch((error: Error) => fail(error.message));
}

/** The packaged executable is also the `bits-uploader` command (run-as-node is fused off). */
async function runCommandLine(args: string[]): Promise<void> {
  app.dock?.hide();
  if (args[0] === 'export-key') return app.exit(await exportKey(args));
  const [{ main }, { createProcessIo }] = await Promise.all([
    import('../cli/main.js'),
    import('../cli/process-io.js'),
  ]);
  app.exit(await main(args, createProcessIo()));
}

/** `bits-uploader export-key [--data-dir <dir>]`: the plain key file serve and the CLI read. */
async function exportKey(args: string[]): Promise<number> {
  await app.whenReady();
  const at = args.indexOf('--data-dir');
  const dataDir = resolveDataDir({ flag: at >= 0 ? args[at + 1] : undefined });
  try {
    const file = await exportPlainKey(safeStorageKeyStore(dataDir, safeStorage), dataDir);
    console.log(`Wrote ${file}: serve and the CLI can now read this folder's saved passwords.`);
    return 0;
  } catch (error) {
    console.error(`bits-uploader: ${(error as Error).message}`);
    return 1;
  }
}

function preloadPath(root: string): string {
  return path.join(root, 'dist', 'preload', 'preload.cjs');
}

function setupTrayIcon(root: string): Tray | undefined {
  try {
    return new Tray(nativeImage.createFromPath(path.join(root, 'build', 'icons', 'tray.png')));
  } catch (error) {
    log(`No tray on this desktop: ${(error as Error).message}`);
    return undefined;
  }
}

/** Files from a launch become jobs when it named a destination; else the user is told how. */
function addFiles(core: Core, next: WindowLaunch): void {
  if (next.files.length === 0) return;
  const jobs = launchJobs(next);
  if (jobs.length === 0) {
    void dialog.showMessageBox({
      type: 'info',
      message: `${next.files.length} file(s) were given without a destination.`,
      detail: 'Add --url <BITS folder URL> after the files, or drop them on the window.',
    });
    return;
  }
  core.commands.addMany(jobs).catch((error: Error) => {
    void dialog.showMessageBox({
      type: 'error',
      message: 'The files could not be added.',
      detail: error.message,
    });
  });
}

function showStartupNotes(window: BrowserWindow, notes: string[]): void {
  if (notes.length === 0) return;
  void dialog.showMessageBox(window, {
    type: 'warning',
    message: 'BITS Uploader started with warnings',
    detail: notes.join('\n\n'),
  });
}

function fail(message: string): undefined {
  dialog.showErrorBox('BITS Uploader cannot start', message);
  app.exit(1);
  return undefined;
}
