import type { z } from 'zod';
import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { JobError, JobState, JobType, Priority } from '../../shared/jobs.js';
import type { JobOptions, JobRecord } from './job-record.js';
import { CredentialsSchema, HeadersSchema, JobErrorSchema, SessionStateSchema } from './job-schemas.js';
import {
  openSecrets,
  type Sealer,
  sealCredentials,
  sealHeaders,
  secretsError,
  type UnreadableSecrets,
} from './job-secrets.js';
import { openOptions, StoredJobOptionsSchema, sealOptions } from './option-secrets.js';
import type { SecretBox } from './secret-box.js';

export type SqlValue = string | number | null;

/** A `jobs` row as better-sqlite3 returns it (file_name is generated and never written). */
export interface JobRow {
  id: string;
  type: string;
  state: string;
  priority: string;
  queue_order: number;
  file_path: string;
  url: string;
  headers_json: string;
  credentials_json: string | null;
  reply_path: string | null;
  hold_completion: number;
  options_json: string;
  bytes_total: number;
  bytes_acked: number;
  reply_bytes: number | null;
  session_json: string | null;
  attempts: number;
  next_retry_at: number | null;
  no_progress_since: number | null;
  error_json: string | null;
  cancel_pending: number;
  cancel_deadline: number | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  /** 1 once headers_json values and the password are sealed (migration 2); 0: plain text, to seal at open. */
  secrets_sealed: number;
}

type FieldName = keyof Omit<JobRecord, 'id' | 'damaged' | 'secretsUnreadable'>;

interface Field {
  column: Exclude<keyof JobRow, 'id' | 'secrets_sealed'>;
  /** Whether undefined may be written (as NULL): the optional members of JobRecord. */
  optional: boolean;
  /** `seal` encrypts a secret value of this job (never written in plain text). */
  write(value: unknown, seal: Sealer): SqlValue;
}

const plain = (column: Field['column'], optional = false): Field => ({
  column,
  optional,
  write: (value) => (value === undefined ? null : (value as SqlValue)),
});
const flag = (column: Field['column']): Field => ({
  column,
  optional: false,
  write: (value) => (value ? 1 : 0),
});
const json = (column: Field['column'], optional = false): Field => ({
  column,
  optional,
  write: (value) => (value === undefined ? null : JSON.stringify(value)),
});

/** JobRecord member -> column; the single map used by insert, update and the tests. */
export const JOB_FIELDS: { readonly [K in FieldName]-?: Field } = {
  type: plain('type'),
  state: plain('state'),
  priority: plain('priority'),
  queueOrder: plain('queue_order'),
  filePath: plain('file_path'),
  url: plain('url'),
  headers: {
    column: 'headers_json',
    optional: false,
    write: (value, seal) => JSON.stringify(sealHeaders(value as Array<[string, string]>, seal)),
  },
  credentials: {
    column: 'credentials_json',
    optional: true,
    write: (value, seal) =>
      value === undefined
        ? null
        : JSON.stringify(sealCredentials(value as { user: string; password: string }, seal)),
  },
  replyPath: plain('reply_path', true),
  holdCompletion: flag('hold_completion'),
  options: {
    column: 'options_json',
    optional: false,
    write: (value, seal) => JSON.stringify(sealOptions(value as JobOptions, seal)),
  },
  bytesTotal: plain('bytes_total'),
  bytesAcked: plain('bytes_acked'),
  replyBytes: plain('reply_bytes', true),
  session: json('session_json', true),
  attempts: plain('attempts'),
  nextRetryAt: plain('next_retry_at', true),
  noProgressSince: plain('no_progress_since', true),
  error: json('error_json', true),
  cancelPending: flag('cancel_pending'),
  cancelDeadline: plain('cancel_deadline', true),
  createdAt: plain('created_at'),
  updatedAt: plain('updated_at'),
  completedAt: plain('completed_at', true),
};

export const JOB_FIELD_NAMES = Object.keys(JOB_FIELDS) as FieldName[];

/** The insert parameters of a record, keyed by column name (secrets sealed by `seal`). */
export function encodeJob(record: JobRecord, seal: Sealer): Record<string, SqlValue> {
  const row: Record<string, SqlValue> = { id: record.id };
  for (const name of JOB_FIELD_NAMES) {
    const field = JOB_FIELDS[name];
    row[field.column] = field.write(record[name], seal);
  }
  return row;
}

