import { useJobs, useStores } from '../../stores/app-stores.js';
import type { JobProgress } from '../../stores/jobs-store.js';
import type { CountedSpeeds } from './counted-speeds.js';
import { smoothingFor } from './smoothing-registry.js';
import { useTicker } from './ticker.js';

/**
 * A transferring job's progress with the bytes being re-sent (its row and the details pane show
 * them); undefined when the job is not transferring. Its speed and ETA are the engine's: what is
 * shown comes from `useCountedSpeed` and `useCountedEta`, read by the two cells that show them,
 * so the ticker's beat re-renders those cells, not every row.
 */
export function useLiveProgress(jobId: string): (JobProgress & { resending: number }) | undefined {
  const { jobs } = useStores();
  const progress = useJobs((state) => state.progress[jobId]);
  if (!progress) return undefined;
  const { bytesAcked, resending } = smoothingFor(jobs).acked(jobId, progress);
  return { ...progress, bytesAcked, resending };
}

/**
 * `read` of this window's speeds as counted at the shared second ticker's time (counted-speeds.ts),
 * with the progress they were counted from; re-renders when its result changes, once a second.
 */
function useCounted<T>(
  read: (speeds: CountedSpeeds, progress: Readonly<Record<string, JobProgress>>) => T,
): T {
  const { jobs } = useStores();
  const registry = smoothingFor(jobs);
  return useTicker((now) => {
    const progress = jobs.getState().progress;
    return read(registry.speedsAt(progress, now), progress);
  });
}

/**
 * A transferring job's speed, changing once a second. Until the job has been counted with a
 * speed, the engine's estimate as of the last beat (or the first read) stands in.
 */
export function useCountedSpeed(jobId: string): number {
  return useCounted((speeds, progress) => speeds.of(jobId) ?? progress[jobId]?.speedBps ?? 0);
}

/**
 * A transferring job's seconds left from the same counts (undefined while it stands still), or
 * the engine's while it has no counted speed.
 */
export function useCountedEta(jobId: string): number | undefined {
  return useCounted((speeds, progress) =>
    speeds.of(jobId) === undefined ? progress[jobId]?.etaSeconds : speeds.etaOf(jobId),
  );
}

/** Every transferring job's speed, added up (the status bar). */
export function useTotalSpeed(): number {
  return useCounted((speeds) => speeds.totalBps);
}
