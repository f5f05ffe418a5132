import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronNativeBinding } from '../launcher/native-electron.js';
import { openDatabase } from '../store/index.js';
import { nativeBindingFor } from './native-binding.js';

describe('nativeBindingFor', () => {
  it('uses the default addon when packaged, the Electron-ABI copy under npm start', () => {
    expect(nativeBindingFor({ isPackaged: true, appPath: '/app.asar', exists: () => false })).toEqual({});
    expect(nativeBindingFor({ isPackaged: false, appPath: '/proj', exists: () => true })).toEqual({
      path: electronNativeBinding('/proj'),
    });
    expect(nativeBindingFor({ isPackaged: false, appPath: '/proj', exists: () => false }).problem).toMatch(
      /npm run build:native-electron/,
    );
  });
});

describe('openDatabase({ nativeBinding })', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('loads the addon it is given instead of the one in node_modules', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bits-native-'));
    const nodeAddon = path.join(
      path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
      'build',
      'Release',
      'better_sqlite3.node',
    );
    const copy = path.join(dir, 'copy.node');
    copyFileSync(nodeAddon, copy);
    const { db } = openDatabase(path.join(dir, 'a.db'), { nativeBinding: copy });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(() =>
      openDatabase(path.join(dir!, 'b.db'), { nativeBinding: path.join(dir!, 'missing.node') }),
    ).toThrow();
  });
});
