import type { JobProgress, JobsStore } from '../../stores/jobs-store.js';
import { CountedSpeeds } from './counted-speeds.js';
import { ProgressSmoother, type SmoothedProgress } from './progress-smoother.js';

export interface Clock {
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * One smoother per transferring job (its ETA and acknowledged bytes), shared by whoever shows it
 * (its row, the details pane), so a row that scrolls out and back keeps its average; and the
 * speeds counted once per second for every job (`speedsAt`). Each progress object is fed once, when first
 * read (progress objects are replaced, never changed, by the jobs store).
 */
export class SmoothingRegistry {
  private readonly entries = new Map<string, { progress: JobProgress; smoother: ProgressSmoother }>();
  private readonly counted = new CountedSpeeds();

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

  /** Every transferring job's bytes counted as of the ticker's time `at` (counted-speeds.ts). */
  speedsAt(progress: Readonly<Record<string, JobProgress>>, at: number): CountedSpeeds {
    // Once a second, not on every read: a row's re-render must not walk every job.
    if (this.counted.count(progress, at)) this.prune(progress);
    return this.counted;
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
