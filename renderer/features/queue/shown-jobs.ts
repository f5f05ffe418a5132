import { type Job, type JobState, PRIORITIES } from '../../../shared/jobs.js';
import type { JobProgress } from '../../stores/jobs-store.js';
import { hostOf } from './columns.js';

/** The state chips above the list; each job belongs to at most one besides All. */
export const STATE_FILTERS = ['all', 'active', 'waiting', 'suspended', 'failed', 'done'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const FILTER_LABELS: Record<StateFilter, string> = {
  all: 'All',
  active: 'Active',
  waiting: 'Waiting',
  suspended: 'Suspended',
  failed: 'Failed',
  done: 'Done',
};

const FILTER_OF: Record<JobState, StateFilter | undefined> = {
  connecting: 'active',
  transferring: 'active',
  queued: 'waiting',
  'transient-error': 'waiting',
  suspended: 'suspended',
  error: 'failed',
  transferred: 'done',
  acknowledged: 'done',
  // Cancelled jobs are neither done nor failed: All lists them.
  cancelled: undefined,
};

/** Columns the list sorts by; 'queue' is the engine's own order (priority, then position). */
export type SortKey =
  | 'queue'
  | 'name'
  | 'size'
  | 'progress'
  | 'state'
  | 'acked'
  | 'speed'
  | 'eta'
  | 'priority'
  | 'host';
export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}
export const QUEUE_ORDER: SortOrder = { key: 'queue', direction: 'asc' };

export interface ListView {
  sort: SortOrder;
  filter: StateFilter;
  /** Already debounced; matched case-insensitively against the file name. */
  search: string;
}

export interface ShownJobs {
  /** The rows in the order shown. */
  jobs: Job[];
  ids: string[];
  /** Jobs per chip, after the search (so a chip says what clicking it would show). */
  counts: Record<StateFilter, number>;
  /** Jobs the search matches, whatever the chip. */
  matches: number;
}

const STATE_RANK = new Map<JobState, number>(
  (
    [
      'transferring',
      'connecting',
      'transient-error',
      'queued',
      'error',
      'suspended',
      'transferred',
      'acknowledged',
      'cancelled',
    ] as const
  ).map((state, index) => [state, index]),
);
const PRIORITY_RANK = new Map(PRIORITIES.map((priority, index) => [priority, index]));
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

type Compare = (a: Job, b: Job) => number;

/**
 * Comparators by column. Speed and time left come from the progress taken when the sort ran:
 * the list is not re-sorted on every progress tick (rows would jump under the pointer).
 */
function comparator(key: SortKey, progress: Readonly<Record<string, JobProgress>>): Compare | undefined {
  const fraction = (job: Job) => (job.bytesTotal > 0 ? ackedOf(job, progress) / job.bytesTotal : 0);
  switch (key) {
    case 'queue':
      return undefined;
    case 'name':
      return (a, b) => collator.compare(a.fileName, b.fileName);
    case 'size':
      return (a, b) => a.bytesTotal - b.bytesTotal;
    case 'progress':
      return (a, b) => fraction(a) - fraction(b);
    case 'acked':
      return (a, b) => ackedOf(a, progress) - ackedOf(b, progress);
    case 'state':
      return (a, b) => (STATE_RANK.get(a.state) ?? 0) - (STATE_RANK.get(b.state) ?? 0);
    case 'speed':
      return (a, b) => (progress[a.id]?.speedBps ?? 0) - (progress[b.id]?.speedBps ?? 0);
    case 'eta':
      // A job without an estimate sorts as the longest wait.
      return (a, b) => etaOf(a, progress) - etaOf(b, progress);
    case 'priority':
      return (a, b) => (PRIORITY_RANK.get(a.priority) ?? 0) - (PRIORITY_RANK.get(b.priority) ?? 0);
    case 'host':
      return (a, b) => collator.compare(hostOf(a.url), hostOf(b.url));
  }
}

function ackedOf(job: Job, progress: Readonly<Record<string, JobProgress>>): number {
  return Math.max(job.bytesAcked, progress[job.id]?.bytesAcked ?? 0);
}

function etaOf(job: Job, progress: Readonly<Record<string, JobProgress>>): number {
  return progress[job.id]?.etaSeconds ?? Number.POSITIVE_INFINITY;
}

/**
 * The list as shown: `queued` is every job in queue order (orderJobs); the chip and the search
 * filter it, then the sort orders it, ties keeping queue order (Array.prototype.sort is stable).
 */
export function showJobs(
  queued: readonly Job[],
  view: ListView,
  progress: Readonly<Record<string, JobProgress>>,
): ShownJobs {
  const needle = view.search.trim().toLocaleLowerCase();
  const counts: Record<StateFilter, number> = {
    all: 0,
    active: 0,
    waiting: 0,
    suspended: 0,
    failed: 0,
    done: 0,
  };
  const jobs: Job[] = [];
  for (const job of queued) {
    if (needle && !job.fileName.toLocaleLowerCase().includes(needle)) continue;
    const group = FILTER_OF[job.state];
    counts.all++;
    if (group) counts[group]++;
    if (view.filter === 'all' || view.filter === group) jobs.push(job);
  }
  const compare = comparator(view.sort.key, progress);
  if (compare) {
    const sign = view.sort.direction === 'asc' ? 1 : -1;
    jobs.sort((a, b) => sign * compare(a, b));
  } else if (view.sort.direction === 'desc') {
    jobs.reverse();
  }
  return { jobs, ids: jobs.map((job) => job.id), counts, matches: counts.all };
}
