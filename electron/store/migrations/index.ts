import { initialMigration } from './001-initial.js';
import { destinationsMigration } from './002-destinations.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first. The last version is the schema this build writes. */
export const MIGRATIONS: readonly Migration[] = [initialMigration, destinationsMigration];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
