import type { Database, Statement } from 'better-sqlite3';
import { FINAL_STATES } from '../../shared/jobs.js';
import type { SessionState } from '../../shared/session-state.js';
import { FOLDED_CONTAINS, fold, type ListQuery, planList } from './job-list-query.js';
import type { JobPatch, JobRecord } from './job-record.js';
import { decodeJob, encodeJob, JOB_FIELD_NAMES, JOB_FIELDS, type JobRow, type SqlValue } from './job-row.js';
import { sealerFor } from './job-secrets.js';
import type { SecretBox } from './secret-box.js';
import type { StoreProblemHandler } from './store-problem.js';

export interface JobRepository {
  insertJobs(records: JobRecord[]): void;
  updateJob(id: string, patch: JobPatch): void;
  saveCheckpoint(id: string, session: SessionState, bytesAcked: number, at: number): void;
  getJob(id: string): JobRecord | undefined;
  listJobs(query: ListQuery): { records: JobRecord[]; total: number };
  loadUnfinished(): JobRecord[];
  deleteJobs(ids: string[]): number;
  orderBounds(): { min: number; max: number };
}

const FINAL_LIST = [...FINAL_STATES].map((state) => `'${state}'`).join(', ');

export function createJobRepository(
  db: Database,
  onProblem: StoreProblemHandler,
  box: SecretBox,
): JobRepository {
  db.function(FOLDED_CONTAINS, { deterministic: true }, (haystack, needle) =>
    typeof haystack === 'string' && typeof needle === 'string' && fold(haystack).includes(needle) ? 1 : 0,
  );

  const columns = ['id', ...JOB_FIELD_NAMES.map((name) => JOB_FIELDS[name].column)];
  // New rows are always sealed: plain-text secrets exist only in rows older than migration 2.
  const insert = db.prepare(
    `INSERT INTO jobs (${columns.join(', ')}, secrets_sealed) VALUES (${columns.map((column) => `@${column}`).join(', ')}, 1)`,
  );
  const insertMany = db.transaction((records: JobRecord[]) => {
    for (const record of records) insert.run(encodeJob(record, sealerFor(box, record.id)));
  });
  const checkpoint = db.prepare(
    'UPDATE jobs SET session_json = ?, bytes_acked = ?, updated_at = ? WHERE id = ?',
  );
  const selectOne = db.prepare('SELECT * FROM jobs WHERE id = ?');
  const selectUnfinished = db.prepare(
    `SELECT * FROM jobs WHERE state NOT IN (${FINAL_LIST}) OR cancel_pending = 1 ORDER BY queue_order, rowid`,
  );
  const deleteOne = db.prepare('DELETE FROM jobs WHERE id = ?');
  const deleteMany = db.transaction((ids: string[]) => {
    let deleted = 0;
    for (const id of ids) deleted += deleteOne.run(id).changes;
    return deleted;
  });
  const bounds = db.prepare(
    'SELECT coalesce(min(queue_order), 0) AS min, coalesce(max(queue_order), 0) AS max FROM jobs',
  );
  // One read transaction: a page and its total describe the same moment.
  const readPage = db.transaction((page: Statement, count: Statement, params: object) => {
    const rows = page.all(params) as JobRow[];
    const { total } = count.get(params) as { total: number };
    return { rows, total };
  });
  // Patches and list queries come in a handful of shapes; each shape is prepared once.
  const updates = new Map<string, Statement>();
  const lists = new Map<string, { page: Statement; count: Statement }>();

  // Each job's unreadable secrets are reported once per store, not on every list refresh.
  const reportedUnreadable = new Set<string>();
  const decode = (row: JobRow): JobRecord => {
    const { record, damaged, unreadable } = decodeJob(row, box);
    if (damaged.length > 0) {
      onProblem({ table: 'jobs', key: row.id, fields: damaged, action: 'job-marked-error' });
    }
    if (unreadable && !reportedUnreadable.has(row.id)) {
      reportedUnreadable.add(row.id);
      onProblem({
        table: 'jobs',
        key: row.id,
        fields: unreadable.parts,
        action: 'secrets-unreadable',
        detail: unreadable.detail,
      });
    }
    return record;
  };

  return {
    insertJobs(records) {
      insertMany(records);
    },

    updateJob(id, patch) {
      // Callers often patch with a spread of a whole record: its own id is harmless, another is a bug.
      const { id: ownId, ...rest } = patch as JobPatch & { id?: unknown };
      if (ownId !== undefined && ownId !== id)
        throw new TypeError(`updateJob: cannot change job ${id}'s id.`);
      const names = Object.keys(rest).sort() as Array<keyof JobPatch>;
      if (names.length === 0) return;
      const values: SqlValue[] = [];
      const seal = sealerFor(box, id);
      for (const name of names) {
        if (!Object.hasOwn(JOB_FIELDS, name)) {
          throw new TypeError(`updateJob: ${String(name)} is not a stored job field.`);
        }
        const field = JOB_FIELDS[name];
        const value = rest[name];
        if (value === undefined && !field.optional) {
          throw new TypeError(`updateJob: ${name} is required and cannot be cleared (job ${id}).`);
        }
        values.push(field.write(value, seal));
      }
      const key = names.join(',');
      let statement = updates.get(key);
      if (!statement) {
        const sets = names.map((name) => `${JOB_FIELDS[name].column} = ?`).join(', ');
        statement = db.prepare(`UPDATE jobs SET ${sets} WHERE id = ?`);
        updates.set(key, statement);
      }
      statement.run(...values, id);
    },

    saveCheckpoint(id, session, bytesAcked, at) {
      checkpoint.run(JSON.stringify(session), bytesAcked, at, id);
    },

    getJob(id) {
      const row = selectOne.get(id) as JobRow | undefined;
      return row ? decode(row) : undefined;
    },

    listJobs(query) {
      const plan = planList(query);
      let prepared = lists.get(plan.key);
      if (!prepared) {
        prepared = { page: db.prepare(plan.pageSql), count: db.prepare(plan.countSql) };
        lists.set(plan.key, prepared);
      }
      const { rows, total } = readPage(prepared.page, prepared.count, plan.params);
      return { records: rows.map(decode), total };
    },

    loadUnfinished() {
      return (selectUnfinished.all() as JobRow[]).map(decode);
    },

    deleteJobs(ids) {
      return ids.length === 0 ? 0 : deleteMany(ids);
    },

    orderBounds() {
      return bounds.get() as { min: number; max: number };
    },
  };
}
