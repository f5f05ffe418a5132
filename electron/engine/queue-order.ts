import { CoreError, type Move } from '../../shared/contract/core-api.js';
import type { JobRecord } from '../store/index.js';
import { isFinal } from './job-states.js';

/** A move's outcome: the job's new position and the other jobs that shift to make room. */
export interface MoveTarget {
  queueOrder: number;
  others: Array<{ record: JobRecord; queueOrder: number }>;
}

/**
 * Where a job lands when moved. The engine runs jobs by priority, then queue position, so a step
 * up or down passes the nearest unfinished job of the same priority (a swap with a job of another
 * priority would change nothing anyone sees); top and bottom take a new end position.
 */
export function moveTarget(jobs: readonly JobRecord[], job: JobRecord, where: Move): MoveTarget {
  const queue = jobs.filter((other) => !isFinal(other.state)).sort((a, b) => a.queueOrder - b.queueOrder);
  const stay: MoveTarget = { queueOrder: job.queueOrder, others: [] };
  if (typeof where === 'object') return placeBeside(queue, job, where);
  const peers = queue.filter((other) => other.priority === job.priority);
  const index = peers.findIndex((other) => other.id === job.id);
  switch (where) {
    case 'top':
      return { queueOrder: Math.min(job.queueOrder, (queue[0]?.queueOrder ?? 0) - 1), others: [] };
    case 'bottom':
      return { queueOrder: Math.max(job.queueOrder, (queue.at(-1)?.queueOrder ?? 0) + 1), others: [] };
    case 'up':
    case 'down': {
      const neighbour = index === -1 ? undefined : peers[where === 'up' ? index - 1 : index + 1];
      return neighbour
        ? { queueOrder: neighbour.queueOrder, others: [{ record: neighbour, queueOrder: job.queueOrder }] }
        : stay;
    }
  }
}

/**
 * Before or after another job (a drop): the jobs between the two positions shift by one, so every
 * other job keeps its order whatever its priority. Only within a priority, as the queue shows it.
 */
function placeBeside(
  queue: readonly JobRecord[],
  job: JobRecord,
  where: { before: string } | { after: string },
): MoveTarget {
  const anchorId = 'before' in where ? where.before : where.after;
  const anchor = queue.find((other) => other.id === anchorId);
  if (!anchor) {
    throw new CoreError(
      'not-found',
      'The job to move beside has finished or is gone; the queue is unchanged.',
    );
  }
  if (anchor.priority !== job.priority) {
    throw new CoreError(
      'invalid-input',
      `Jobs keep to their priority in the queue: this one is ${job.priority}, the other ${anchor.priority}.`,
      'Change its priority to move it among those jobs.',
    );
  }
  if (anchor.id === job.id || isFinal(job.state)) return { queueOrder: job.queueOrder, others: [] };
  const from = job.queueOrder;
  const others: MoveTarget['others'] = [];
  let queueOrder: number;
  if (from > anchor.queueOrder) {
    // Moving towards the front: the jobs from the new place up to the old one go back by one.
    queueOrder = 'before' in where ? anchor.queueOrder : anchor.queueOrder + 1;
    for (const other of queue) {
      if (other.id !== job.id && other.queueOrder >= queueOrder && other.queueOrder < from)
        others.push({ record: other, queueOrder: other.queueOrder + 1 });
    }
  } else {
    queueOrder = 'before' in where ? anchor.queueOrder - 1 : anchor.queueOrder;
    for (const other of queue) {
      if (other.id !== job.id && other.queueOrder > from && other.queueOrder <= queueOrder)
        others.push({ record: other, queueOrder: other.queueOrder - 1 });
    }
  }
  return { queueOrder, others };
}
