import { UPLOAD_PROTOCOL_GUID } from '../../shared/bits-codes.js';
import { type ErrorEvidence, protocolError } from './errors.js';
import type { HttpResponse } from './http/transport.js';

export type PacketType = 'Ping' | 'Create-Session' | 'Fragment' | 'Close-Session' | 'Cancel-Session';

export const BITS_METHOD = 'BITS_POST';

/** Header lines for a packet; Content-Length is added by the transport from the body. */
export function packetHeaders(type: PacketType, sessionId?: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [['BITS-Packet-Type', type]];
  if (type === 'Create-Session') headers.push(['BITS-Supported-Protocols', UPLOAD_PROTOCOL_GUID]);
  if (sessionId !== undefined && type !== 'Ping' && type !== 'Create-Session') {
    headers.push(['BITS-Session-Id', sessionId]);
  }
  return headers;
}

/** `bytes first-last/total`; a zero-byte file sends the empty entity as `bytes *\/0` (§6.7). */
export function contentRange(offset: number, length: number, total: number): string {
  if (total === 0) return 'bytes */0';
  return `bytes ${offset}-${offset + length - 1}/${total}`;
}

/** Content-Name: the local file name without path, minus characters the protocol forbids (§2.4). */
export function contentName(path: string): string | undefined {
  const base = path.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\\/:*?"<>|\x00-\x1f\x7f]/g, '_').slice(0, 260);
  // Header values are latin1 on the wire; a name that does not fit is informational only, so drop it.
  return clean && /^[\x20-\x7e\xa0-\xff]*$/.test(clean) ? clean : undefined;
}

export function describeRequest(type: PacketType, url: URL, detail?: string): string {
  return `${BITS_METHOD} ${url.href} (${type}${detail ? ` ${detail}` : ''})`;
}

export function responseEvidence(request: string, response: HttpResponse, body?: string): ErrorEvidence {
  return {
    request,
    statusLine: `HTTP/${response.httpVersion} ${response.status} ${response.statusText}`,
    headers: response.headers.raw.map(([name, value]) => [name, value]),
    body,
  };
}

/** True when the response is a BITS Ack (packet type compared case-insensitively, §2.3). */
export function isAck(response: HttpResponse): boolean {
  return response.headers.get('BITS-Packet-Type')?.trim().toLowerCase() === 'ack';
}

/** Largest body we read off an Ack that should have none, as evidence. */
const ACK_BODY_EVIDENCE_LIMIT = 2048;

/**
 * Checks that a success answer is a well-formed Ack: the packet type, and no body (§4.1).
 * Reads at most a small excerpt of an unexpected body and drops the connection.
 */
export async function expectAck(
  response: HttpResponse,
  request: string,
  phase: 'upload' | 'close',
): Promise<void> {
  if (!isAck(response)) {
    const excerpt = await readExcerpt(response);
    throw protocolError(
      `The server answered HTTP ${response.status} but not with a BITS Ack: this URL is not a BITS upload endpoint, or a proxy stripped the BITS headers.`,
      phase,
      responseEvidence(request, response, excerpt),
    );
  }
  const declared = response.headers.get('Content-Length')?.trim();
  const hasBody = (declared !== undefined && declared !== '0') || response.headers.has('Transfer-Encoding');
  if (!hasBody) {
    // No Content-Length at all means "body until close": we never wait for that, the
    // connection is simply dropped (discard) and the Ack taken as bodiless.
    await response.discard();
    return;
  }
  const excerpt = await readExcerpt(response);
  if (excerpt.length > 0) {
    throw protocolError(
      'The server sent a body with its Ack, which the BITS protocol does not allow.',
      phase,
      responseEvidence(request, response, excerpt),
    );
  }
}

/** A bounded excerpt of a body we do not want: read a little, then let the connection go. */
export async function readExcerpt(response: HttpResponse): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body()) {
      chunks.push(Buffer.from(chunk));
      total += chunk.byteLength;
      if (total >= ACK_BODY_EVIDENCE_LIMIT) break;
    }
  } catch {
    // A body that breaks off or stalls is still evidence up to where it stopped.
  } finally {
    await response.discard();
  }
  return Buffer.concat(chunks).subarray(0, ACK_BODY_EVIDENCE_LIMIT).toString('latin1');
}

/**
 * The server's cursor from BITS-Received-Content-Range (or the misspelling some servers send):
 * a plain decimal offset. Returns undefined when absent; throws on garbage.
 */
export function receivedCursor(response: HttpResponse, request: string, total: number): number | undefined {
  const raw =
    response.headers.get('BITS-Received-Content-Range') ??
    response.headers.get('BITS-Recieved-Content-Range');
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (!/^\d{1,16}$/.test(text)) {
    throw protocolError(
      `The server sent an unreadable upload position (BITS-Received-Content-Range: ${JSON.stringify(raw)}).`,
      'upload',
      responseEvidence(request, response),
    );
  }
  const cursor = Number(text);
  if (cursor > total) {
    throw protocolError(
      `The server claims to have ${cursor} bytes of a ${total}-byte file.`,
      'upload',
      responseEvidence(request, response),
    );
  }
  return cursor;
}
