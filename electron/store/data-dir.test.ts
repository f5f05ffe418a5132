import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_DIR_ENV, prepareDataDir, resolveDataDir } from './data-dir.js';
import { makeTempDir } from './testing/job-fixtures.js';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then the environment variable', () => {
    const env = { [DATA_DIR_ENV]: '/from/env' };
    expect(resolveDataDir({ flag: '/from/flag', env, platform: 'linux', home: '/home/u' })).toBe(
      '/from/flag',
    );
    expect(resolveDataDir({ env, platform: 'linux', home: '/home/u' })).toBe('/from/env');
    expect(resolveDataDir({ flag: '  ', env, platform: 'linux', home: '/home/u' })).toBe('/from/env');
  });

  it('makes a relative choice absolute and expands a leading ~', () => {
    expect(resolveDataDir({ flag: 'data', env: {} })).toBe(path.resolve('data'));
    expect(resolveDataDir({ flag: '~/bits', env: {}, home: '/home/u' })).toBe(path.resolve('/home/u/bits'));
  });

  it('uses the per-user app data folder of each platform', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe(
      '/home/u/.local/share/bits-uploader',
    );
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', home: '/home/u' })).toBe(
      '/xdg/bits-uploader',
    );
    // A relative XDG_DATA_HOME is invalid by the spec.
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'rel' }, platform: 'freebsd', home: '/home/u' })).toBe(
      '/home/u/.local/share/bits-uploader',
    );
    expect(resolveDataDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/BITS Uploader',
    );
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\u',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\BITS Uploader');
    expect(resolveDataDir({ env: {}, platform: 'win32', home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\BITS Uploader',
    );
  });
});

describe('prepareDataDir', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.remove());

  it('creates the folder and replies/, owner-only, and names the database', () => {
    const dir = path.join(temp.dir, 'nested', 'data');
    const prepared = prepareDataDir(dir);
    expect(prepared).toEqual({
      dir,
      dbPath: path.join(dir, 'bits-uploader.db'),
      repliesDir: path.join(dir, 'replies'),
    });
    expect(statSync(prepared.repliesDir).isDirectory()).toBe(true);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(prepared.repliesDir).mode & 0o777).toBe(0o700);
    }
    expect(prepareDataDir(dir)).toEqual(prepared); // again: nothing to do
  });
});
