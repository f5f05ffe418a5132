import { constants, type Dirent } from 'node:fs';
import { access, lstat, readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { CoreError } from '../../shared/contract/core-api.js';
import type { ListFolderResult } from '../../shared/contract/host-api.js';
import { realFolder } from './browse-folder.js';
import { isPathAllowed } from './confinement.js';

export interface ListFolderOptions {
  path: string;
  maxFiles: number;
  maxDepth: number;
  /** Real paths of the folders that may be listed; empty: anywhere. */
  allowed: readonly string[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * files:list-folder: every ordinary file below a dropped or picked folder, for one job each.
 * Links are not followed (a link to `/` must not queue the whole disk, nor loop); sockets,
 * devices, pipes and what cannot be read are reported as skipped, with why.
 */
export async function listFolder(options: ListFolderOptions): Promise<ListFolderResult> {
  if (!isAbsolute(options.path)) {
    throw new CoreError('invalid-input', `“${options.path}” is not an absolute path.`);
  }
  const root = await realFolder(resolve(options.path));
  if (!isPathAllowed(root, options.allowed)) {
    throw new CoreError(
      'not-allowed',
      `${options.path} is outside the folders this host shares.`,
      `Pick a folder under ${options.allowed.join(', ')}.`,
    );
  }
  const result: ListFolderResult = {
    path: root,
    name: basename(root),
    files: [],
    skipped: [],
    truncated: false,
  };
  await walk(root, '', 1, options, result);
  return result;
}

async function walk(
  folder: string,
  prefix: string,
  depth: number,
  options: ListFolderOptions,
  result: ListFolderResult,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    result.skipped.push({ relativePath: prefix.replace(/\/$/, '') || '.', reason: unreadable(error) });
    return;
  }
  entries.sort((a, b) => collator.compare(a.name, b.name));
  for (const entry of entries) {
    if (result.truncated) return;
    const relativePath = `${prefix}${entry.name}`;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (depth >= options.maxDepth) {
        result.truncated = true;
        result.skipped.push({ relativePath, reason: `deeper than ${options.maxDepth} folders` });
        continue;
      }
      await walk(path, `${relativePath}/`, depth + 1, options, result);
    } else if (entry.isFile()) {
      if (result.files.length >= options.maxFiles) {
        result.truncated = true;
        return;
      }
      const size = await readableSize(path);
      if (typeof size === 'number') result.files.push({ path, relativePath, size });
      else result.skipped.push({ relativePath, reason: size.reason });
    } else {
      result.skipped.push({ relativePath, reason: kindWord(entry) });
    }
  }
}

async function readableSize(path: string): Promise<number | { reason: string }> {
  try {
    await access(path, constants.R_OK);
    return (await lstat(path)).size;
  } catch (error) {
    return { reason: unreadable(error) };
  }
}

function kindWord(entry: Dirent): string {
  if (entry.isSymbolicLink()) return 'a link (links are not followed)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isFIFO()) return 'a named pipe';
  return 'a device';
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'not readable (permissions)';
  if (code === 'ENOENT') return 'gone while listing';
  return `not readable (${code ?? (error as Error).message})`;
}
