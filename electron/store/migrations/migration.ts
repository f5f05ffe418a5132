import type { Database } from 'better-sqlite3';

/**
 * One schema step. Versions are 1, 2, 3, ... and become PRAGMA user_version once `up` commits.
 * A migration is frozen once released: write a new one instead of editing it.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
