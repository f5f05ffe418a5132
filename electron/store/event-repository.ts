import type { Database } from 'better-sqlite3';
import type { JobEvent, JobState } from '../../shared/jobs.js';

export interface EventRepository {
  appendEvent(event: Omit<JobEvent, 'id'>): void;
  listEvents(jobId: string, limit?: number): JobEvent[];
  pruneEvents(jobId: string, keep: number): void;
}

export const DEFAULT_EVENT_LIMIT = 200;

interface EventRow {
  id: number;
  job_id: string;
  at: number;
  kind: JobEvent['kind'];
  state: JobState | null;
  message: string;
  http_status: number | null;
  code: string | null;
  context: number | null;
}

export function createEventRepository(db: Database): EventRepository {
  /*
   * An event for a job that is already gone (removed while its upload was winding down) is
   * dropped rather than failing the foreign key: the engine should not crash over a timeline
   * nobody can see any more.
   */
  const insert = db.prepare(
    `INSERT INTO job_events (job_id, at, kind, state, message, http_status, code, context)
     SELECT @jobId, @at, @kind, @state, @message, @httpStatus, @code, @context
     WHERE EXISTS (SELECT 1 FROM jobs WHERE id = @jobId)`,
  );
  const newest = db.prepare(
    `SELECT * FROM (SELECT * FROM job_events WHERE job_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id`,
  );
  const prune = db.prepare(
    `DELETE FROM job_events WHERE job_id = @jobId AND id NOT IN
       (SELECT id FROM job_events WHERE job_id = @jobId ORDER BY id DESC LIMIT @keep)`,
  );

  return {
    appendEvent(event) {
      insert.run({
        jobId: event.jobId,
        at: event.at,
        kind: event.kind,
        state: event.state ?? null,
        message: event.message,
        httpStatus: event.httpStatus ?? null,
        code: event.code ?? null,
        context: event.context ?? null,
      });
    },

    listEvents(jobId, limit = DEFAULT_EVENT_LIMIT) {
      const rows = newest.all(jobId, Math.max(0, Math.trunc(limit))) as EventRow[];
      return rows.map(toEvent);
    },

    pruneEvents(jobId, keep) {
      prune.run({ jobId, keep: Math.max(0, Math.trunc(keep)) });
    },
  };
}

function toEvent(row: EventRow): JobEvent {
  const event: JobEvent = { id: row.id, jobId: row.job_id, at: row.at, kind: row.kind, message: row.message };
  if (row.state !== null) event.state = row.state;
  if (row.http_status !== null) event.httpStatus = row.http_status;
  if (row.code !== null) event.code = row.code;
  if (row.context !== null) event.context = row.context;
  return event;
}
