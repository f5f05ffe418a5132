import type { JobProgress, JobsStore } from '../../stores/jobs-store.js';
import { CountedSpeeds } from './counted-speeds.js';

/** A transferring job's acknowledged bytes as shown, and what the server lost of them. */
export interface ShownAcked {
  /** Acknowledged bytes: the engine's cursor, which is lower only when the server lost bytes. */
  bytesAcked: number;
  /** Bytes the server lost and that are being re-sent (0 when none): shown as an event, not a jump. */
  resending: number;
}

/**
 * What the rows and the details pane share about each transferring job, so a row that scrolls
 * out and back shows the same: the most bytes ever acknowledged (what is re-sent after the
 * server loses some), and the speeds and times left counted once per second for every job
 * (`speedsAt`).
 */
export class SmoothingRegistry {
  /** Per job, the highest acknowledged cursor seen. */
  private readonly peaks = new Map<string, number>();
  private readonly counted = new CountedSpeeds();

  acked(jobId: string, progress: JobProgress): ShownAcked {
    // Acks arrive in order from the engine: a lower cursor is the server losing bytes, a real event.
    const peak = Math.max(this.peaks.get(jobId) ?? 0, progress.bytesAcked);
    this.peaks.set(jobId, peak);
    return { bytesAcked: progress.bytesAcked, resending: peak - progress.bytesAcked };
  }

  /** Forgets jobs that no longer transfer (a pause or an error starts over). */
  prune(progress: Readonly<Record<string, JobProgress>>): void {
    for (const id of this.peaks.keys()) if (!progress[id]) this.peaks.delete(id);
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
export function smoothingFor(jobs: JobsStore): SmoothingRegistry {
  let registry = registries.get(jobs);
  if (!registry) {
    registry = new SmoothingRegistry();
    registries.set(jobs, registry);
  }
  return registry;
}
