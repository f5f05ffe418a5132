import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findElectronBinary } from '../../electron/launcher/electron-binary.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Why the Electron suite cannot run here, or undefined when it can: the binary is looked up on
 * disk (path.txt, dist/), never with require('electron'), which would try to download it.
 */
export function electronSkipReason(): string | undefined {
  const lookup = findElectronBinary({
    root: ROOT,
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined),
  });
  if (!lookup.found) return `No Electron binary on this machine: ${lookup.reason}.`;
  for (const built of [
    'dist/electron/main/main.js',
    'dist/preload/preload.cjs',
    'dist/renderer/index.html',
  ]) {
    if (!existsSync(path.join(ROOT, built)))
      return `The app is not built (${built} is missing): run npm start once.`;
  }
  return undefined;
}

export function electronPath(): string {
  const lookup = findElectronBinary({
    root: ROOT,
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined),
  });
  if (!lookup.found) throw new Error(lookup.reason);
  return lookup.path;
}
