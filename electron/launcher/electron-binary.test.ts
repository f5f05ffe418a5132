import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.js';

const root = '/proj';
const pkg = path.join(root, 'node_modules', 'electron');

function probe(
  files: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
  platform: NodeJS.Platform = 'linux',
) {
  return {
    root,
    env,
    platform,
    exists: (file: string) => Object.hasOwn(files, file),
    readText: (file: string) => files[file],
  };
}

describe('findElectronBinary', () => {
  it('finds the binary named by path.txt in dist/', () => {
    const files = {
      [path.join(pkg, 'package.json')]: '{}',
      [path.join(pkg, 'path.txt')]: 'electron',
      [path.join(pkg, 'dist', 'electron')]: '',
    };
    expect(findElectronBinary(probe(files))).toEqual({
      found: true,
      path: path.join(pkg, 'dist', 'electron'),
    });
  });

  it('says why when the binary was never downloaded (this machine) or is gone', () => {
    expect(findElectronBinary(probe({ [path.join(pkg, 'package.json')]: '{}' }))).toEqual({
      found: false,
      reason: 'the Electron binary was never downloaded (no node_modules/electron/path.txt)',
    });
    expect(
      findElectronBinary(
        probe({ [path.join(pkg, 'package.json')]: '{}', [path.join(pkg, 'path.txt')]: 'electron' }),
      ),
    ).toEqual({
      found: false,
      reason: `the Electron binary is missing (${path.join(pkg, 'dist', 'electron')})`,
    });
    expect(findElectronBinary(probe({}))).toEqual({
      found: false,
      reason: 'the electron package is not installed',
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const files = { [path.join(pkg, 'package.json')]: '{}', '/opt/e/electron.exe': '' };
    expect(findElectronBinary(probe(files, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' }, 'win32'))).toEqual({
      found: true,
      path: '/opt/e/electron.exe',
    });
    expect(findElectronBinary(probe(files, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/none' })).found).toBe(false);
  });
});

describe('findElectronBinary on this machine (no Electron binary can be had here)', () => {
  it('reports it missing without loading the electron package', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const lookup = findElectronBinary({
      root: process.cwd(),
      env: {},
      platform: process.platform,
      exists: existsSync,
      readText: (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined),
    });
    if (existsSync(path.join('node_modules', 'electron', 'path.txt'))) return; // a machine that has it
    expect(lookup).toEqual({ found: false, reason: expect.stringContaining('never downloaded') });
  });
});
