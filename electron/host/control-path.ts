import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, win32 } from 'node:path';

/** Unix socket paths are limited to about 104-108 bytes; a longer one moves to the temp folder. */
const MAX_SOCKET_PATH = 100;

export const CONTROL_SOCKET_FILE = 'control.sock';

/**
 * Where a data folder's running instance listens for the CLI: a Unix socket inside the data
 * folder (or, when that path is too long, a name in the temp folder derived from it), and on
 * Windows a named pipe whose name comes from the folder's path.
 */
export function controlEndpointPath(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
  tempDir: string = tmpdir(),
): string {
  const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);
  if (platform === 'win32')
    return `\\\\.\\pipe\\bits-uploader-${digest(win32.resolve(dataDir).toLowerCase())}`;
  const dir = resolve(dataDir);
  const inside = join(dir, CONTROL_SOCKET_FILE);
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside;
  return join(tempDir, `bits-uploader-${digest(dir)}.sock`);
}
