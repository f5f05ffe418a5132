import type { Job } from '../../../shared/jobs.js';

/** A job whose reply file the host has saved (what the Replies view and its badge count). */
export function hasReply(job: Job): boolean {
  return job.type === 'upload-reply' && job.state === 'acknowledged' && job.replyPath !== undefined;
}

/** Replies the user has not looked at yet. */
export function unreadCount(byId: Readonly<Record<string, Job>>, read: ReadonlySet<string>): number {
  let count = 0;
  for (const job of Object.values(byId)) if (hasReply(job) && !read.has(job.id)) count++;
  return count;
}

/** The file name at the end of a host path (either separator: the host may be Windows). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** JSON replies pretty-printed (2 spaces); anything that does not parse is shown as it came. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
