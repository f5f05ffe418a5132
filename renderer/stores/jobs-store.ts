import { createStore } from 'zustand/vanilla';
import type { CoreEvent, ProgressEvent } from '../../shared/contract/core-api.js';
import { ACTIVE_STATES, PRIORITIES } from '../../shared/job-states.js';
import type { Job } from '../../shared/jobs.js';

/** The live numbers of a transferring job (progress events), kept apart from the job so a tick re-renders one row. */
export type JobProgress = Omit<ProgressEvent, 'type' | 'jobId'>;

/** Changes that arrived while a snapshot was on its way: the snapshot must not undo them. */
interface SnapshotWindow {
  changed: Map<string, Job>;
  removed: Set<string>;
}

export interface JobsState {
  byId: Readonly<Record<string, Job>>;
  progress: Readonly<Record<string, JobProgress>>;
  /** False until the first rows are in (a preview or the snapshot): the list shows its loading shape. */
  loaded: boolean;
  /** False until a whole snapshot is in: counts over all jobs are not known before. */
  complete: boolean;
  window: SnapshotWindow | undefined;
  /**
   * Counts the lists (previews and snapshots) taken in. A job that appears between two states
   * with the same count came from the event stream (added just now), not from a list.
   */
  lists: number;
  /** A snapshot was asked for: remember what events change until it arrives. */
  beginSnapshot(): void;
  /** Main's list replaces the cache, except for what changed after the list was taken. */
  applySnapshot(jobs: readonly Job[]): void;
  /**
   * The first screen of jobs, shown while the whole list is still on its way (10,000 jobs take
   * ten pages). Merged, never newer copies replaced; ignored once a snapshot is in.
   */
  applyPreview(jobs: readonly Job[]): void;
  /** A batch of events, in stream order, in one store update. */
  applyEvents(events: readonly CoreEvent[]): void;
}

/**
 * A cache of main's jobs, normalized by id and fed by the event stream after a snapshot
 * (events.ts): never a second truth. A job's `updatedAt` strictly increases, so an event older
 * than the copy the cache holds is stale and dropped.
 */
export function createJobsStore() {
  return createStore<JobsState>()((set, get) => ({
    byId: {},
    progress: {},
    loaded: false,
    complete: false,
    window: undefined,
    lists: 0,
    beginSnapshot: () => set({ window: { changed: new Map(), removed: new Set() } }),
    applySnapshot: (jobs) => {
      const { window, byId: current, progress } = get();
      const byId: Record<string, Job> = {};
      for (const job of jobs) byId[job.id] = job;
      if (window) {
        for (const [id, job] of window.changed) {
          const listed = byId[id];
          if (!listed || listed.updatedAt < job.updatedAt) byId[id] = job;
        }
        for (const id of window.removed) delete byId[id];
      } else {
        // Without a window, a job the cache holds newer than the list wins too.
        for (const job of Object.values(current)) {
          const listed = byId[job.id];
          if (listed && listed.updatedAt < job.updatedAt) byId[job.id] = job;
        }
      }
      const kept: Record<string, JobProgress> = {};
      for (const [id, value] of Object.entries(progress)) {
        const job = byId[id];
        if (job && ACTIVE_STATES.has(job.state)) kept[id] = value;
      }
      set({ byId, progress: kept, loaded: true, complete: true, window: undefined, lists: get().lists + 1 });
    },
    applyPreview: (jobs) => {
      const { complete, byId: current, window } = get();
      if (complete) return;
      const byId: Record<string, Job> = { ...current };
      for (const job of jobs) {
        const known = byId[job.id];
        // Removed while the preview was on its way: the stream said so after the list was taken.
        if (window?.removed.has(job.id)) continue;
        if (!known || known.updatedAt < job.updatedAt) byId[job.id] = job;
      }
      set({ byId, loaded: true, lists: get().lists + 1 });
    },
    applyEvents: (events) => {
      const state = get();
      let byId = state.byId;
      let progress = state.progress;
      const window = state.window;
      const ownById = () => {
        if (byId === state.byId) byId = { ...byId };
        return byId as Record<string, Job>;
      };
      const ownProgress = () => {
        if (progress === state.progress) progress = { ...progress };
        return progress as Record<string, JobProgress>;
      };
      for (const event of events) {
        switch (event.type) {
          case 'job-changed': {
            const known = byId[event.job.id];
            if (known && known.updatedAt > event.job.updatedAt) break;
            ownById()[event.job.id] = event.job;
            window?.changed.set(event.job.id, event.job);
            if (!ACTIVE_STATES.has(event.job.state) && progress[event.job.id])
              delete ownProgress()[event.job.id];
            break;
          }
          case 'jobs-removed':
            for (const id of event.ids) {
              if (byId[id]) delete ownById()[id];
              if (progress[id]) delete ownProgress()[id];
              window?.changed.delete(id);
              window?.removed.add(id);
            }
            break;
          case 'progress': {
            const job = byId[event.jobId];
            // Progress for a job that has stopped (or is unknown) is late: its job-changed came first.
            if (!job || !ACTIVE_STATES.has(job.state)) break;
            const { type: _type, jobId, ...rest } = event;
            ownProgress()[jobId] = rest;
            break;
          }
          case 'settings-changed':
            break;
        }
      }
      if (byId !== state.byId || progress !== state.progress) set({ byId, progress });
    },
  }));
}

export type JobsStore = ReturnType<typeof createJobsStore>;

const PRIORITY_RANK = new Map(PRIORITIES.map((priority, index) => [priority, index]));

/** Jobs in the order the engine runs them (priority, then queue position). */
export function orderJobs(byId: Readonly<Record<string, Job>>): Job[] {
  return Object.values(byId).sort(
    (a, b) =>
      (PRIORITY_RANK.get(a.priority) ?? 0) - (PRIORITY_RANK.get(b.priority) ?? 0) ||
      a.queueOrder - b.queueOrder ||
      a.createdAt - b.createdAt,
  );
}

const counted = new WeakMap<object, number>();

/**
 * How many jobs the cache holds, counted once per job list: selectors run on every progress
 * batch, and Object.keys over 10,000 jobs each frame is time a tick does not have.
 */
export function selectJobCount(state: Pick<JobsState, 'byId'>): number {
  let count = counted.get(state.byId);
  if (count === undefined) {
    count = Object.keys(state.byId).length;
    counted.set(state.byId, count);
  }
  return count;
}
