import { initialMigration } from './001-initial.js';
import { sealedSecretsMigration } from './002-sealed-secrets.js';
import { destinationsMigration } from './003-destinations.js';
import { destinationTlsMigration } from './004-destination-tls.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first. The last version is the schema this build writes. */
export const MIGRATIONS: readonly Migration[] = [
  initialMigration,
  sealedSecretsMigration,
  destinationsMigration,
  destinationTlsMigration,
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
