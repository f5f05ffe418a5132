import type { Priority } from '../../shared/jobs.js';

export interface SchedulableJob {
  id: string;
  priority: Priority;
  queueOrder: number;
  host: string;
}

export interface SchedulerLimits {
  maxConcurrentJobs: number;
  maxJobsPerHost: number;
}

const RANK: Record<Priority, number> = { foreground: 0, high: 1, normal: 2, low: 3 };

/** Queue order: foreground first, then high, normal, low; within a priority, queue position. */
export function compareQueue(a: SchedulableJob, b: SchedulableJob): number {
  return RANK[a.priority] - RANK[b.priority] || a.queueOrder - b.queueOrder;
}

/**
 * Which queued jobs to start now, in order, given those already running: the global limit
 * first, then the per-host limit (a job whose host is full is skipped, not blocking the rest).
 */
export function pickJobsToStart(
  queued: readonly SchedulableJob[],
  running: ReadonlyArray<{ host: string }>,
  limits: SchedulerLimits,
): SchedulableJob[] {
  const free = limits.maxConcurrentJobs - running.length;
  if (free <= 0) return [];
  const perHost = new Map<string, number>();
  for (const job of running) perHost.set(job.host, (perHost.get(job.host) ?? 0) + 1);
  const picked: SchedulableJob[] = [];
  for (const job of [...queued].sort(compareQueue)) {
    if (picked.length >= free) break;
    const count = perHost.get(job.host) ?? 0;
    if (count >= limits.maxJobsPerHost) continue;
    perHost.set(job.host, count + 1);
    picked.push(job);
  }
  return picked;
}