/** A record read back, plus the JSON columns that failed validation (empty when all is well). */
export interface DecodedJob {
  record: JobRecord;
  damaged: string[];
  /** Set when the row's sealed secrets could not be opened with `box`. */
  unreadable?: UnreadableSecrets;
}

/*
 * Damaged JSON is replaced by a harmless default and the job is shown in the error state with a
 * fatal error: the user sees it and can remove it, and the engine never runs a job whose headers
 * or credentials were lost. Scalar columns need no such care: NOT NULL and CHECK guard them.
 */
export function decodeJob(row: JobRow, box: SecretBox): DecodedJob {
  const damaged: string[] = [];
  const read = <T>(column: keyof JobRow, text: string | null, schema: z.ZodType<T>): T | undefined => {
    if (text === null) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON at all: reported below like any other invalid value.
    }
    damaged.push(column);
    return undefined;
  };
  const record: JobRecord = {
    id: row.id,
    type: row.type as JobType,
    state: row.state as JobState,
    priority: row.priority as Priority,
    queueOrder: row.queue_order,
    filePath: row.file_path,
    url: row.url,
    headers: read('headers_json', row.headers_json, HeadersSchema) ?? [],
    holdCompletion: row.hold_completion === 1,
    options: {},
    bytesTotal: row.bytes_total,
    bytesAcked: row.bytes_acked,
    attempts: row.attempts,
    cancelPending: row.cancel_pending === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  const storedOptions = read('options_json', row.options_json, StoredJobOptionsSchema);
  const openedOptions = storedOptions ? openOptions(row.id, storedOptions, box) : undefined;
  if (openedOptions) record.options = openedOptions.options;
  const credentials = read('credentials_json', row.credentials_json, CredentialsSchema);
  if (credentials) record.credentials = credentials;
  if (row.reply_path !== null) record.replyPath = row.reply_path;
  if (row.reply_bytes !== null) record.replyBytes = row.reply_bytes;
  const session = read('session_json', row.session_json, SessionStateSchema);
  if (session) record.session = session;
  if (row.next_retry_at !== null) record.nextRetryAt = row.next_retry_at;
  if (row.no_progress_since !== null) record.noProgressSince = row.no_progress_since;
  const error = read('error_json', row.error_json, JobErrorSchema);
  if (error) record.error = error;
  if (row.cancel_deadline !== null) record.cancelDeadline = row.cancel_deadline;
  if (row.completed_at !== null) record.completedAt = row.completed_at;
  let unreadable: UnreadableSecrets | undefined;
  if (row.secrets_sealed === 1) {
    const opened = openSecrets(row.id, record.headers, record.credentials, box);
    record.headers = opened.headers;
    if (opened.credentials) record.credentials = opened.credentials;
    else delete record.credentials;
    unreadable = opened.unreadable;
  }
  if (openedOptions?.unreadable && !unreadable) {
    // The proxy password or certificate passphrase: given again like the server's password.
    const reason = openedOptions.unreadable.reason;
    unreadable = { parts: ['credentials'], reason, detail: openedOptions.unreadable.message };
  }
  if (damaged.length > 0) {
    record.state = 'error';
    record.error = damagedJobError(damaged, row.updated_at);
    record.damaged = true;
  } else if (unreadable) {
    // Kept and shown, never run without them; a finished job keeps its state (nothing left to run).
    if (row.state !== 'acknowledged' && row.state !== 'cancelled') record.state = 'error';
    record.error = secretsError(unreadable, row.updated_at);
    record.secretsUnreadable = unreadable.parts;
  }
  return unreadable ? { record, damaged, unreadable } : { record, damaged };
}

function damagedJobError(columns: string[], at: number): JobError {
  const what = columns.map((column) => column.replace(/_json$/, '')).join(', ');
  return {
    message: `The saved details of this job are damaged (${what}), so it cannot run as it was.`,
    hint: 'Remove the job and add the file again.',
    code: formatHresult(HRESULT.E_FAIL),
    context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
    classification: 'fatal',
    phase: 'upload',
    at,
  };
}
