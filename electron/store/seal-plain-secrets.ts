import type { Database } from 'better-sqlite3';
import { CredentialsSchema, HeadersSchema } from './job-schemas.js';
import { sealCredentials, sealerFor, sealHeaders } from './job-secrets.js';
import type { SecretBox } from './secret-box.js';

interface PlainRow {
  id: string;
  headers_json: string;
  credentials_json: string | null;
}

/**
 * Seals the secrets of rows written before migration 2 (plain text), in one transaction, then
 * checkpoints the WAL into the database and truncates it: with secure_delete on (openDatabase),
 * the plain text is overwritten in the file rather than left in free space or old WAL frames.
 * Rows whose JSON is damaged are left to decodeJob, which shows them failed. Returns the count.
 */
export function sealPlainSecrets(db: Database, box: SecretBox): number {
  if (!box.available) return 0;
  const rows = db
    .prepare('SELECT id, headers_json, credentials_json FROM jobs WHERE secrets_sealed = 0')
    .all() as PlainRow[];
  if (rows.length === 0) return 0;
  const update = db.prepare(
    'UPDATE jobs SET headers_json = ?, credentials_json = ?, secrets_sealed = 1 WHERE id = ?',
  );
  let sealed = 0;
  db.transaction(() => {
    for (const row of rows) {
      const headers = parse(row.headers_json, HeadersSchema);
      const credentials =
        row.credentials_json === null ? null : parse(row.credentials_json, CredentialsSchema);
      if (headers === undefined || credentials === undefined) continue;
      const seal = sealerFor(box, row.id);
      update.run(
        JSON.stringify(sealHeaders(headers, seal)),
        credentials === null ? null : JSON.stringify(sealCredentials(credentials, seal)),
        row.id,
      );
      sealed++;
    }
  })();
  if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
  return sealed;
}

function parse<T>(
  text: string,
  schema: { safeParse(value: unknown): { success: boolean; data?: T } },
): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
