/**
 * Everything a BITS upload session needs to resume after a crash or restart (§6.4, §9.3).
 * Plain data: the engine stores it after every acknowledged fragment.
 */
export interface SessionState {
  /** Opaque id from the Create-Session Ack, echoed byte-for-byte. */
  sessionId?: string;
  /** Raw BITS-Host-Id value of the farm node that holds the session. */
  hostId?: string;
  /** Seconds from BITS-Host-Id-Fallback-Timeout; absent means never fall back. */
  hostFallbackTimeoutSec?: number;
  /** Epoch ms when the host fallback timer fires; set when a request to the host fails. */
  hostFallbackDeadline?: number;
  /** True once the fallback fired: packets go to the original URL again. */
  hostFallenBack?: boolean;
  /** The server's cursor: bytes it has acknowledged. */
  acked: number;
  /**
   * The furthest cursor this upload ever reached, across session restarts: re-sending bytes a
   * lost session already had is not progress (bounds restart loops, drives no-progress timers).
   */
  bestAcked?: number;
  /** The furthest byte offset ever put in a fragment (across session restarts). */
  sentEnd?: number;
  /** Bytes sent again below `sentEnd`: what lost sessions, partial takes and replays cost. */
  resentBytes?: number;
  /** Identity of the source file when the session started. */
  fileSize: number;
  fileMtimeMs: number;
  /** The final Ack arrived: the server has the whole file. */
  uploadComplete: boolean;
  /** Raw BITS-Reply-URL from the final Ack (upload-reply). */
  replyUrl?: string;
  replyDone: boolean;
  /**
   * This job saved its reply at its reply path at least once (kept across session restarts):
   * when a server that lost the session makes the job upload again, the new reply may replace
   * the job's own earlier one, which is not a file "already there" for the no-clobber rule.
   */
  ownReplySaved?: boolean;
  /** Close-Session was sent at least once, so a later 0x8020001F to it means it already worked. */
  closeSent: boolean;
  /** Fragment size after 413 answers shrank it. */
  fragmentSize?: number;
  /** Sessions started over in a row without passing bestAcked (bounded per run). */
  restartsWithoutProgress: number;
  /** SHA-256 of the file (hex), known once the server has all of it; sent as Repr-Digest. */
  sha256?: string;
}

export function freshSessionState(fileSize: number, fileMtimeMs: number): SessionState {
  return {
    acked: 0,
    fileSize,
    fileMtimeMs,
    uploadComplete: false,
    replyDone: false,
    closeSent: false,
    restartsWithoutProgress: 0,
  };
}

/** Forgets the server-side session but keeps what we know about the file and our limits. */
export function restartedSessionState(previous: SessionState): SessionState {
  return {
    ...freshSessionState(previous.fileSize, previous.fileMtimeMs),
    fragmentSize: previous.fragmentSize,
    ownReplySaved: previous.ownReplySaved,
    bestAcked: Math.max(previous.bestAcked ?? 0, previous.acked),
    sentEnd: previous.sentEnd,
    resentBytes: previous.resentBytes,
    restartsWithoutProgress: previous.restartsWithoutProgress + 1,
  };
}
