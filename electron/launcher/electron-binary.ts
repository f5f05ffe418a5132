import path from 'node:path';

export interface BinaryProbe {
  /** The project root (where node_modules is). */
  root: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (file: string) => boolean;
  readText: (file: string) => string | undefined;
}

export type BinaryLookup = { found: true; path: string } | { found: false; reason: string };

const DEFAULT_NAME: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/**
 * Where the Electron binary is, found the way the electron package's index.js finds it
 * (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH) but without loading it: requiring
 * 'electron' starts a download when the binary is missing, which an offline machine cannot do.
 */
export function findElectronBinary(probe: BinaryProbe): BinaryLookup {
  const packageDir = path.join(probe.root, 'node_modules', 'electron');
  if (!probe.exists(path.join(packageDir, 'package.json'))) {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const named = probe.readText(path.join(packageDir, 'path.txt'))?.trim();
  const override = probe.env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override) {
    const candidate = path.join(override, named || (DEFAULT_NAME[probe.platform] ?? 'electron'));
    return probe.exists(candidate)
      ? { found: true, path: candidate }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${candidate}, which does not exist` };
  }
  if (!named)
    return {
      found: false,
      reason: 'the Electron binary was never downloaded (no node_modules/electron/path.txt)',
    };
  const candidate = path.join(packageDir, 'dist', named);
  return probe.exists(candidate)
    ? { found: true, path: candidate }
    : { found: false, reason: `the Electron binary is missing (${candidate})` };
}
