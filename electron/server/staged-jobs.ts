import type { Core, CoreEvent } from '../../shared/contract/core-api.js';
import type { StagingArea } from './staging.js';

/**
 * Deletes a staged copy once the job that uploads it is removed (no other job uses it), and,
 * at start, staged files no job refers to (a crash between staging and queueing).
 */
export async function trackStagedJobs(
  core: Core,
  staging: StagingArea,
  log: (error: unknown) => void,
): Promise<() => void> {
  const paths = new Map<string, string>();
  const onEvent = (event: CoreEvent) => {
    if (event.type === 'job-changed' && staging.contains(event.job.filePath)) {
      paths.set(event.job.id, event.job.filePath);
    } else if (event.type === 'jobs-removed') {
      for (const id of event.ids) {
        const path = paths.get(id);
        if (path === undefined) continue;
        paths.delete(id);
        if (![...paths.values()].includes(path)) staging.discard(path).catch(log);
      }
    }
  };
  // Subscribe before listing, so a job added meanwhile is not missed.
  const unsubscribe = core.subscribe(onEvent);
  for (let offset = 0; ; offset += 1000) {
    const page = await core.queries.list({ sort: 'created', offset, limit: 1000 });
    for (const job of page.jobs) if (staging.contains(job.filePath)) paths.set(job.id, job.filePath);
    if (offset + page.jobs.length >= page.total || page.jobs.length === 0) break;
  }
  await staging.sweep(new Set(paths.values()));
  return unsubscribe;
}
