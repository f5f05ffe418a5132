import { FINAL_STATES } from '../../../shared/job-states.js';
import type { Job } from '../../../shared/jobs.js';

/** A planned job whose URL an unfinished job (or an earlier file of the same batch) already has. */
export interface Clash {
  index: number;
  name: string;
  url: string;
  /** The queued job's file, or the batch's earlier file, that goes to the same URL. */
  with: string;
}

/**
 * Planned jobs (URL and the name shown for them) that would upload to a URL a job still
 * unfinished in the queue goes to: the second upload would replace or race the first one.
 */
export function findClashes(
  queued: Readonly<Record<string, Job>>,
  planned: ReadonlyArray<{ url: string; name: string }>,
): Clash[] {
  const taken = new Map<string, string>();
  for (const job of Object.values(queued)) {
    if (!FINAL_STATES.has(job.state)) taken.set(job.url, job.fileName);
  }
  const clashes: Clash[] = [];
  planned.forEach((job, index) => {
    const other = taken.get(job.url);
    if (other !== undefined) clashes.push({ index, name: job.name, url: job.url, with: other });
    else taken.set(job.url, job.name);
  });
  return clashes;
}

/** "a.bin, b.bin and 3 more": names for a question, bounded so the dialog stays readable. */
export function nameList(names: readonly string[], shown = 6): string {
  const quoted = names.slice(0, shown).map((name) => `“${name}”`);
  if (names.length > shown) return `${quoted.join(', ')} and ${names.length - shown} more`;
  if (quoted.length < 2) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
