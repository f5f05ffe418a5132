import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { runMigrations, schemaVersion } from './migrate.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { moveDatabaseAside } from './move-aside.js';
import { ownerOnlyDatabase } from './owner-only.js';

export interface RecoveredDatabase {
  reason: 'corrupt' | 'newer';
  /** Where the old file (and its -wal/-shm) now is. */
  movedTo: string;
  /** A plain-language sentence or two for the user. */
  message: string;
}

export interface OpenedDatabase {
  db: Database;
  /** Set when the file at `path` could not be used and a fresh database took its place. */
  recovered?: RecoveredDatabase;
}

export interface OpenDatabaseOptions {
  /** Clock for the moved-aside file name. */
  now?: () => number;
  /**
   * better-sqlite3's compiled addon to load instead of the one in node_modules: the desktop app
   * in development loads an Electron-ABI copy, while node_modules keeps Node's for the tests.
   */
  nativeBinding?: string;
}

type Connect = (path: string, options?: Sqlite.Options) => Database;

type Problem = { reason: 'corrupt'; detail: string } | { reason: 'newer'; version: number };

/**
 * Opens (creating if needed) the job database: pragmas, integrity check, migrations. A damaged
 * file or one from a newer build is renamed aside, never deleted or written to, and a fresh
 * database is created in its place; `recovered` says what happened. The only `new Database()`.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const now = options.now ?? Date.now;
  const binding = options.nativeBinding;
  const connect: Connect = (file, extra = {}) =>
    new Sqlite(file, binding === undefined ? extra : { ...extra, nativeBinding: binding });
  if (path === ':memory:' || path === '') {
    const db = connect(path);
    configure(db, false);
    runMigrations(db);
    return { db };
  }
  // It holds credentials (sealed) and the user's file paths: owner-only before anything else.
  ownerOnlyDatabase(path);
  const early = existsSync(path) ? inspectReadOnly(path, connect) : 'ok';
  if (early !== 'ok' && early !== 'inconclusive') return recover(path, early, now(), connect);
  let db: Database | undefined;
  let problem: Problem | undefined;
  try {
    db = connect(path);
    db.pragma('busy_timeout = 5000');
    // Only when the read-only look failed (say a hot journal it could not roll back): look now,
    // before the first write.
    problem = early === 'inconclusive' ? inspect(db) : undefined;
    if (!problem) {
      configure(db, true);
      runMigrations(db);
      return { db };
    }
  } catch (error) {
    db?.close();
    if (!isCorruption(error)) throw error;
    problem = { reason: 'corrupt', detail: errorText(error) };
  }
  db?.close();
  return recover(path, problem, now(), connect);
}

function configure(db: Database, file: boolean): void {
  db.pragma('busy_timeout = 5000');
  if (file) db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
  // last commits, and the server's cursor is the truth for those anyway.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, not left in free space: an erased password or a
  // plain-text value replaced by its sealed form must not survive in the file.
  db.pragma('secure_delete = ON');
}

/*
 * A read-only connection never writes: no checkpoint on close, no header change. That matters for
 * a database from a newer build, which we promise to leave byte-for-byte as it was.
 */
function inspectReadOnly(path: string, connect: Connect): Problem | 'ok' | 'inconclusive' {
  let db: Database;
  try {
    db = connect(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    if (isCorruption(error)) return { reason: 'corrupt', detail: errorText(error) };
    return 'inconclusive';
  }
  try {
    return inspect(db) ?? 'ok';
  } catch {
    return 'inconclusive';
  } finally {
    db.close();
  }
}

/** Version first (a newer schema is not ours to judge), then PRAGMA quick_check. */
function inspect(db: Database): Problem | undefined {
  try {
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) return { reason: 'newer', version };
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const findings = rows.map((row) => row.quick_check);
    if (findings.length === 1 && findings[0] === 'ok') return undefined;
    return { reason: 'corrupt', detail: summarize(findings) };
  } catch (error) {
    if (isCorruption(error)) return { reason: 'corrupt', detail: errorText(error) };
    throw error;
  }
}

function recover(path: string, problem: Problem, at: number, connect: Connect): OpenedDatabase {
  let movedTo: string;
  try {
    movedTo = moveDatabaseAside(path, problem.reason, at);
  } catch (cause) {
    const why = problem.reason === 'corrupt' ? 'is damaged' : 'was made by a newer version of BITS Uploader';
    throw new Error(`The job database ${path} ${why} and could not be moved aside: ${errorText(cause)}`, {
      cause,
    });
  }
  ownerOnlyDatabase(path);
  const db = connect(path);
  try {
    configure(db, true);
    runMigrations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const message =
    problem.reason === 'corrupt'
      ? `The job database ${path} is damaged, so it could not be used. It was moved to ${movedTo} and a new, ` +
        `empty job list was started; nothing was deleted. (SQLite reported: ${problem.detail})`
      : `The job database ${path} was made by a newer version of BITS Uploader (schema ${problem.version}; ` +
        `this version knows up to ${SCHEMA_VERSION}). It was moved to ${movedTo} so this version can start; ` +
        'the newer version can still open it if you move it back.';
  return { db, recovered: { reason: problem.reason, movedTo, message } };
}

export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof Sqlite.SqliteError && typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function summarize(findings: string[]): string {
  const lines = findings
    .flatMap((finding) => finding.split('\n'))
    .filter((line) => line.trim() !== '' && !line.startsWith('***'));
  const shown = lines.slice(0, 3).join('; ');
  return lines.length > 3 ? `${shown}; and ${lines.length - 3} more problems` : shown;
}
