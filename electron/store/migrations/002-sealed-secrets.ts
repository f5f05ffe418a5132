import type { Migration } from './migration.js';

/*
 * Secrets at rest: from this version on, header values and passwords in jobs are sealed
 * (AES-256-GCM, key outside the database). Rows written before it hold them in plain text and
 * are marked 0 here; sealing needs the key, which SQL does not have, so sealPlainSecrets() does
 * it when the store opens with its key (and again at every open until none is left).
 */
export const sealedSecretsMigration: Migration = {
  version: 2,
  name: 'sealed-secrets',
  up(db) {
    db.exec(
      'ALTER TABLE jobs ADD COLUMN secrets_sealed INTEGER NOT NULL DEFAULT 0 CHECK (secrets_sealed IN (0, 1))',
    );
  },
};
