import { useJobs, useStores } from '../../stores/app-stores.js';
import type { JobProgress } from '../../stores/jobs-store.js';
import { smoothingFor } from './smoothing-registry.js';
import { useTicker } from './ticker.js';

/**
 * A transferring job's progress with speed and ETA smoothed (the row shows it); undefined when
 * the job is not transferring. The speed is the one counted on the shared second ticker
 * (counted-speeds.ts), the engine's estimate until then; the ETA changes at most once a second.
 */
export function useSmoothedProgress(jobId: string): (JobProgress & { resending: number }) | undefined {
  const { jobs } = useStores();
  const progress = useJobs((state) => state.progress[jobId]);
  const registry = smoothingFor(jobs);
  const counted = useTicker(
    (now) => (progress ? registry.speedsAt(jobs.getState().progress, now).of(jobId) : undefined),
    progress !== undefined,
  );
  if (!progress) return undefined;
  const smooth = registry.view(jobId, progress);
  const shown: JobProgress & { resending: number } = {
    ...progress,
    bytesAcked: smooth.bytesAcked,
    speedBps: counted ?? smooth.speedBps ?? 0,
    resending: smooth.resending,
  };
  if (smooth.etaSeconds === undefined) delete shown.etaSeconds;
  else shown.etaSeconds = smooth.etaSeconds;
  return shown;
}

/** Every transferring job's speed, added up (the status bar), counted on the shared second ticker. */
export function useTotalSpeed(): number {
  const { jobs } = useStores();
  const registry = smoothingFor(jobs);
  return useTicker((now) => registry.speedsAt(jobs.getState().progress, now).totalBps);
}
