import type { JobEvent } from '../../shared/jobs.js';
import type { JobRecord, JobStore } from '../store/index.js';

/** Timeline entries kept per job (the oldest are pruned): enough for days of retries' story. */
export const TIMELINE_LIMIT = 200;
/**
 * Prune every this many appends, down to TIMELINE_LIMIT minus this: at most the limit within
 * one run (a restart counts afresh, so at most PRUNE_EVERY more until the first prune).
 */
const PRUNE_EVERY = 25;

/**
 * Writes job changes to the store. If the database refuses (a full disk), the engine carries on
 * from memory; the job is rewritten whole at its next successful write, so memory and disk meet
 * again, and the refusal is kept for hosts to show.
 */
export class JobWriter {
  /** Jobs whose last write failed: rewritten whole at their next successful write. */
  private readonly unsaved = new Set<string>();
  private readonly timelineWrites = new Map<string, number>();
  /** The database's last refusal (a full disk); undefined while writes succeed. */
  lastError: string | undefined;

  constructor(private readonly store: JobStore) {}

  /** Runs `write` for `record` in one transaction (after catching up a job left unsaved); false if refused. */
  write(record: JobRecord, write: () => void): boolean {
    try {
      this.store.transaction(() => {
        if (this.unsaved.has(record.id)) {
          const { id: _id, damaged: _damaged, secretsUnreadable: unreadable, ...whole } = record;
          // Secrets that could not be read stay as stored (the right key may come back).
          for (const part of unreadable ?? []) delete whole[part];
          this.store.updateJob(record.id, whole);
        }
        write();
      });
      this.unsaved.delete(record.id);
      this.lastError = undefined;
      return true;
    } catch (error) {
      this.unsaved.add(record.id);
      this.lastError = (error as Error).message;
      return false;
    }
  }

  /** Appends to a job's timeline (inside write()), pruning now and then so it stays bounded. */
  appendTimeline(jobId: string, entry: Omit<JobEvent, 'id' | 'jobId'>): void {
    this.store.appendEvent({ jobId, ...entry });
    const count = (this.timelineWrites.get(jobId) ?? 0) + 1;
    this.timelineWrites.set(jobId, count);
    if (count % PRUNE_EVERY === 0) this.store.pruneEvents(jobId, TIMELINE_LIMIT - PRUNE_EVERY);
  }

  forget(jobId: string): void {
    this.unsaved.delete(jobId);
    this.timelineWrites.delete(jobId);
  }
}
