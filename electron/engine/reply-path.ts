import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { CoreError } from '../../shared/contract/core-api.js';
import {
  MAX_FILE_NAME_BYTES,
  TEMP_SUFFIX_RESERVE,
  truncateUtf8,
  utf8Length,
} from '../../shared/file-names.js';
import { fileNameOf } from './job-view.js';

/**
 * Where replies may be written: 'anywhere' the process may write (a local user's own choice), or
 * only under the replies folder (a host serving remote clients, who must not pick local paths).
 */
export type ReplyPathPolicy = 'anywhere' | 'replies-folder-only';

export interface ReplyPathRules {
  /** The data folder: its database, lock and WAL files are never a reply's destination. */
  dataDir: string;
  /** The data folder's own replies/ (the one place inside the data folder replies may go). */
  repliesDir: string;
  /** Where default reply names go: the reply folder setting, else repliesDir. */
  replyFolder: string;
  policy: ReplyPathPolicy;
}

const MAX_PATH = 4096;
/** `.<8 hex of the id>-99.reply`: what a default name adds to the source file's name. */
const DEFAULT_SUFFIX_BYTES = '.12345678-99.reply'.length;
const MAX_DEDUP = 99;

/** How paths compare on this platform: macOS and Windows file systems ignore case by default. */
export function pathKey(path: string): string {
  return process.platform === 'darwin' || process.platform === 'win32' ? path.toLowerCase() : path;
}

/** Whether `path` is `folder` or below it, compared the way this platform's file systems do. */
export function isInside(path: string, folder: string): boolean {
  const a = pathKey(path);
  const b = pathKey(folder);
  return a === b || a.startsWith(b.endsWith(sep) ? b : `${b}${sep}`);
}

async function realOr(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/** The folder part resolved through its symbolic links (it must exist), plus the name as given. */
async function canonical(path: string): Promise<string> {
  const folder = dirname(path);
  const real = await realpath(folder).catch(() => undefined);
  const info = real === undefined ? undefined : await lstat(real).catch(() => undefined);
  if (!real || !info?.isDirectory()) {
    throw new CoreError(
      'invalid-input',
      `The folder for the reply file does not exist: ${folder}.`,
      'Create the folder first, or choose another place for the reply.',
    );
  }
  return join(real, basename(path));
}

/**
 * A reply path as it will be stored, checked against everything it must never replace: the data
 * folder's files (outside its replies folder), the job's own source file, a folder, and an
 * existing file unless replacing it was asked for. Other jobs' replies: see ReplyPathIndex.
 */
export async function checkReplyPath(
  given: string,
  job: { filePath: string; overwrite: boolean },
  rules: ReplyPathRules,
): Promise<string> {
  if (given.includes('\0')) throw new CoreError('invalid-input', 'The reply path contains a NUL character.');
  if (given.length > MAX_PATH) throw new CoreError('invalid-input', 'The reply path is too long.');
  // A remote client's relative name means a file in the replies folder, never the host's working folder.
  const base = rules.policy === 'replies-folder-only' ? rules.replyFolder : process.cwd();
  const absolute = isAbsolute(given) ? resolve(given) : resolve(base, given);
  const name = basename(absolute);
  if (name === '' || absolute.endsWith(sep) || /[\\/]$/.test(given)) {
    throw new CoreError('invalid-input', `The reply path ${given} names a folder; give a file name.`);
  }
  if (utf8Length(name) > MAX_FILE_NAME_BYTES) {
    throw new CoreError(
      'invalid-input',
      `The reply file name is ${utf8Length(name)} bytes long; file systems allow ${MAX_FILE_NAME_BYTES}.`,
      'Choose a shorter name for the reply file.',
    );
  }
  const path = await canonical(absolute);
  const existing = await lstat(path).catch(() => undefined);
  // A link at the path is judged by where it leads as well as by itself.
  const targets = existing?.isSymbolicLink() ? [path, await realOr(path)] : [path];
  await checkPlace(targets, job.filePath, rules);
  if (existing?.isDirectory()) {
    throw new CoreError('invalid-input', `The reply path ${path} is a folder; give a file name.`);
  }
  if (existing && !job.overwrite) throw existsError(path);
  return path;
}

function existsError(path: string): CoreError {
  return new CoreError(
    'exists',
    `A file already exists at ${path}.`,
    'Choose another path for the reply, or allow replacing the file (--overwrite on the command line).',
  );
}

/** Refuses a path where a file (or a link) already is: replacing it was not asked for. */
export async function refuseExisting(path: string): Promise<void> {
  if (await lstat(path).catch(() => undefined)) throw existsError(path);
}

/** The place checks of checkReplyPath alone, for a path already stored (see reply-guard.ts). */
export async function checkReplyPlace(path: string, filePath: string, rules: ReplyPathRules): Promise<void> {
  const existing = await lstat(path).catch(() => undefined);
  await checkPlace(existing?.isSymbolicLink() ? [path, await realOr(path)] : [path], filePath, rules);
}

async function checkPlace(targets: string[], filePath: string, rules: ReplyPathRules): Promise<void> {
  const dataDir = await realOr(rules.dataDir);
  const repliesDir = await realOr(rules.repliesDir);
  const source = await realOr(filePath);
  for (const target of targets) {
    if (isInside(target, dataDir) && !isInside(target, repliesDir)) {
      throw new CoreError(
        'invalid-input',
        `The reply cannot be saved at ${target}: that is inside the data folder ${rules.dataDir}, which holds the queue database and its lock.`,
        `Choose a path outside the data folder, or in its replies folder ${rules.repliesDir}.`,
      );
    }
    if (pathKey(target) === pathKey(source)) {
      throw new CoreError(
        'invalid-input',
        `The reply cannot be saved at ${target}: that is the file being uploaded.`,
        'Choose another path for the reply.',
      );
    }
  }
  if (rules.policy === 'replies-folder-only') {
    const folders = [repliesDir, await realOr(rules.replyFolder)];
    if (!targets.every((target) => folders.some((folder) => isInside(target, folder)))) {
      throw new CoreError(
        'invalid-input',
        `This host saves replies only in its replies folder (${rules.replyFolder}); ${targets[0]} is outside it.`,
        'Leave the reply path out, or give a file name inside the replies folder.',
      );
    }
  }
}

/**
 * A name the app chooses in the reply folder: the source file's name made safe and cut in bytes,
 * leaving room for the id, a de-duplication counter and the temp-file suffixes.
 */
export async function defaultReplyPath(filePath: string, id: string, folder: string): Promise<string> {
  const room = MAX_FILE_NAME_BYTES - TEMP_SUFFIX_RESERVE - DEFAULT_SUFFIX_BYTES;
  const safe = truncateUtf8(fileNameOf(filePath).replace(/[^\p{L}\p{N}._ -]/gu, '_'), room);
  const tag = id.replace(/[^0-9a-zA-Z]/g, '').slice(0, 8);
  for (let count = 1; count <= MAX_DEDUP; count++) {
    const path = join(folder, `${safe}.${tag}${count === 1 ? '' : `-${count}`}.reply`);
    if (!(await lstat(path).catch(() => undefined))) return path;
  }
  throw new CoreError(
    'exists',
    `The reply folder ${folder} already has ${MAX_DEDUP} replies named like ${safe}.`,
  );
}
