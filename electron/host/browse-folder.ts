import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CoreError } from '../../shared/contract/core-api.js';
import type { BrowseEntry, BrowseResult } from '../../shared/contract/host-api.js';
import { isPathAllowed } from './confinement.js';

export interface BrowseOptions {
  path?: string;
  showHidden: boolean;
  limit: number;
  /** Real paths of the folders that may be listed; empty: anywhere. */
  allowed: readonly string[];
  home?: string;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** One folder of the host's file system: folders first, then files, by name; bounded. */
export async function browseFolder(options: BrowseOptions): Promise<BrowseResult> {
  const wanted = options.path ?? options.allowed[0] ?? options.home ?? homedir();
  if (!isAbsolute(wanted)) {
    throw new CoreError(
      'invalid-input',
      `“${wanted}” is not an absolute path.`,
      'Start from a folder such as /.',
    );
  }
  const folder = await realFolder(resolve(wanted));
  if (!isPathAllowed(folder, options.allowed)) {
    throw new CoreError(
      'not-allowed',
      `${wanted} is outside the folders this host shares.`,
      `Pick a file under ${options.allowed.join(', ')}.`,
    );
  }
  let dirents: Dirent[];
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw fsError(error, wanted);
  }
  const visible = dirents.filter((entry) => options.showHidden || !entry.name.startsWith('.'));
  const typed = await Promise.all(visible.map((entry) => kindOf(folder, entry)));
  typed.sort((a, b) =>
    (a.kind === 'folder') !== (b.kind === 'folder')
      ? a.kind === 'folder'
        ? -1
        : 1
      : collator.compare(a.name, b.name),
  );
  const shown = typed.slice(0, options.limit);
  const entries = await Promise.all(shown.map((entry) => withStats(folder, entry)));
  const parent = dirname(folder);
  const result: BrowseResult = {
    path: folder,
    entries,
    truncated: typed.length > shown.length,
    roots: [...options.allowed],
  };
  if (parent !== folder && isPathAllowed(parent, options.allowed)) result.parent = parent;
  return result;
}

/** The real path of a folder the host may list (files:browse, files:list-folder); a file or a missing path is a CoreError. */
export async function realFolder(path: string): Promise<string> {
  try {
    const real = await realpath(path);
    if (!(await stat(real)).isDirectory()) {
      throw new CoreError('invalid-input', `${path} is a file, not a folder.`);
    }
    return real;
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw fsError(error, path);
  }
}

interface Typed {
  name: string;
  kind: BrowseEntry['kind'];
  stats?: Stats;
}

async function kindOf(folder: string, entry: Dirent): Promise<Typed> {
  if (entry.isDirectory()) return { name: entry.name, kind: 'folder' };
  if (entry.isFile()) return { name: entry.name, kind: 'file' };
  if (!entry.isSymbolicLink()) return { name: entry.name, kind: 'other' };
  // Links are followed; a dangling one is shown but cannot be picked.
  const stats = await stat(join(folder, entry.name)).catch(() => undefined);
  const kind = stats?.isDirectory() ? 'folder' : stats?.isFile() ? 'file' : 'other';
  return { name: entry.name, kind, stats };
}

async function withStats(folder: string, entry: Typed): Promise<BrowseEntry> {
  const stats = entry.stats ?? (await stat(join(folder, entry.name)).catch(() => undefined));
  return {
    name: entry.name,
    kind: entry.kind,
    size: entry.kind === 'file' ? (stats?.size ?? 0) : 0,
    mtime: stats?.mtimeMs ?? 0,
  };
}

function fsError(error: unknown, path: string): CoreError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CoreError('not-found', `The folder ${path} does not exist.`);
  if (code === 'ENOTDIR') return new CoreError('invalid-input', `${path} is not a folder.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new CoreError('io', `BITS Uploader may not read the folder ${path}.`, 'Check its permissions.');
  }
  return new CoreError('io', `Cannot list ${path}: ${(error as Error).message}`);
}
