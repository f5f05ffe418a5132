import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, statfs, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { CoreError } from '../../shared/contract/core-api.js';

/** Folders deeper than this are refused: creating one is a bounded walk, never an open-ended loop. */
const MAX_DEPTH = 64;
export const MAX_FOLDER_PATH = 4096;

/** Kernel-provided file systems (Linux statfs magic numbers): nothing of ours belongs there. */
const PSEUDO_FILE_SYSTEMS = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x1373, // devfs
  0x1cd1, // devpts
  0x64626720, // debugfs
  0x74726163, // tracefs
  0x73636673, // securityfs
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0xcafe4a11, // bpf
  0x6165676c, // pstore
  0x62656570, // configfs
  0x65735543, // fusectl
  0x19800202, // mqueue
]);
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

function invalid(message: string, hint = 'Choose an absolute path to an ordinary folder you can write to.') {
  return new CoreError('invalid-input', message, hint);
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

/** The deepest part of `path` that exists (its real path) and the names below it still to create. */
async function existingAncestor(path: string): Promise<{ real: string; missing: string[] }> {
  const missing: string[] = [];
  let current = path;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    try {
      return { real: await realpath(current), missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw invalid(`${current} is inside something that is not a folder.`);
      if (code !== 'ENOENT') throw invalid(`Cannot use the folder ${path}: ${plain(error)}.`);
      const parent = dirname(current);
      if (parent === current) break;
      missing.unshift(current.slice(parent.length).replace(/^[\\/]+/, ''));
      current = parent;
    }
  }
  throw invalid(`The folder ${path} is nested too deeply.`);
}

function plain(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'ENAMETOOLONG') return 'a name in it is too long';
  if (code === 'ELOOP') return 'it has a loop of symbolic links';
  if (code === 'EEXIST') return 'something that is not a folder (a file or a broken link) is in the way';
  if (code === 'ENOTDIR') return 'part of the path is not a folder';
  return code ?? (error as Error).message;
}

async function onPseudoFileSystem(real: string): Promise<boolean> {
  if (process.platform !== 'win32' && PSEUDO_ROOTS.some((root) => isInside(real, root))) return true;
  if (process.platform !== 'linux') return false;
  const info = await statfs(real).catch(() => undefined);
  return info !== undefined && PSEUDO_FILE_SYSTEMS.has(info.type);
}

export interface PreparedFolder {
  /** The folder as it should be stored: absolute and normalized. */
  path: string;
  /** What it really is on disk (symbolic links of its parents resolved). */
  real: string;
}

/**
 * Checks a folder for reply files and creates it if needed, with plain errors for every way it
 * can be unusable (relative, a NUL byte, a file in the way, /proc and friends, not writable).
 * Creates one level at a time: a recursive mkdir under procfs never returns.
 */
export async function prepareReplyFolder(
  folder: string,
  options: { probe?: boolean } = {},
): Promise<PreparedFolder> {
  if (folder.includes('\0')) throw invalid('The folder name contains a NUL character.');
  if (folder.length > MAX_FOLDER_PATH) throw invalid('The folder name is too long.');
  if (!isAbsolute(folder)) {
    throw invalid(`The folder ${folder} is a relative path; its meaning would depend on the working folder.`);
  }
  const path = resolve(folder);
  const { real, missing } = await existingAncestor(path);
  if (await onPseudoFileSystem(real)) {
    throw invalid(
      `${path} is on a system file system (such as /proc, /sys or /dev), not an ordinary folder.`,
    );
  }
  const info = await lstat(real).catch((error) => {
    throw invalid(`Cannot use the folder ${path}: ${plain(error)}.`);
  });
  if (!info.isDirectory()) {
    throw invalid(
      missing.length === 0
        ? `${path} is a file, not a folder.`
        : `${real} is a file, not a folder, so ${path} cannot be created.`,
    );
  }
  let current = real;
  for (const name of missing) {
    current = join(current, name);
    await mkdir(current, { mode: 0o700 }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST' && (await lstat(current).catch(() => undefined))?.isDirectory()) return;
      throw invalid(`Cannot create the folder ${current}: ${plain(error)}.`);
    });
  }
  if (options.probe) await probeWritable(current, path);
  return { path, real: current };
}

/** Creating and removing a file is the only reliable test (ACLs, read-only mounts, quotas). */
async function probeWritable(real: string, shown: string): Promise<void> {
  const probe = join(real, `.bits-uploader-probe-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    await handle.close();
    await unlink(probe);
  } catch (error) {
    throw invalid(`Cannot write in the folder ${shown}: ${plain(error)}.`);
  }
}
