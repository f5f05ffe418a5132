import type { Database } from 'better-sqlite3';
import { createDestinationRepository, type DestinationRepository } from './destination-repository.js';
import { createEventRepository, type EventRepository } from './event-repository.js';
import { createJobRepository, type JobRepository } from './job-repository.js';
import { sealPlainOptionSecrets } from './option-secrets.js';
import { sealPlainSecrets } from './seal-plain-secrets.js';
import { ephemeralSecretBox, type SecretBox } from './secret-box.js';
import { createSettingsRepository, type SettingsRepository } from './settings-repository.js';
import type { StoreProblemHandler } from './store-problem.js';

/** The engine's one door to the database: jobs, their timelines, the settings and saved destinations. */
export interface JobStore extends JobRepository, EventRepository, SettingsRepository, DestinationRepository {
  /** Runs fn in one transaction (a savepoint when nested); fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface JobStoreOptions {
  /**
   * Told about rows the store could not read as saved (it marks such jobs as errors and falls
   * back to defaults for settings). Pass the host's logger; the default ignores them.
   */
  onProblem?: StoreProblemHandler;
  /**
   * Seals passwords and header values (createSecretBox over the data folder's key; see
   * key-store.ts). Without it a key for this process only is used: right for tests and tools
   * that never reopen the file, wrong for a host, whose jobs would need their secrets again.
   */
  secrets?: SecretBox;
}

/** Builds the store over a database from openDatabase(); every statement is prepared here, once. */
export function createJobStore(db: Database, options: JobStoreOptions = {}): JobStore {
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    // Without it deleting a job would leave its events behind: open through openDatabase().
    throw new Error('createJobStore needs a database with foreign_keys on; open it with openDatabase().');
  }
  const onProblem = options.onProblem ?? (() => {});
  const box = options.secrets ?? ephemeralSecretBox();
  // Rows from before sealed secrets get sealed now that the key is at hand.
  sealPlainSecrets(db, box);
  sealPlainOptionSecrets(db, box);
  return {
    ...createJobRepository(db, onProblem, box),
    ...createEventRepository(db),
    ...createSettingsRepository(db, onProblem, box),
    ...createDestinationRepository(db, onProblem, box),
    transaction(fn) {
      return db.transaction(fn)();
    },
    close() {
      if (db.open) db.close();
    },
  };
}
