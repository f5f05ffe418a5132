import { chmodSync, closeSync, openSync } from 'node:fs';

/** Files SQLite keeps beside a database; they hold the same data and get the same mode. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/**
 * Makes a database file and its companions owner-only (0600) before SQLite opens it: a missing
 * file is created that way (SQLite then gives -wal/-shm the database file's mode, whatever the
 * umask), and files left wider by an older build or a copy are tightened. The folder's own mode
 * is the user's business (they may have named a shared one); the files in it are ours.
 */
export function ownerOnlyDatabase(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  tighten(path);
  for (const suffix of COMPANIONS) tighten(`${path}${suffix}`);
}

function tighten(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    // Absent companions are normal; a file we may not chmod is not ours to fix.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}
