import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Channel } from '../../shared/contract/channels.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { isPathAllowed } from '../host/confinement.js';

export interface RemotePolicy {
  /** Real paths of the folders whose files may be queued (--allow-folder); empty: anywhere. */
  allowedFolders: readonly string[];
  /** The staging folder: always allowed, it holds what browsers dropped. */
  stagingDir: string;
  /** Replies are written only under this folder when a host serves remote clients. */
  repliesDir: string;
}

/**
 * What a client of `serve` may ask of the host's disk, checked before the core sees the
 * request: files to upload only from allowed folders (or staged), replies written only under
 * the replies folder. Throws 'not-allowed'.
 */
export async function checkRemoteRequest(
  channel: Channel,
  payload: unknown,
  policy: RemotePolicy,
): Promise<void> {
  const body = (payload ?? {}) as Record<string, unknown>;
  switch (channel) {
    case 'jobs:add':
      return checkJob(body, policy);
    case 'jobs:add-many':
      for (const job of Array.isArray(body.jobs) ? body.jobs : []) await checkJob(job ?? {}, policy);
      return;
    case 'jobs:update':
      return checkReplyPath((body.changes as Record<string, unknown> | undefined)?.replyPath, policy);
    case 'settings:update':
      if (typeof body.replyFolder === 'string' && body.replyFolder !== '') {
        await checkUnder(body.replyFolder, [policy.repliesDir], 'a reply folder', policy.repliesDir);
      }
      return;
    default:
      return;
  }
}

async function checkJob(job: Record<string, unknown>, policy: RemotePolicy): Promise<void> {
  if (typeof job.filePath === 'string' && policy.allowedFolders.length > 0) {
    await checkUnder(
      job.filePath,
      [...policy.allowedFolders, policy.stagingDir],
      'a file',
      policy.allowedFolders.join(', '),
    );
  }
  await checkReplyPath(job.replyPath, policy);
}

async function checkReplyPath(replyPath: unknown, policy: RemotePolicy): Promise<void> {
  if (typeof replyPath === 'string')
    await checkUnder(replyPath, [policy.repliesDir], 'a reply', policy.repliesDir);
}

/** Resolves links of the path (or, for a file not yet written, of its folder) before comparing. */
async function checkUnder(
  path: string,
  allowed: readonly string[],
  what: string,
  where: string,
): Promise<void> {
  const absolute = isAbsolute(path) ? resolve(path) : undefined;
  const real = absolute
    ? await realpath(absolute).catch(async () => {
        const folder = await realpath(dirname(absolute)).catch(() => dirname(absolute));
        return resolve(folder, absolute.slice(dirname(absolute).length + 1));
      })
    : undefined;
  const roots = await Promise.all(allowed.map((folder) => realpath(folder).catch(() => resolve(folder))));
  if (!real || !isPathAllowed(real, roots)) {
    throw new CoreError(
      'not-allowed',
      `This host does not let its clients use ${what} at ${path}.`,
      `Use a path under ${where}.`,
    );
  }
}
