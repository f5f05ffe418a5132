import type { AddJobInput } from '../../../shared/contract/core-api.js';
import { encodeFileName, fileUrlFor, isFolderUrl } from '../../../shared/destination-url.js';
import type { JobType, Priority } from '../../../shared/jobs.js';

/** What every job of one add takes besides its file: the destination bar's choices. */
export interface JobOptions {
  type: JobType;
  priority?: Priority;
  /** A saved destination: main adds its headers, credentials and fragment size. */
  destinationId?: string;
}

export type Plan = { ok: true; jobs: AddJobInput[] } | { ok: false; message: string; hint?: string };

/** Checks the destination URL the user typed; a plain problem, or undefined when it can be used. */
export function destinationProblem(url: string): { message: string; hint?: string } | undefined {
  const text = url.trim();
  if (!text) {
    return {
      message: 'Enter a destination URL first.',
      hint: 'A BITS folder URL ends in “/”, e.g. https://intake.example.com/bits/',
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { message: `“${text}” is not a URL.`, hint: 'It starts with https:// or http://' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { message: `BITS uploads go over HTTP or HTTPS, not ${parsed.protocol.replace(':', '')}.` };
  }
  return undefined;
}

/**
 * The jobs for files at these host paths: a folder URL gets `<folder><encoded name>` per file
 * (issue 6); a file URL takes one file only, since two files cannot have one URL. A name may be
 * a relative path ("photos/sub/b.jpg", from a dropped folder): each segment is encoded alone.
 */
export function planJobs(
  files: ReadonlyArray<{ name: string; path: string }>,
  destination: string,
  typeOrOptions: JobType | JobOptions,
): Plan {
  const options = typeof typeOrOptions === 'string' ? { type: typeOrOptions } : typeOrOptions;
  const problem = destinationProblem(destination);
  if (problem) return { ok: false, ...problem };
  const url = destination.trim();
  if (!new URL(url).pathname.endsWith('/') && files.length > 1) {
    return {
      ok: false,
      message: `${files.length} files cannot all go to one file's URL.`,
      hint: 'End the destination URL with “/” to send each file to its own name in that folder.',
    };
  }
  const jobs: AddJobInput[] = [];
  for (const file of files) {
    try {
      const job: AddJobInput = { filePath: file.path, url: urlFor(url, file.name), type: options.type };
      if (options.priority && options.priority !== 'normal') job.priority = options.priority;
      if (options.destinationId) job.destinationId = options.destinationId;
      jobs.push(job);
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  return { ok: true, jobs };
}

/** `<folder URL><segment>/<segment>…` for a relative path; a file URL stays itself. */
export function urlFor(destination: string, relativePath: string): string {
  if (!relativePath.includes('/') || !isFolderUrl(destination)) {
    return fileUrlFor(destination, relativePath.slice(relativePath.lastIndexOf('/') + 1));
  }
  const url = new URL(destination);
  url.pathname += relativePath.split('/').map(encodeFileName).join('/');
  return url.href;
}

/** The last part of a host path, for either separator (a Windows host seen from a browser). */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}
