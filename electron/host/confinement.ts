import { isAbsolute, relative, sep } from 'node:path';

/**
 * True when `path` is one of `allowed` or inside one (both absolute and already resolved with
 * realpath, so links cannot lead out). No allowed folders: everything is allowed. This is the
 * one confinement check of the host; a core-wide one can replace it.
 */
export function isPathAllowed(path: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((folder) => {
    const rel = relative(folder, path);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  });
}
