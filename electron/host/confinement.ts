import { isInside } from '../core.js';

/**
 * True when `path` is one of `allowed` or inside one (both absolute and already resolved with
 * realpath, so links cannot lead out). No allowed folders: everything is allowed. The
 * comparison is the core's own (`isInside`, which also folds case where the file system does),
 * so a host and `jobs:add` can never disagree about what lies inside a folder.
 */
export function isPathAllowed(path: string, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.some((folder) => isInside(path, folder));
}
