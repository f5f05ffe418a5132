import path from 'node:path';

/**
 * The better-sqlite3 addon the app loads. Packaged, electron-builder rebuilt node_modules' copy
 * for Electron (unpacked from the asar), so the default is right. Under `npm start`, node_modules
 * holds Node's build (the tests need it), and the Electron-ABI copy sits in dist/native/electron.
 */
export function nativeBindingFor(input: {
  isPackaged: boolean;
  /** app.getAppPath(): the project root under `electron .`. */
  appPath: string;
  exists: (file: string) => boolean;
}): { path?: string; problem?: string } {
  if (input.isPackaged) return {};
  const file = path.join(input.appPath, 'dist', 'native', 'electron', 'better_sqlite3.node');
  if (input.exists(file)) return { path: file };
  return {
    problem: `The database module for Electron is missing (${file}): run \`npm run build:native-electron\` (it needs internet access once).`,
  };
}
