import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CoreError } from '../../shared/contract/core-api.js';
import { undecodableNameProblem } from '../bits/undecodable-name.js';

/**
 * Which local files a client may have uploaded (remote clients reach the core through `serve`):
 * only regular files, never a device, FIFO, socket or folder, nothing under the kernel's pseudo
 * file systems, and, when the host sets allowed folders, only files whose real path (links
 * resolved, so `..` or a symlink cannot escape) lies inside one of them. The check runs when a
 * job is added and a confined job keeps the real path it checked; a client cannot create links
 * in those folders through the core, so nothing it sends can redirect the upload later.
 */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** True when `path` is `root` or inside it; both absolute (and real, for confinement). */
export function isInside(path: string, root: string): boolean {
  const fold = process.platform === 'win32' || process.platform === 'darwin';
  const rel = fold ? relative(root.toLowerCase(), path.toLowerCase()) : relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The real paths of the allowed folders; one that does not exist (or is no folder) is an error. */
export async function resolveAllowedRoots(roots: readonly string[]): Promise<string[]> {
  return Promise.all(
    roots.map(async (root) => {
      const real = await realpath(resolve(root)).catch(() => {
        throw new CoreError('invalid-input', `The allowed folder ${root} does not exist.`);
      });
      if (!(await stat(real)).isDirectory()) {
        throw new CoreError('invalid-input', `The allowed folder ${root} is not a folder.`);
      }
      return real;
    }),
  );
}

/**
 * The real path of `path` when it lies inside one of `roots` (real paths, see
 * resolveAllowedRoots; none means no confinement), else a clear `not-allowed` error. Hosts use
 * it for every path a client names (`jobs:add`, browsing folders).
 */
export async function confinePath(path: string, roots: readonly string[]): Promise<string> {
  const absolute = resolve(path);
  const real = await realpath(absolute).catch(async (error: NodeJS.ErrnoException) => {
    throw new CoreError(
      'invalid-input',
      error.code === 'ENOENT'
        ? ((await undecodableNameProblem(absolute)) ?? `There is no file at ${absolute}.`)
        : `Cannot read ${absolute}: ${error.message}.`,
    );
  });
  if (roots.length > 0 && !roots.some((root) => isInside(real, root))) {
    throw new CoreError(
      'not-allowed',
      `${absolute} is outside the folders this BITS Uploader may upload from.`,
      `Allowed: ${roots.join(', ')}.`,
    );
  }
  return real;
}

/**
 * Checks a file a job would read (the upload, a CA certificate): its real path and size, or a
 * clear error. `what` names it in messages.
 */
export async function checkLocalFile(
  path: string,
  roots: readonly string[],
  what = 'file',
): Promise<{ realPath: string; size: number }> {
  if (process.platform === 'win32' && /^[\\/]{2}[.?][\\/]/.test(path)) {
    throw new CoreError('not-allowed', `${path} is a device path, not a ${what}.`);
  }
  const realPath = await confinePath(path, roots);
  const info = await stat(realPath).catch((error: NodeJS.ErrnoException) => {
    throw new CoreError('invalid-input', `Cannot read ${resolve(path)}: ${error.message}.`);
  });
  if (!info.isFile()) {
    const kind = info.isDirectory()
      ? 'a folder (folders cannot be uploaded)'
      : info.isFIFO()
        ? 'a named pipe (FIFO)'
        : info.isSocket()
          ? 'a socket'
          : 'a device';
    throw new CoreError(
      info.isDirectory() ? 'invalid-input' : 'not-allowed',
      `${resolve(path)} is ${kind}, not a ${what}.`,
    );
  }
  if (PSEUDO_ROOTS.some((root) => isInside(realPath, root))) {
    throw new CoreError(
      'not-allowed',
      `${resolve(path)} is in a system folder (${realPath}); only ordinary files can be used.`,
    );
  }
  return { realPath, size: info.size };
}
