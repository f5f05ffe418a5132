import { JOB_STATES, type JobState } from '../../shared/jobs.js';

export type ListSort = 'queue' | 'created' | 'name' | 'size' | 'progress' | 'state';

export interface ListQuery {
  states?: JobState[];
  /** Case-insensitive substring of the file path or the URL, taken literally (no wildcards). */
  search?: string;
  sort?: ListSort;
  direction?: 'asc' | 'desc';
  offset?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

/** Name of the SQL function createJobStore registers for searches LIKE cannot fold. */
export const FOLDED_CONTAINS = 'bits_folded_contains';

/** Lower-case, NFC: macOS hands out decomposed names, people type composed ones. */
export function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/*
 * rowid breaks ties in the primary key's direction, so paging is stable and the single-column
 * indexes (which end in rowid) can deliver the order without sorting.
 */
const STATE_RANK = `CASE state ${JOB_STATES.map((state, rank) => `WHEN '${state}' THEN ${rank}`).join(' ')} END`;
const ORDER: Record<ListSort, string> = {
  queue: 'queue_order',
  created: 'created_at',
  name: 'file_name COLLATE NOCASE',
  size: 'bytes_total',
  progress: 'bytes_acked * 1.0 / max(bytes_total, 1)',
  state: STATE_RANK,
};

type SearchMode = 'none' | 'like' | 'folded';

/** SQL text and parameters of one page and its total; the SQL depends only on the query's shape. */
export interface ListPlan {
  key: string;
  pageSql: string;
  countSql: string;
  params: Record<string, string | number>;
}

export function planList(query: ListQuery): ListPlan {
  const sort = query.sort && query.sort in ORDER ? query.sort : 'queue';
  const direction = query.direction === 'desc' ? 'DESC' : 'ASC';
  const limit = clampInt(query.limit, DEFAULT_LIST_LIMIT, 0, MAX_LIST_LIMIT);
  const offset = clampInt(query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const params: Record<string, string | number> = { limit, offset };
  const where: string[] = [];

  const states = query.states;
  if (states) {
    // One bound JSON array keeps one statement for any number of states.
    where.push('state IN (SELECT value FROM json_each(@states))');
    params.states = JSON.stringify(states);
  }
  let search: SearchMode = 'none';
  const needle = query.search?.trim() ?? '';
  if (needle !== '') {
    // LIKE folds ASCII only; anything else goes through the registered JS function.
    if (/^[\x20-\x7e]*$/.test(needle)) {
      search = 'like';
      where.push("(file_path LIKE @pattern ESCAPE '\\' OR url LIKE @pattern ESCAPE '\\')");
      params.pattern = `%${needle.replace(/[\\%_]/g, '\\$&')}%`;
    } else {
      search = 'folded';
      where.push(`(${FOLDED_CONTAINS}(file_path, @needle) OR ${FOLDED_CONTAINS}(url, @needle))`);
      params.needle = fold(needle);
    }
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return {
    key: `${states ? 's' : '-'}|${search}|${sort}|${direction}`,
    // Sort keys and rowids first, whole rows only for the page: sorting thousands of full rows
    // for a sort without an index (progress, state) costs several times more.
    pageSql:
      `SELECT jobs.* FROM (SELECT rowid AS r, ${ORDER[sort]} AS k FROM jobs ${whereSql} ` +
      `ORDER BY k ${direction}, r ${direction} LIMIT @limit OFFSET @offset) AS page ` +
      `CROSS JOIN jobs ON jobs.rowid = page.r ORDER BY page.k ${direction}, page.r ${direction}`,
    countSql: `SELECT count(*) AS total FROM jobs ${whereSql}`,
    params,
  };
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
