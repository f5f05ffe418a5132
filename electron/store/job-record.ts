import type { JobError, JobState, JobType, Priority, RetryPolicy } from '../../shared/jobs.js';
import type { SessionState } from '../../shared/session-state.js';

/**
 * Everything the engine keeps about one job, as stored in a `jobs` row. Unlike the shared `Job`
 * (what the UI sees) this carries header values, credentials and the resumable session.
 */
export interface JobRecord {
  id: string;
  type: JobType;
  state: JobState;
  priority: Priority;
  queueOrder: number;
  filePath: string;
  url: string;
  headers: Array<[string, string]>;
  credentials?: { user: string; password: string };
  replyPath?: string;
  holdCompletion: boolean;
  options: JobOptions;
  bytesTotal: number;
  bytesAcked: number;
  replyBytes?: number;
  session?: SessionState;
  attempts: number;
  nextRetryAt?: number;
  noProgressSince?: number;
  error?: JobError;
  cancelPending: boolean;
  cancelDeadline?: number;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
  /** Read back from a row whose JSON failed validation: shown in error, never run again. Not stored. */
  damaged?: boolean;
  /**
   * Secrets of this row that could not be opened (no key, another key, a damaged value): the
   * job is shown in error and must not run until they are given again (engine.update). Not stored.
   */
  secretsUnreadable?: Array<'credentials' | 'headers'>;
}

/** Per-job overrides of the global settings. */
export interface JobOptions {
  retry?: Partial<RetryPolicy>;
  fragmentSize?: number;
  /** PEM file of extra trusted CA certificates for this job's server (absolute path). */
  caFile?: string;
  /** The user allowed the reply to replace a file already at its path. */
  overwriteReply?: boolean;
  /** The job's own proxy URL (without credentials) or "direct". */
  proxy?: string;
  proxyCredentials?: { user: string; password: string };
  /** A PAC file (URL, or absolute path) choosing the proxy when `proxy` is not set. */
  proxyPac?: string;
  /** TLS client certificate (absolute paths); the passphrase is sealed at rest. */
  clientCert?: { certFile?: string; keyFile?: string; pfxFile?: string; passphrase?: string };
  /** SHA-256 pins of the server certificate (AB:CD:... form). */
  pins?: string[];
}

export type JobPatch = Partial<Omit<JobRecord, 'id' | 'damaged' | 'secretsUnreadable'>>;
