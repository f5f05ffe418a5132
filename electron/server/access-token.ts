import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE = 'serve-token';
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * The access token of `serve`: made on first run (32 random bytes), kept in the data folder
 * owner-only, so the printed URL keeps working across restarts. A damaged file is replaced.
 */
export function loadOrCreateToken(dataDir: string): string {
  const path = join(dataDir, TOKEN_FILE);
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (TOKEN_FORMAT.test(token)) {
      if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return token;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  // mode applies only when the file is created: a damaged one we overwrite keeps its own.
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return token;
}
