import type { Migration } from './migration.js';

/*
 * Saved destinations (issue 6). headers_json and credentials_json hold secrets exactly like the
 * jobs table's columns of the same names; destination-secrets.ts is the one place that encodes them.
 */
const SQL = `
CREATE TABLE destinations (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('upload', 'upload-reply')),
  headers_json TEXT NOT NULL DEFAULT '[]',
  credentials_json TEXT,
  fragment_size INTEGER CHECK (fragment_size IS NULL OR fragment_size >= 5120),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX destinations_name ON destinations (name COLLATE NOCASE);
`;

export const destinationsMigration: Migration = {
  version: 2,
  name: 'destinations',
  up(db) {
    db.exec(SQL);
  },
};
