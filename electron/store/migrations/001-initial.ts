import type { Migration } from './migration.js';

/*
 * The value lists are spelled out rather than imported from shared/jobs.ts on purpose: this text
 * describes the schema as released. A new state or priority needs a new migration (see the test
 * that compares these lists with shared/jobs.ts).
 */
export const INITIAL_JOB_STATES = [
  'queued',
  'connecting',
  'transferring',
  'suspended',
  'transient-error',
  'error',
  'transferred',
  'acknowledged',
  'cancelled',
] as const;
export const INITIAL_JOB_TYPES = ['upload', 'upload-reply'] as const;
export const INITIAL_PRIORITIES = ['foreground', 'high', 'normal', 'low'] as const;
export const INITIAL_EVENT_KINDS = ['state', 'error', 'info'] as const;

const list = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/*
 * file_name is the basename of file_path (either separator), computed by SQLite so it can never
 * drift from the path: rtrim() strips every trailing character that is not a separator, which
 * leaves the directory part; what follows it is the name. Indexed for the 'name' sort.
 */
const FILE_NAME = `substr(file_path, length(rtrim(file_path, replace(replace(file_path, '/', ''), '\\', ''))) + 1)`;

const SQL = `
CREATE TABLE jobs (
  id TEXT PRIMARY KEY NOT NULL,
  type TEXT NOT NULL CHECK (type IN (${list(INITIAL_JOB_TYPES)})),
  state TEXT NOT NULL CHECK (state IN (${list(INITIAL_JOB_STATES)})),
  priority TEXT NOT NULL CHECK (priority IN (${list(INITIAL_PRIORITIES)})),
  queue_order INTEGER NOT NULL,
  file_path TEXT NOT NULL,
  file_name TEXT GENERATED ALWAYS AS (${FILE_NAME}) VIRTUAL,
  url TEXT NOT NULL,
  headers_json TEXT NOT NULL DEFAULT '[]',
  credentials_json TEXT,
  reply_path TEXT,
  hold_completion INTEGER NOT NULL DEFAULT 0 CHECK (hold_completion IN (0, 1)),
  options_json TEXT NOT NULL DEFAULT '{}',
  bytes_total INTEGER NOT NULL CHECK (bytes_total >= 0),
  bytes_acked INTEGER NOT NULL DEFAULT 0 CHECK (bytes_acked >= 0),
  reply_bytes INTEGER,
  session_json TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_retry_at INTEGER,
  no_progress_since INTEGER,
  error_json TEXT,
  cancel_pending INTEGER NOT NULL DEFAULT 0 CHECK (cancel_pending IN (0, 1)),
  cancel_deadline INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  completed_at INTEGER
);
CREATE INDEX jobs_state ON jobs (state);
CREATE INDEX jobs_queue_order ON jobs (queue_order);
CREATE INDEX jobs_created_at ON jobs (created_at);
CREATE INDEX jobs_file_name ON jobs (file_name COLLATE NOCASE);
CREATE INDEX jobs_bytes_total ON jobs (bytes_total);

CREATE TABLE job_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN (${list(INITIAL_EVENT_KINDS)})),
  state TEXT CHECK (state IS NULL OR state IN (${list(INITIAL_JOB_STATES)})),
  message TEXT NOT NULL,
  http_status INTEGER,
  code TEXT,
  context INTEGER
);
CREATE INDEX job_events_job ON job_events (job_id, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value_json TEXT NOT NULL
);
`;

export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
