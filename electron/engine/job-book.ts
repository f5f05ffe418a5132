import type { CoreEvent, ProgressEvent } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import type { SessionState } from '../../shared/session-state.js';
import type { Clock } from '../bits/clock.js';
import { erasedSecrets, type JobRecord, type JobStore } from '../store/index.js';
import { EventCoalescer } from './event-coalescer.js';
import { isFinal, type JobEventType, transition } from './job-states.js';
import { toJob } from './job-view.js';
import { JobWriter } from './job-writer.js';
import { Subscribers } from './subscribers.js';

/** Progress events per job per second, at most (architecture: coalesce in main). */
const PROGRESS_INTERVAL_MS = 100;

/** mustSave: the change is the caller's request, so a refused write is their error, not carried from memory. */
export type SaveOptions = { mustSave?: boolean };

type TimelineExtra = { httpStatus?: number; code?: string; context?: number };

/**
 * The jobs the engine works with, and the one way they change: every change is written to the
 * store (with its timeline entry) before it is announced to subscribers, so a crash at any
 * point loses nothing but the request in flight, which the server's cursor recovers.
 */
export class JobBook {
  /** Every job that is not final, plus final ones whose Cancel-Session is still being delivered. */
  readonly jobs = new Map<string, JobRecord>();
  readonly progress: EventCoalescer<ProgressEvent>;
  private readonly writer: JobWriter;
  private readonly subscribers: Subscribers;
  /** Jobs announced as removed: no event about them may follow (a UI would show the row again). */
  private readonly removed = new Set<string>();

  constructor(
    private readonly store: JobStore,
    private readonly clock: Clock,
    warn: (message: string) => void = () => undefined,
  ) {
    this.writer = new JobWriter(store);
    this.subscribers = new Subscribers(warn);
    this.progress = new EventCoalescer(clock, PROGRESS_INTERVAL_MS, (event) => this.emit(event));
  }

  /** The database's last refusal (a full disk), for hosts to show; undefined while writes succeed. */
  get lastWriteError(): string | undefined {
    return this.writer.lastError;
  }

  subscribe(listener: (event: CoreEvent) => void): () => void {
    return this.subscribers.add(listener);
  }

  emit(event: CoreEvent): void {
    const jobId = event.type === 'job-changed' ? event.job.id : event.type === 'progress' ? event.jobId : '';
    if (this.removed.has(jobId)) return;
    this.subscribers.emit(event);
  }

  /** A job that is not final yet, or a plain error saying why there is none. */
  unfinished(id: string): JobRecord {
    const record = this.jobs.get(id);
    if (record && !isFinal(record.state)) return record;
    const stored = record ?? this.store.getJob(id);
    if (!stored) throw new CoreError('not-found', `There is no job ${id}.`);
    throw new CoreError('invalid-state', `The job “${toJob(stored).fileName}” is already ${stored.state}.`);
  }

  /** New jobs, written in one transaction with their first timeline entry, then announced. */
  insert(records: JobRecord[], now: number): void {
    this.store.transaction(() => {
      this.store.insertJobs(records);
      for (const record of records) {
        this.store.appendEvent({
          jobId: record.id,
          at: now,
          kind: 'state',
          state: record.state,
          message: 'Added',
        });
      }
    });
    for (const record of records) {
      this.jobs.set(record.id, record);
      this.emit({ type: 'job-changed', job: toJob(record) });
    }
  }

  /** Moves a job through the state machine, writing the change and its timeline entry first. */
  apply(
    record: JobRecord,
    event: JobEventType,
    message: string,
    patch: Partial<JobRecord> = {},
    options: SaveOptions = {},
  ): void {
    const result = transition(record.state, event);
    if (!result.ok) throw new CoreError('invalid-state', result.reason);
    const now = this.clock.now();
    const changed = result.state !== record.state;
    const update = { ...patch, state: result.state, updatedAt: this.stamp(record) };
    // A finished job needs its password and header values no more: erased in the same write
    // (a cancel that must still tell the server keeps them until CancelDelivery is done).
    if (isFinal(result.state) && !(patch.cancelPending ?? record.cancelPending))
      Object.assign(update, erasedSecrets({ ...record, ...patch }));
    const saved = this.writer.write(record, () => {
      this.store.updateJob(record.id, update);
      if (changed)
        this.writer.appendTimeline(record.id, { at: now, kind: 'state', state: result.state, message });
    });
    if (!saved && options.mustSave) throw this.notSaved(record);
    Object.assign(record, update);
    this.progress.flush(record.id);
    if (isFinal(record.state)) {
      this.progress.forget(record.id);
      if (!record.cancelPending) this.jobs.delete(record.id);
    }
    this.emit({ type: 'job-changed', job: toJob(record) });
  }

  /**
   * The per-fragment write: the session state and the server's cursor (plus `patch`), in one
   * small transaction, stamped like every other change. False if the database refused it.
   */
  checkpoint(record: JobRecord, session: SessionState, patch: Partial<JobRecord> = {}): boolean {
    const updatedAt = this.stamp(record);
    // Memory first: the server did acknowledge this, whether or not the disk takes the note.
    Object.assign(record, { session, bytesAcked: session.acked, updatedAt, ...patch });
    return this.writer.write(record, () => {
      this.store.saveCheckpoint(record.id, session, session.acked, updatedAt);
      if (Object.keys(patch).length > 0) this.store.updateJob(record.id, patch);
    });
  }

  /** Changes fields that are not the state (priority, queue position, settings). */
  patch(record: JobRecord, patch: Partial<JobRecord>, message?: string, options: SaveOptions = {}): void {
    const update = { ...patch, updatedAt: this.stamp(record) };
    const saved = this.writer.write(record, () => this.store.updateJob(record.id, update));
    if (!saved && options.mustSave) throw this.notSaved(record);
    Object.assign(record, update);
    if (message) this.timeline(record, 'info', message);
    this.emit({ type: 'job-changed', job: toJob(record) });
  }

  timeline(record: JobRecord, kind: 'info' | 'error', message: string, extra: TimelineExtra = {}): void {
    this.writer.write(record, () =>
      this.writer.appendTimeline(record.id, { at: this.clock.now(), kind, message, ...extra }),
    );
  }

  /** Removes finished jobs from the store and memory, and says so. */
  delete(ids: string[]): { removed: string[] } {
    if (ids.length === 0) return { removed: [] };
    this.store.deleteJobs(ids);
    for (const id of ids) {
      this.forget(id);
      this.removed.add(id);
    }
    this.emit({ type: 'jobs-removed', ids });
    return { removed: ids };
  }

  /** Drops a job from memory only (a cancelled job once the server has been told). */
  forget(id: string): void {
    this.jobs.delete(id);
    this.progress.forget(id);
    this.writer.forget(id);
  }

  /** A refused write of a change the caller asked for: it is not applied, and the caller is told. */
  private notSaved(record: JobRecord): CoreError {
    return new CoreError(
      'io',
      `The change to “${toJob(record).fileName}” could not be saved (${this.writer.lastError ?? 'the database refused it'}); nothing was changed.`,
      'Free some disk space where BITS Uploader keeps its data, then try again.',
    );
  }

  /**
   * A job's updatedAt for its next change: the clock, but always later than the last one, so
   * hosts can order a job's snapshots even when two changes land in the same millisecond.
   */
  private stamp(record: JobRecord): number {
    return Math.max(this.clock.now(), record.updatedAt + 1);
  }
}
