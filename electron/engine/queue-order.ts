import type { Move } from '../../shared/contract/core-api.js';
import type { JobRecord } from '../store/index.js';
import { isFinal } from './job-states.js';

/** Where a job lands when moved: top/bottom take a new end position; up/down swap with the neighbour. */
export function moveTarget(
  jobs: readonly JobRecord[],
  job: JobRecord,
  where: Move,
): { queueOrder: number; swapWith?: JobRecord } {
  const queue = jobs.filter((other) => !isFinal(other.state)).sort((a, b) => a.queueOrder - b.queueOrder);
  const index = queue.findIndex((other) => other.id === job.id);
  switch (where) {
    case 'top':
      return { queueOrder: Math.min(job.queueOrder, (queue[0]?.queueOrder ?? 0) - 1) };
    case 'bottom':
      return { queueOrder: Math.max(job.queueOrder, (queue.at(-1)?.queueOrder ?? 0) + 1) };
    case 'up': {
      const neighbour = index > 0 ? queue[index - 1] : undefined;
      return neighbour
        ? { queueOrder: neighbour.queueOrder, swapWith: neighbour }
        : { queueOrder: job.queueOrder };
    }
    case 'down': {
      const neighbour = index >= 0 ? queue[index + 1] : undefined;
      return neighbour
        ? { queueOrder: neighbour.queueOrder, swapWith: neighbour }
        : { queueOrder: job.queueOrder };
    }
  }
}
