import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Core, CoreError } from '../../shared/contract/core-api.js';

/**
 * Names the desktop would run rather than show: a reply saved under such a name (a server
 * chooses the content, a user may choose the name) is revealed, never opened.
 */
const RUNNABLE = new Set([
  '.exe',
  '.com',
  '.bat',
  '.cmd',
  '.ps1',
  '.vbs',
  '.vbe',
  '.js',
  '.jse',
  '.wsf',
  '.wsh',
  '.msi',
  '.msp',
  '.scr',
  '.pif',
  '.cpl',
  '.hta',
  '.lnk',
  '.url',
  '.reg',
  '.jar',
  '.app',
  '.command',
  '.desktop',
  '.sh',
  '.appimage',
  '.run',
  '.bin',
  '.pkg',
  '.dmg',
  '.deb',
  '.rpm',
]);

export function isRunnableName(file: string): boolean {
  return RUNNABLE.has(path.extname(file).toLowerCase());
}

async function real(file: string): Promise<string | undefined> {
  return realpath(file).catch(() => undefined);
}

/**
 * The file `openPath` may open: a reply file the app itself wrote (the core's reply list),
 * present, a regular file, not executable and not named like a program.
 */
export async function openableReply(core: Core, candidate: string): Promise<string> {
  const wanted = await real(candidate);
  const replies = await core.queries.replies();
  for (const reply of replies) {
    if (wanted === undefined || (await real(reply.replyPath)) !== wanted) continue;
    const info = await stat(wanted);
    if (!info.isFile()) break;
    if (isRunnableName(wanted) || (process.platform !== 'win32' && (info.mode & 0o111) !== 0)) {
      throw new CoreError(
        'not-allowed',
        `The reply ${path.basename(wanted)} looks like a program, so BITS Uploader does not open it.`,
        'Show it in its folder instead, and open it yourself if you trust it.',
      );
    }
    return wanted;
  }
  throw new CoreError('not-allowed', 'BITS Uploader only opens reply files it saved itself.');
}

/** The file `showItemInFolder` may reveal: a reply the app wrote, or a job's own local file. */
export async function revealableFile(core: Core, candidate: string): Promise<string> {
  const wanted = await real(candidate);
  if (wanted === undefined) throw new CoreError('not-found', `${candidate} is no longer there.`);
  for (const reply of await core.queries.replies()) {
    if ((await real(reply.replyPath)) === wanted) return wanted;
  }
  // Jobs name their files as given; compare real paths, a page at a time.
  for (let offset = 0; ; offset += 1000) {
    const page = await core.queries.list({ offset, limit: 1000 });
    for (const job of page.jobs) {
      if (job.filePath === candidate || (await real(job.filePath)) === wanted) return wanted;
    }
    if (offset + page.jobs.length >= page.total || page.jobs.length === 0) break;
  }
  throw new CoreError('not-allowed', 'BITS Uploader only shows its reply files and the files of its jobs.');
}
