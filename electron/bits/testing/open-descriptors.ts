import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * Descriptors this process holds open on `path` (Linux: /proc/self/fd), so a test can tell a
 * leaked file handle from a closed one without waiting for the garbage collector to warn.
 */
export function openDescriptorsOn(path: string): number {
  const target = realpathSync(path);
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === target) count++;
    } catch {
      // The descriptor was closed between listing and reading it.
    }
  }
  return count;
}
