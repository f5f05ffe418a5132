/** The persistence layer: SQLite through better-sqlite3, plus the data folder and its lock. */

export {
  DATA_DIR_ENV,
  DATABASE_FILE,
  type PreparedDataDir,
  prepareDataDir,
  REPLIES_DIR,
  type ResolveDataDirOptions,
  resolveDataDir,
} from './data-dir.js';
export {
  acquireDataDirLock,
  type DataDirLock,
  DataDirLockedError,
  LOCK_FILE,
  type LockOwner,
} from './data-dir-lock.js';
export type { DestinationRecord, NewDestination } from './destination-repository.js';
export { DEFAULT_EVENT_LIMIT } from './event-repository.js';
export { DEFAULT_LIST_LIMIT, type ListQuery, type ListSort, MAX_LIST_LIMIT } from './job-list-query.js';
export type { JobOptions, JobPatch, JobRecord } from './job-record.js';
export { createJobStore, type JobStore, type JobStoreOptions } from './job-store.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export {
  type OpenDatabaseOptions,
  type OpenedDatabase,
  openDatabase,
  type RecoveredDatabase,
} from './open-database.js';
export type { StoreProblem, StoreProblemHandler } from './store-problem.js';
