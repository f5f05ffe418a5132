/**
 * HRESULTs and error contexts of the BITS protocol (bits-protocol.md §5), shared by the
 * protocol client, the engine and the UI. Pure data: no I/O.
 */

export const UPLOAD_PROTOCOL_GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

export const HRESULT = {
  E_INVALIDARG: 0x80070057,
  E_ACCESSDENIED: 0x80070005,
  ERROR_DISK_FULL: 0x80070070,
  /** MC-BUP prints this for disk-full (and for notification timeouts); treat as disk-full. */
  ERROR_DISK_FULL_AS_PRINTED: 0x80070112,
  BG_E_NETWORK_DISCONNECTED: 0x80200010,
  BG_E_MISSING_FILE_SIZE: 0x80200011,
  BG_E_INSUFFICIENT_HTTP_SUPPORT: 0x80200012,
  BG_E_INSUFFICIENT_RANGE_SUPPORT: 0x80200013,
  BG_E_INVALID_SERVER_RESPONSE: 0x8020001b,
  BG_E_LOCAL_FILE_CHANGED: 0x8020001d,
  BG_E_ERROR_CONTEXT_REMOTE_APPLICATION: 0x8020001e,
  BG_E_SESSION_NOT_FOUND: 0x8020001f,
  BG_E_TOO_LARGE: 0x80200020,
  BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH: 0x80200022,
  BG_E_SERVER_EXECUTE_ENABLED: 0x80200023,
  BG_E_NO_PROGRESS: 0x80200024,
  BG_E_CONNECT_FAILURE: 0x8020002d,
  BG_E_CONNECTION_CLOSED: 0x8020002e,
  BG_E_INVALID_CREDENTIALS: 0x80200040,
  /** Our own: a network request timed out (WinHTTP's ERROR_WINHTTP_TIMEOUT as an HRESULT). */
  ERROR_WINHTTP_TIMEOUT: 0x80072ee2,
  /** Our own: TLS failure (WinHTTP's ERROR_WINHTTP_SECURE_FAILURE as an HRESULT). */
  ERROR_WINHTTP_SECURE_FAILURE: 0x80072f8f,
  /** Our own: the local file could not be read or the reply could not be written. */
  E_FAIL: 0x80004005,
  E_ABORT: 0x80004004,
} as const;

/** BG_ERROR_CONTEXT values (§5.3). */
export const ERROR_CONTEXT = {
  NONE: 0,
  UNKNOWN: 1,
  GENERAL_QUEUE_MANAGER: 2,
  QUEUE_MANAGER_NOTIFICATION: 3,
  LOCAL_FILE: 4,
  REMOTE_FILE: 5,
  GENERAL_TRANSPORT: 6,
  REMOTE_APPLICATION: 7,
} as const;

/** BITS reports an HTTP failure status N as 0x80190000 + N (BG_E_HTTP_ERROR_xxx, §5.6). */
export function httpStatusToHresult(status: number): number {
  return (0x80190000 + status) >>> 0;
}

/** Formats an HRESULT the way the protocol sends it: 0x + 8 upper-case hex digits. */
export function formatHresult(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * Parses an HRESULT or context tolerantly (§5.2): trims, strips an optional 0x / x prefix and
 * reads hex case-insensitively into an unsigned 32-bit value. Returns undefined for garbage.
 */
export function parseHresult(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim().replace(/^0?x/i, '');
  if (!/^[0-9a-f]{1,8}$/i.test(text)) return undefined;
  return Number.parseInt(text, 16) >>> 0;
}
