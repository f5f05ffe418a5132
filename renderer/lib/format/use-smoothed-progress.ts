import { useJobs, useStores } from '../../stores/app-stores.js';
import type { JobProgress } from '../../stores/jobs-store.js';
import { smoothingFor } from './smoothing-registry.js';
import { useTicker } from './ticker.js';

/**
 * A transferring job's progress as its row and the details pane show it; undefined when the job
 * is not transferring. Speed and ETA come from the bytes counted on the shared second ticker
 * (counted-speeds.ts) and change once a second; the engine's own estimates stand in until the
 * job has been counted.
 */
export function useSmoothedProgress(jobId: string): (JobProgress & { resending: number }) | undefined {
  const { jobs } = useStores();
  const progress = useJobs((state) => state.progress[jobId]);
  const registry = smoothingFor(jobs);
  const transferring = progress !== undefined;
  const countedSpeed = useTicker(
    (now) => (transferring ? registry.speedsAt(jobs.getState().progress, now).of(jobId) : undefined),
    transferring,
  );
  const countedEta = useTicker(
    (now) => (transferring ? registry.speedsAt(jobs.getState().progress, now).etaOf(jobId) : undefined),
    transferring,
  );
  if (!progress) return undefined;
  const { bytesAcked, resending } = registry.acked(jobId, progress);
  const shown: JobProgress & { resending: number } = { ...progress, bytesAcked, resending };
  if (countedSpeed === undefined) return shown;
  shown.speedBps = countedSpeed;
  if (countedEta === undefined) delete shown.etaSeconds;
  else shown.etaSeconds = countedEta;
  return shown;
}

/** Every transferring job's speed, added up (the status bar), counted on the shared second ticker. */
export function useTotalSpeed(): number {
  const { jobs } = useStores();
  const registry = smoothingFor(jobs);
  return useTicker((now) => registry.speedsAt(jobs.getState().progress, now).totalBps);
}
