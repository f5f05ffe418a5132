import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { JobType } from '../../shared/jobs.js';
import {
  type DestinationSecrets,
  decodeDestinationSecrets,
  encodeDestinationSecrets,
} from './destination-secrets.js';
import { type DestinationTls, decodeDestinationTls, encodeDestinationTls } from './destination-tls.js';
import type { SecretBox } from './secret-box.js';
import type { StoreProblemHandler } from './store-problem.js';

/** A saved destination as stored, secrets included (they never leave the host process). */
export interface DestinationRecord extends DestinationSecrets, DestinationTls {
  id: string;
  name: string;
  url: string;
  type: JobType;
  fragmentSize?: number;
  createdAt: number;
  updatedAt: number;
  /** True when its secrets could not be read: it is listed, but it has none. */
  damaged?: boolean;
}

export type NewDestination = Omit<DestinationRecord, 'id' | 'createdAt' | 'updatedAt' | 'damaged'>;

export interface DestinationRepository {
  listDestinations(): DestinationRecord[];
  getDestination(id: string): DestinationRecord | undefined;
  findDestinationByName(name: string): DestinationRecord | undefined;
  /** Inserts (no id) or replaces (id) a destination; returns it as stored. */
  putDestination(destination: NewDestination & { id?: string }, now: number): DestinationRecord;
  deleteDestination(id: string): boolean;
}

interface DestinationRow {
  id: string;
  name: string;
  url: string;
  type: string;
  headers_json: string;
  credentials_json: string | null;
  fragment_size: number | null;
  tls_json: string | null;
  created_at: number;
  updated_at: number;
}

export function createDestinationRepository(
  db: Database,
  onProblem: StoreProblemHandler,
  box: SecretBox,
): DestinationRepository {
  const selectAll = db.prepare('SELECT * FROM destinations ORDER BY name COLLATE NOCASE, id');
  const selectOne = db.prepare('SELECT * FROM destinations WHERE id = ?');
  const selectByName = db.prepare('SELECT * FROM destinations WHERE name = ? COLLATE NOCASE');
  const insert = db.prepare(
    `INSERT INTO destinations (id, name, url, type, headers_json, credentials_json, fragment_size, tls_json, created_at, updated_at)
     VALUES (@id, @name, @url, @type, @headers_json, @credentials_json, @fragment_size, @tls_json, @created_at, @updated_at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, type = excluded.type,
       headers_json = excluded.headers_json, credentials_json = excluded.credentials_json,
       fragment_size = excluded.fragment_size, tls_json = excluded.tls_json, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM destinations WHERE id = ?');

  const decode = (row: DestinationRow): DestinationRecord => {
    const secrets = decodeDestinationSecrets(row.id, row, box)?.secrets;
    if (!secrets)
      onProblem({ table: 'destinations', key: row.id, fields: ['secrets'], action: 'default-used' });
    const tls = decodeDestinationTls(row.id, row.tls_json, box);
    if (!tls) onProblem({ table: 'destinations', key: row.id, fields: ['tls'], action: 'default-used' });
    const record: DestinationRecord = {
      id: row.id,
      name: row.name,
      url: row.url,
      type: row.type as JobType,
      headers: secrets?.headers ?? [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    if (secrets?.credentials) record.credentials = secrets.credentials;
    if (row.fragment_size !== null) record.fragmentSize = row.fragment_size;
    if (tls?.clientCert) record.clientCert = tls.clientCert;
    if (tls?.pins) record.pins = tls.pins;
    if (!secrets || !tls) record.damaged = true;
    return record;
  };
  const getDestination = (id: string) => {
    const row = selectOne.get(id) as DestinationRow | undefined;
    return row ? decode(row) : undefined;
  };

  sealPlainDestinations(db, box);

  return {
    listDestinations: () => (selectAll.all() as DestinationRow[]).map(decode),
    getDestination,
    findDestinationByName(name) {
      const row = selectByName.get(name) as DestinationRow | undefined;
      return row ? decode(row) : undefined;
    },
    putDestination(destination, now) {
      const id = destination.id ?? randomUUID();
      const existing = destination.id ? (selectOne.get(id) as DestinationRow | undefined) : undefined;
      insert.run({
        id,
        name: destination.name,
        url: destination.url,
        type: destination.type,
        ...encodeDestinationSecrets(id, destination, box),
        fragment_size: destination.fragmentSize ?? null,
        tls_json: encodeDestinationTls(id, destination, box),
        created_at: existing?.created_at ?? now,
        updated_at: now,
      });
      return getDestination(id)!;
    },
    deleteDestination: (id) => remove.run(id).changes > 0,
  };
}

/**
 * Seals destinations saved in plain text before sealing, in one transaction, then checkpoints
 * and truncates the WAL so (with secure_delete on) the plain text does not linger in the files.
 * Rows that cannot be read are left as they are; decode reports them.
 */
function sealPlainDestinations(db: Database, box: SecretBox): void {
  if (!box.available) return;
  const rows = db.prepare('SELECT id, headers_json, credentials_json FROM destinations').all() as Array<
    Pick<DestinationRow, 'id' | 'headers_json' | 'credentials_json'>
  >;
  const update = db.prepare('UPDATE destinations SET headers_json = ?, credentials_json = ? WHERE id = ?');
  let sealed = 0;
  db.transaction(() => {
    for (const row of rows) {
      const decoded = decodeDestinationSecrets(row.id, row, box);
      if (!decoded?.plain) continue;
      const columns = encodeDestinationSecrets(row.id, decoded.secrets, box);
      update.run(columns.headers_json, columns.credentials_json, row.id);
      sealed++;
    }
  })();
  if (sealed > 0 && db.pragma('journal_mode', { simple: true }) === 'wal')
    db.pragma('wal_checkpoint(TRUNCATE)');
}
