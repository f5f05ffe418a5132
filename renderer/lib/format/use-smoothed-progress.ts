import { useJobs, useStores } from '../../stores/app-stores.js';
import type { JobProgress } from '../../stores/jobs-store.js';
import { smoothingFor } from './smoothing-registry.js';

/**
 * A transferring job's progress with speed and ETA smoothed (the row shows it); undefined when
 * the job is not transferring. The ETA in it changes at most once a second.
 */
export function useSmoothedProgress(jobId: string): (JobProgress & { resending: number }) | undefined {
  const { jobs } = useStores();
  const progress = useJobs((state) => state.progress[jobId]);
  if (!progress) return undefined;
  const smooth = smoothingFor(jobs).view(jobId, progress);
  const shown: JobProgress & { resending: number } = {
    ...progress,
    bytesAcked: smooth.bytesAcked,
    speedBps: smooth.speedBps ?? 0,
    resending: smooth.resending,
  };
  if (smooth.etaSeconds === undefined) delete shown.etaSeconds;
  else shown.etaSeconds = smooth.etaSeconds;
  return shown;
}

/** Every transferring job's smoothed speed, added up (the status bar). */
export function useTotalSpeed(): number {
  const { jobs } = useStores();
  const progress = useJobs((state) => state.progress);
  return smoothingFor(jobs).totalSpeed(progress);
}
