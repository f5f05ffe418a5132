import Sqlite from 'better-sqlite3';

/** A job's secret columns exactly as stored, read over a separate read-only connection. */
export function rawSecretColumns(
  dbPath: string,
  id: string,
): { headers_json: string; credentials_json: string | null } | undefined {
  const db = new Sqlite(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT headers_json, credentials_json FROM jobs WHERE id = ?').get(id) as never;
  } finally {
    db.close();
  }
}
