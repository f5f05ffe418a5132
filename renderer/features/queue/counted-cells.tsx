import { memo } from 'react';
import { formatSpeed } from '../../../shared/format.js';
import { useCountedEta, useCountedSpeed } from '../../lib/format/use-live-progress.js';
import { etaText } from './job-status.js';

/**
 * The speed and ETA of a transferring job's row, each listening to the shared second ticker on
 * its own and taking nothing but the job's id: a progress event re-renders the row, not these
 * (they change on the beat only), and the beat re-renders these two texts in every row, not the
 * rows around them (every row drawn again at once made the beat's batch the heaviest).
 */
export const CountedSpeed = memo(function CountedSpeed({ jobId }: { jobId: string }) {
  return formatSpeed(useCountedSpeed(jobId));
});

export const CountedEta = memo(function CountedEta({ jobId }: { jobId: string }) {
  return etaText(useCountedEta(jobId));
});
