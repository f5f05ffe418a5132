import type { CertificateSummary } from './tls-dial.js';

/**
 * The HTTP port the protocol layer talks through. The real implementation
 * (node-transport.ts) keeps one keep-alive connection per origin; tests use a
 * scripted stack (scripted-transport.ts) that hands each request to the test.
 */

/** A request body streamed in chunks, so a fragment never has to sit in memory whole. */
export interface RequestBody {
  readonly length: number;
  chunks(): AsyncIterable<Uint8Array>;
  /**
   * Called once a chunk has been handed to the operating system, so its buffer can be reused:
   * recycling keeps a gigabyte upload from allocating a gigabyte (and the GC work that costs).
   */
  release?(chunk: Uint8Array): void;
}

export interface HttpRequest {
  method: string;
  url: URL;
  /** Header lines in send order. Host, Content-Length and Connection are added by the transport. */
  headers: Array<[string, string]>;
  body?: RequestBody;
  /** Abort when no request byte could be written for this long. */
  sendTimeoutMs: number;
  /** Abort when the response head has not arrived this long after the request was sent. */
  responseTimeoutMs: number;
  /** Called as body bytes are handed to the socket (for speed display). */
  onBodyProgress?: (bytesSent: number) => void;
  /** The bandwidth limit: while it is active, body bytes go out in small slices, each awaited. */
  throttle?: Throttle;
  signal?: AbortSignal;
  /**
   * Safe to send twice (Ping, GET, HEAD, a Fragment): only such a request is re-sent silently
   * when a reused keep-alive connection turns out to be dead before answering. Anything else
   * surfaces the failure, so a Close-Session whose answer was lost is never re-sent behind the
   * session runner's back.
   */
  idempotent?: boolean;
  /**
   * A small request that may stand in for this one to authenticate a connection (a Ping for a
   * Fragment): a 401 is never answered by sending a large body a second time blindly.
   */
  authProbe?: HttpRequest;
}

/** Which connection carried an answer: connection-bound auth (NTLM, Negotiate) is tied to it. */
export interface ConnectionInfo {
  /** Unique within one transport. */
  id: number;
  /** Whether it had carried an earlier request. */
  reused: boolean;
}

export interface Throttle {
  /** Whether a limit is set right now (it can change while a request is being sent). */
  active(): boolean;
  /** Waits until `bytes` more may be sent. */
  consume(bytes: number): Promise<void>;
  /** The limit in bytes per second (shared by all transfers), to size the first fragment. */
  limitBps?(): number;
}

/** Response headers with case-insensitive lookup; the raw list keeps the server's spelling. */
export class HeaderBag {
  readonly raw: ReadonlyArray<readonly [string, string]>;
  private readonly byName = new Map<string, string>();

  constructor(raw: ReadonlyArray<readonly [string, string]>) {
    this.raw = raw;
    for (const [name, value] of raw) {
      const key = name.toLowerCase();
      // First occurrence wins: duplicate BITS headers are suspicious and the first is what IIS sends.
      if (!this.byName.has(key)) this.byName.set(key, value);
    }
  }

  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }
}

export interface HttpResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: HeaderBag;
  /** Reads the body, failing with ResponseTooLargeError past `limit` bytes. */
  readBody(limit: number): Promise<Buffer>;
  /** Streams the body; the consumer must read to the end or call discard(). */
  body(): AsyncIterable<Uint8Array>;
  /** Throws the rest of the body away (closing the connection if it is large or endless). */
  discard(): Promise<void>;
  /** The connection that carried this exchange, when the transport can tell. */
  connection?: ConnectionInfo;
  /**
   * On a 401 handed back after credentials were tried: what was tried, in order, and how each
   * failed ("Kerberos: no Kerberos ticket ...", "NTLM inside Negotiate as ann was refused").
   */
  authAttempts?: readonly string[];
}

export interface TlsOptions {
  /** Extra PEM certificate authorities trusted on top of the system store. */
  ca?: string;
  /** Client certificate: PEM certificate and key, or a PKCS#12 bundle (pfx), and its passphrase. */
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
  /** SHA-256 pins (AB:CD:...) of the server's certificate: the leaf must be one of them. */
  pins?: readonly string[];
}

export interface HttpTransport {
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Drops the pooled connection to this origin, so the next request dials afresh. */
  resetConnection(origin: string): void;
  /**
   * The id of the idle keep-alive connection the next request to this URL's origin would reuse,
   * or undefined when it would open a new one (or the transport cannot tell).
   */
  idleConnection?(url: URL): number | undefined;
  /** Closes every connection; the transport is unusable afterwards. */
  close(): void;
}

/** Failure of the HTTP exchange itself (no usable response). */
export class TransportError extends Error {
  constructor(
    readonly kind:
      | 'connect' // DNS, refused, unreachable
      | 'tls' // handshake or certificate failure
      | 'reset' // connection closed or reset before a full response
      | 'send-timeout'
      | 'response-timeout'
      | 'malformed' // the response could not be parsed as HTTP
      | 'too-large' // header block or body over its bound
      | 'proxy' // the proxy in between failed us (details.proxy says how)
      | 'auth' // the server failed to prove who it is (Kerberos mutual authentication)
      | 'aborted',
    message: string,
    readonly details: {
      code?: string;
      evidence?: string;
      cause?: unknown;
      proxy?: ProxyFailure;
      /** The server certificate a TLS failure was about. */
      certificate?: CertificateSummary;
      /** Whether we offered a client certificate (for TLS failures). */
      clientCert?: boolean;
      /** The client certificate the server asked for and got, when a TLS failure is about it. */
      clientCertificate?: CertificateSummary;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'TransportError';
  }
}

/** How a proxy failed: the words of every message about it. */
export interface ProxyFailure {
  /** The proxy as shown to people: scheme, host and port, never credentials (or the PAC file). */
  proxy: string;
  cause:
    | 'unreachable'
    | 'auth-required'
    | 'auth-refused'
    | 'auth-unsupported'
    | 'connect-refused'
    | 'timeout'
    | 'bad-gateway'
    | 'pac-unavailable' // the PAC file could not be read or fetched
    | 'pac-broken'; // the PAC script fails or chooses nothing usable
  /** What exactly happened (an error code, the proxy's status line). */
  detail: string;
  /** The proxy's own answer (407, 403, 502 ...), when it sent one. */
  status?: number;
  statusLine?: string;
}
