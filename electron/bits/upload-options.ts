import type { SessionState } from '../../shared/session-state.js';
import type { Clock } from './clock.js';
import type { FileSource } from './file-source.js';
import type { HttpTransport, Throttle } from './http/transport.js';
import type { JobAuth } from './origin-policy.js';
import type { ReplyLimits } from './reply/download-reply.js';
import type { UploadDigest } from './upload-digest.js';

export type UploadKind = 'upload' | 'upload-reply';

/** Windows never goes below 5 KB when a server answers 413 (§3.3). */
export const MIN_FRAGMENT_SIZE = 5 * 1024;
/** Sessions started over in a row without progress before we give up for this attempt. */
export const DEFAULT_MAX_SESSION_RESTARTS = 3;

export interface Timeouts {
  /** No request byte could be written for this long (MC-BUP: 2 min). */
  sendTimeoutMs: number;
  /** No response head this long after the request was sent (MC-BUP: 5 min; a final Ack can take minutes). */
  responseTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { sendTimeoutMs: 2 * 60_000, responseTimeoutMs: 5 * 60_000 };

export interface UploadProgress {
  phase: 'upload' | 'reply';
  /** Bytes the server acknowledged: the only progress we report for the upload. */
  acked: number;
  total: number;
  replyBytes?: number;
  replyTotal?: number;
}

export type SessionEvent =
  | { type: 'session-created'; sessionId: string; hostId?: string }
  | { type: 'session-restarted'; reason: string }
  | { type: 'resumed'; acked: number }
  | { type: 'fragment-size-reduced'; from: number; to: number }
  | { type: 'cursor-moved'; expected: number; cursor: number }
  | { type: 'host-fallback-armed'; deadline: number }
  | { type: 'host-fallback'; to: string }
  | { type: 'upload-complete'; replyUrl?: string }
  | { type: 'reply-saved'; path: string; bytes: number }
  | { type: 'closed' }
  | { type: 'warning'; message: string };

export interface UploadSessionOptions {
  url: string | URL;
  kind: UploadKind;
  file: FileSource;
  transport: HttpTransport;
  clock?: Clock;
  auth?: JobAuth;
  /** Where the reply is saved (upload-reply only): always a path the caller chose. */
  replyPath?: string;
  /** The reply's temp files carry the owner (the job id); overwrite: may replace an existing file. */
  replyFile?: { owner: string; overwrite: boolean };
  replyLimits?: Partial<ReplyLimits>;
  /** State from an earlier run of this job: resume instead of starting over. */
  state?: SessionState;
  /** A fixed fragment size; absent = automatic (about two seconds of sending per fragment). */
  fragmentSize?: number;
  maxSessionRestarts?: number;
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
  /** Called whenever the state changes in a way worth persisting (after every acknowledged fragment). */
  onCheckpoint?: (state: SessionState) => void | Promise<void>;
  /**
   * A fragment is about to go out (or goes again on a fresh connection): the re-send tally so far.
   * Checkpoints carry it too, but a fragment whose Ack is lost fails the attempt before any
   * checkpoint; the caller keeps the tally for the next attempt, or that fragment's second
   * sending would count as new.
   */
  onFragmentSent?: (tally: { sentEnd: number; resentBytes: number }) => void;
  onProgress?: (progress: UploadProgress) => void;
  /** Fragment body bytes handed to the socket so far in the current request (speed display). */
  onBodyProgress?: (sentInFragment: number) => void;
  /** The engine's bandwidth limit, applied to fragment bodies. */
  throttle?: Throttle;
  onEvent?: (event: SessionEvent) => void;
  /**
   * The file's SHA-256 as it streams (sent as Repr-Digest on Close-Session). Pass the same one to
   * every attempt of a job so bytes are hashed once; absent: a fresh one; false: no digest.
   */
  digest?: UploadDigest | false;
}

export interface UploadOutcome {
  state: SessionState;
  replyPath?: string;
  replyBytes?: number;
}
