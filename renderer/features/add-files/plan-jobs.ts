import type { AddJobInput } from '../../../shared/contract/core-api.js';
import { fileUrlFor } from '../../../shared/destination-url.js';
import type { JobType } from '../../../shared/jobs.js';

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
 * (issue 6); a file URL takes one file only, since two files cannot have one URL.
 */
export function planJobs(
  files: ReadonlyArray<{ name: string; path: string }>,
  destination: string,
  type: JobType,
): Plan {
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
      jobs.push({ filePath: file.path, url: fileUrlFor(url, file.name), type });
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  return { ok: true, jobs };
}

/** The last part of a host path, for either separator (a Windows host seen from a browser). */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}
