import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const DATA_DIR_ENV = 'BITS_UPLOADER_DATA_DIR';
export const DATABASE_FILE = 'bits-uploader.db';
export const REPLIES_DIR = 'replies';

export interface ResolveDataDirOptions {
  /** The --data-dir value, if given. */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * Where this process keeps its database, lock and reply files: --data-dir, else
 * $BITS_UPLOADER_DATA_DIR, else the per-user application data folder of the platform.
 */
export function resolveDataDir(options: ResolveDataDirOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? homedir();
  const chosen = nonEmpty(options.flag) ?? nonEmpty(env[DATA_DIR_ENV]);
  // The flag and variable come from this machine's shell, so the native path rules apply.
  if (chosen) return path.resolve(expandHome(chosen, home));
  switch (platform) {
    case 'win32': {
      const appData = nonEmpty(env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming');
      return path.win32.join(appData, 'BITS Uploader');
    }
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'BITS Uploader');
    default: {
      // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
      const xdg = nonEmpty(env.XDG_DATA_HOME);
      const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share');
      return path.posix.join(base, 'bits-uploader');
    }
  }
}

export interface PreparedDataDir {
  dir: string;
  dbPath: string;
  repliesDir: string;
}

/** Creates the folder and its replies/ (owner-only: they hold credentials and reply files). */
export function prepareDataDir(dir: string): PreparedDataDir {
  const repliesDir = path.join(dir, REPLIES_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(repliesDir, { recursive: true, mode: 0o700 });
  return { dir, dbPath: path.join(dir, DATABASE_FILE), repliesDir };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `--data-dir=~/x` reaches us unexpanded when the shell sees no word-initial tilde. */
function expandHome(value: string, home: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(home, value.slice(2));
  return value;
}
