import { formatHresult } from '../../shared/bits-codes.js';
import type { Job, JobError } from '../../shared/jobs.js';
import type { BitsError } from '../bits/errors.js';
import type { JobRecord } from '../store/index.js';

export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The public view of a job: everything a host may show, nothing secret (no header values, no password). */
export function toJob(record: JobRecord): Job {
  return {
    id: record.id,
    type: record.type,
    state: record.state,
    priority: record.priority,
    filePath: record.filePath,
    fileName: fileNameOf(record.filePath),
    url: record.url,
    headerNames: record.headers.map(([name]) => name),
    hasCredentials: record.credentials !== undefined,
    replyPath: record.replyPath,
    holdCompletion: record.holdCompletion,
    bytesTotal: record.bytesTotal,
    bytesAcked: record.bytesAcked,
    replyBytes: record.replyBytes,
    sha256: record.session?.sha256,
    sessionId: record.session?.sessionId,
    serverHost: record.session?.hostId,
    fragmentSize: record.session?.fragmentSize ?? record.options.fragmentSize,
    bestAcked: record.session?.bestAcked,
    bytesResent: record.session?.resentBytes,
    attempts: record.attempts,
    nextRetryAt: record.nextRetryAt,
    // A copy: the caller (a subscriber, a host) must not reach into the engine's own record.
    error: record.error && structuredClone(record.error),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    completedAt: record.completedAt,
    queueOrder: record.queueOrder,
  };
}

const EVIDENCE_LIMIT = 4096;

/** A BitsError as stored with the job: bounded evidence, so a hostile server cannot bloat the database. */
export function toJobError(error: BitsError, at: number): JobError {
  const evidence = error.evidence;
  return {
    message: error.message,
    hint: error.hint,
    code: formatHresult(error.code),
    context: error.context,
    classification: error.classification,
    phase: error.phase,
    httpStatus: error.httpStatus,
    at,
    evidence: {
      request: evidence.request?.slice(0, EVIDENCE_LIMIT),
      statusLine: evidence.statusLine?.slice(0, 1024),
      headers: evidence.headers
        ?.slice(0, 64)
        .map(([name, value]) => [name.slice(0, 256), value.slice(0, 1024)]),
      body: evidence.body?.slice(0, EVIDENCE_LIMIT),
      detail: evidence.detail?.slice(0, 1024),
    },
  };
}
