import type { Migration } from './migration.js';

/*
 * TLS settings of saved destinations: the client certificate's files, its passphrase (sealed
 * like a password) and pins of the server certificate, as one JSON column (destination-tls.ts
 * encodes it). NULL: none.
 */
export const destinationTlsMigration: Migration = {
  version: 4,
  name: 'destination-tls',
  up(db) {
    db.exec('ALTER TABLE destinations ADD COLUMN tls_json TEXT');
  },
};
