import type { AuthStats, LegacyBasicAuth, ServerAuthOptions } from './auth/auth-options.js';
import type { ServerAuth } from './auth/server-auth.js';
import type { FaultController } from './faults.js';
import type { ReplyUrlStyle } from './paths.js';
import type { SessionStore, StorageMode } from './session-store.js';

export interface ReplyBuildInput {
  /** Decoded upload URL path. */
  urlPath: string;
  /** Where the upload was committed ('' in discard mode). */
  filePath: string;
  size: number;
  sha256: string;
}

export interface BitsServerOptions {
  /** Uploads land at path.join(root, decoded URL path). */
  root: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /**
   * PEM key and certificate: serve HTTPS instead of HTTP. With `clientCa`, a client certificate
   * issued by that CA is required (requestCert + rejectUnauthorized: the handshake is refused
   * without one).
   */
  tls?: {
    key: string;
    cert: string;
    clientCa?: string /** Highest TLS version offered (default: Node's, 1.3). */;
    maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  };
  /** Share another instance's store: that is how a second instance stands in for a farm node. */
  sessions?: SessionStore;
  /** If set, Create-Session Acks carry BITS-Host-Id: <hostId>. */
  hostId?: string;
  /** If set (and hostId set), Create-Session Acks carry BITS-Host-Id-Fallback-Timeout. */
  hostIdFallbackTimeoutSec?: number;
  /** A Fragment body larger than this gets 413 (lets clients shrink). Default unlimited. */
  maxFragmentBytes?: number;
  /** An entity larger than this gets 500 + 0x80200020. Default unlimited. */
  maxUploadBytes?: number;
  /** Default true; false: Create-Session on an existing destination gets 403 + 0x80070005. */
  allowOverwrites?: boolean;
  /**
   * How a full duplicate fragment (every byte already held, a replayed final fragment included)
   * is answered: 200 (default, usis, [REC]) or 416 with the cursor, as GoBITS and Transfer VM do
   * (§6.2); either carries the cached reply URL once the upload is complete.
   */
  duplicateStatus?: 200 | 416;
  /**
   * Connections do not survive an answer, although the answer does not say Connection: close:
   * the next request on a connection is reset unanswered, as by a server (or a proxy) that
   * closes after every answer without saying so. A client asking for Connection: close is
   * served normally.
   */
  closeSilently?: boolean;
  /**
   * Ignore Repr-Digest on Close-Session, as IIS and every other BITS server does: the benchmarks
   * measure the client's hashing, not the reference server re-reading the file to check it.
   */
  ignoreReprDigest?: boolean;
  /** Default true; false: 501 + 0x80070005 on every BITS_POST. */
  uploadsEnabled?: boolean;
  /** Default '/reply/': uploads whose decoded URL path starts with it are upload-reply sessions. */
  replyPathPrefix?: string;
  reply?: {
    /** Default 'iis-relative'. */
    urlStyle?: ReplyUrlStyle;
    /** How long the "server application" takes before the final Ack. */
    delayMs?: number;
    build?: (upload: ReplyBuildInput) => Buffer | string;
  };
  /**
   * Authentication on every request: one Basic account (the older form), or a scheme with its
   * accounts (Basic, Digest, NTLMv2, Negotiate), verified by the server's own code.
   */
  auth?: ServerAuthOptions | LegacyBasicAuth;
  /** discard: verify ranges and count bytes but write nothing (benchmarks with 4 GiB files). */
  storage?: StorageMode;
}

/** One request as the server saw it (pushed when the head arrives, completed as it is answered). */
export interface RequestLogEntry {
  connectionId: number;
  method: string;
  target: string;
  packetType?: string;
  headers: Array<[string, string]>;
  /** Body bytes read from the socket. */
  bodyBytes: number;
  /** Status answered; 0 while unanswered or when no answer was sent. */
  status: number;
  /** The session id sent by the client, or the one Create-Session issued. */
  sessionId?: string;
  /** The fault action that fired on this request, if any. */
  fault?: string;
}

export interface BitsServer {
  /** e.g. http://127.0.0.1:41234 (https:// with tls). */
  readonly origin: string;
  readonly port: number;
  /** origin + path (path may include a query string). */
  url(path: string): string;
  readonly sessions: SessionStore;
  readonly faults: FaultController;
  readonly log: RequestLogEntry[];
  /** Handshakes and refusals seen by the authentication gate (when auth is set). */
  readonly authStats?: AuthStats;
  /** Where a committed upload for that URL path lives on disk. */
  filePath(urlPath: string): string;
  close(): Promise<void>;
}

/** Options with defaults applied, plus the live state every handler needs. */
export interface ServerContext {
  readonly root: string;
  readonly options: BitsServerOptions;
  readonly storage: StorageMode;
  readonly replyPathPrefix: string;
  readonly sessions: SessionStore;
  readonly faults: FaultController;
  readonly log: RequestLogEntry[];
  readonly auth?: ServerAuth;
  /** Aborted by close(), so waits (stall, reply delay) end with the server. */
  readonly signal: AbortSignal;
  origin: string;
}
