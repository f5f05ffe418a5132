import { FINAL_STATES } from '../../../shared/job-states.js';
import type { Job } from '../../../shared/jobs.js';
import { PRIORITY_LABELS } from './bulk-actions.js';

/** Where a drop would put the dragged jobs, or why it cannot. */
export type DropTarget =
  | { ok: true; boundary: number; where: { before: string } | { after: string } }
  | { ok: false; boundary: number; reason: string };

/**
 * The drop at `boundary` (0: above the first row, n: below the last) for `dragged` jobs among
 * `shown`: beside the unfinished neighbour of the same priority, since the queue orders jobs
 * within their priority. Between a High and a Normal job, a Normal one goes before the Normal.
 */
export function dropTarget(shown: readonly Job[], dragged: readonly Job[], boundary: number): DropTarget {
  const priority = dragged[0]?.priority;
  if (!priority) return { ok: false, boundary, reason: 'Nothing to move' };
  if (dragged.some((job) => job.priority !== priority)) {
    return { ok: false, boundary, reason: 'Drag jobs of one priority at a time' };
  }
  const draggedIds = new Set(dragged.map((job) => job.id));
  const usable = (job: Job | undefined) =>
    job !== undefined && !FINAL_STATES.has(job.state) && !draggedIds.has(job.id) && job.priority === priority;
  // The nearest rows around the boundary that are not being dragged themselves.
  let below = boundary;
  while (below < shown.length && draggedIds.has(shown[below]!.id)) below++;
  let above = boundary - 1;
  while (above >= 0 && draggedIds.has(shown[above]!.id)) above--;
  if (usable(shown[below])) return { ok: true, boundary, where: { before: shown[below]!.id } };
  if (usable(shown[above])) return { ok: true, boundary, where: { after: shown[above]!.id } };
  const neighbour = shown[below] ?? shown[above];
  if (neighbour && !FINAL_STATES.has(neighbour.state) && neighbour.priority !== priority) {
    return {
      ok: false,
      boundary,
      reason: `Stays among ${PRIORITY_LABELS[priority]} jobs: the queue orders jobs within their priority`,
    };
  }
  return { ok: false, boundary, reason: 'Finished jobs keep their place' };
}

/**
 * The moves that make a drop happen, one jobs:move each: "before X" in the order shown (each
 * lands just above X), "after X" in reverse (each lands just below X).
 */
export function dropMoves(
  dragged: readonly Job[],
  where: { before: string } | { after: string },
): Array<{ id: string; where: { before: string } | { after: string } }> {
  const order = 'before' in where ? dragged : [...dragged].reverse();
  return order.map((job) => ({ id: job.id, where }));
}
