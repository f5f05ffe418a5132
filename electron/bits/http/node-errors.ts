import { TransportError } from './transport.js';

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
]);

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Printable excerpt of raw bytes a server sent, for error evidence (bounded, control chars escaped). */
export function evidenceOf(raw: Uint8Array | undefined, limit = 512): string | undefined {
  if (!raw || raw.length === 0) return undefined;
  const text = Buffer.from(raw.subarray(0, limit)).toString('latin1');
  const escaped = text.replace(
    /[\x00-\x08\x0b-\x1f\x7f-\xff]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return raw.length > limit ? `${escaped}... (${raw.length} bytes)` : escaped;
}

function isTlsError(code: string | undefined, message: string): boolean {
  if (!code) return /certificate|ssl|tls/i.test(message);
  return (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' ||
    code === 'EPROTO'
  );
}

/** Maps a node:http client error to a TransportError kind the protocol layer can classify. */
export function classifyNodeError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  request: string,
): TransportError {
  // Already classified where it happened (a proxy's failure, from proxy-tunnel.ts).
  if (error instanceof TransportError) return error;
  const code = error.code;
  const details = { code, cause: error, evidence: evidenceOf(error.rawPacket) };
  if (error.name === 'AbortError' || code === 'ABORT_ERR') {
    return new TransportError('aborted', `stopped (${request})`, details);
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new TransportError('too-large', 'the response headers are too large or never end', details);
  }
  if (code?.startsWith('HPE_')) {
    return new TransportError('malformed', `malformed HTTP response (${code}: ${error.message})`, details);
  }
  if (code && CONNECT_CODES.has(code)) {
    return new TransportError('connect', `${code} (${request})`, details);
  }
  if (isTlsError(code, error.message)) {
    return new TransportError('tls', error.message, details);
  }
  if ((code && RESET_CODES.has(code)) || /socket hang up/i.test(error.message)) {
    return new TransportError('reset', `connection closed (${code ?? error.message})`, details);
  }
  return new TransportError('reset', error.message, details);
}
