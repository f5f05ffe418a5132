import { STATUS_CODES } from 'node:http';

/** HRESULTs this server sends (protocol doc §5.4). */
export const HRESULT = {
  none: 0x00000000,
  invalidArg: 0x80070057,
  accessDenied: 0x80070005,
  sessionNotFound: 0x8020001f,
  tooLarge: 0x80200020,
  diskFull: 0x80070070,
  fail: 0x80004005,
} as const;

/** BG_ERROR_CONTEXT values a server sends: its own errors, or the server application's. */
export const CONTEXT = { server: '0x5', application: '0x7' } as const;

/** `0x` + 8 upper-case hex digits, the [REC] form of §5.2. */
export function formatHresult(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

export interface Ack {
  status: number;
  /** Echoed on every Ack except Ping's. */
  sessionId?: string;
  /** BITS-Received-Content-Range (Fragment Acks). */
  cursor?: number;
  replyUrl?: string;
  error?: { code: string; context: string };
  /** Packet-specific headers, in order (BITS-Protocol, Accept-Encoding, host id ...). */
  headers?: Array<[string, string]>;
  /** Reason phrase instead of the standard one (latin1; a fault may make it hostile). */
  reason?: string;
}

/** Deliberate deviations used by fault injection; all off for a conformant Ack. */
export interface AckStyle {
  lowercase?: boolean;
  errorOnly?: boolean;
  misspelledCursor?: boolean;
  omitSessionId?: boolean;
  close?: boolean;
}

export function errorAck(
  status: number,
  code: number,
  sessionId?: string,
  context: string = CONTEXT.server,
): Ack {
  return { status, sessionId, error: { code: formatHresult(code), context } };
}

export function statusLine(status: number, reason?: string): string {
  return `HTTP/1.1 ${status} ${reason ?? STATUS_CODES[status] ?? 'Unknown'}\r\n`;
}

/** Serialises a head: status line, header lines, blank line. */
export function renderHead(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  reason?: string,
): Buffer {
  let text = statusLine(status, reason);
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  return Buffer.from(`${text}\r\n`, 'latin1');
}

export function ackHeaders(ack: Ack, style: AckStyle = {}): Array<[string, string]> {
  const headers: Array<[string, string]> = [['BITS-Packet-Type', style.lowercase ? 'ack' : 'Ack']];
  if (ack.sessionId !== undefined && !style.omitSessionId) headers.push(['BITS-Session-Id', ack.sessionId]);
  if (ack.headers) headers.push(...ack.headers);
  if (ack.cursor !== undefined) {
    const name = style.misspelledCursor ? 'BITS-Recieved-Content-Range' : 'BITS-Received-Content-Range';
    headers.push([name, String(ack.cursor)]);
  }
  if (ack.replyUrl !== undefined) headers.push(['BITS-Reply-URL', ack.replyUrl]);
  if (ack.error) {
    // [REC] §5.1: both names with identical values, unless a fault asks for the MC-BUP name only.
    if (!style.errorOnly) headers.push(['BITS-Error-Code', ack.error.code]);
    headers.push(['BITS-Error', ack.error.code]);
    headers.push(['BITS-Error-Context', ack.error.context]);
  }
  headers.push(['Content-Length', '0']);
  if (style.close) headers.push(['Connection', 'close']);
  return style.lowercase ? headers.map(([n, v]) => [n.toLowerCase(), v]) : headers;
}

export function renderAck(ack: Ack, style: AckStyle = {}): Buffer {
  return renderHead(ack.status, ackHeaders(ack, style), ack.reason);
}

/** A bodiless non-BITS answer (401, 404, 405 ...). */
export function renderPlain(
  status: number,
  extra: Array<[string, string]> = [],
  close = false,
  reason?: string,
): Buffer {
  const headers: Array<[string, string]> = [...extra, ['Content-Length', '0']];
  if (close) headers.push(['Connection', 'close']);
  return renderHead(status, headers, reason);
}
