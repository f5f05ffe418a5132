import type { JobProgress, JobsStore } from '../../stores/jobs-store.js';
import { ProgressSmoother, type SmoothedProgress } from './progress-smoother.js';

export interface Clock {
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * One smoother per transferring job, shared by whoever shows it (its row, the status bar), so a
 * row that scrolls out and back keeps its average. Each progress object is fed once, when first
 * read (progress objects are replaced, never changed, by the jobs store).
 */
export class SmoothingRegistry {
  private readonly entries = new Map<string, { progress: JobProgress; smoother: ProgressSmoother }>();

  constructor(private readonly clock: Clock = systemClock) {}

  view(jobId: string, progress: JobProgress): SmoothedProgress {
    let entry = this.entries.get(jobId);
    if (!entry) {
      entry = { progress, smoother: new ProgressSmoother() };
      this.entries.set(jobId, entry);
      return entry.smoother.update(progress, this.clock.now());
    }
    if (entry.progress === progress) return entry.smoother.view();
    entry.progress = progress;
    return entry.smoother.update(progress, this.clock.now());
  }

  /** Forgets jobs that no longer transfer (a pause or an error starts the average over). */
  prune(progress: Readonly<Record<string, JobProgress>>): void {
    for (const id of this.entries.keys()) if (!progress[id]) this.entries.delete(id);
  }

  /** The smoothed speeds of every transferring job, added up (the status bar). */
  totalSpeed(progress: Readonly<Record<string, JobProgress>>): number {
    this.prune(progress);
    let total = 0;
    for (const [id, value] of Object.entries(progress)) total += this.view(id, value).speedBps ?? 0;
    return total;
  }
}

const registries = new WeakMap<JobsStore, SmoothingRegistry>();

/** The registry of one window's jobs store (tests render several windows, each with its own). */
export function smoothingFor(jobs: JobsStore, clock?: Clock): SmoothingRegistry {
  let registry = registries.get(jobs);
  if (!registry) {
    registry = new SmoothingRegistry(clock);
    registries.set(jobs, registry);
  }
  return registry;
}
