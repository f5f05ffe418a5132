import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type Ack, errorAck } from './response.js';
import type { BitsSession } from './session-store.js';

/** ERROR_CRC: the data does not match. Sent when a Close-Session's Repr-Digest is wrong. */
export const DIGEST_MISMATCH = 0x80070017;

/** The sha-256 member of an RFC 9530 Repr-Digest dictionary, as hex; undefined when absent. */
export function sha256FromReprDigest(header: string | undefined): string | undefined {
  const match = /(?:^|,)\s*sha-256\s*=\s*:([A-Za-z0-9+/]+={0,2}):/i.exec(header ?? '');
  return match ? Buffer.from(match[1]!, 'base64').toString('hex') : undefined;
}

/**
 * Close-Session with a Repr-Digest (the client's SHA-256 of its file): compare it with what was
 * stored, once the upload is committed to disk. A mismatch is 400 + ERROR_CRC and keeps the
 * session; no header (every other client) or discard storage (nothing kept to hash): no check.
 */
export async function checkReprDigest(
  session: BitsSession,
  header: string | undefined,
  echoId: string,
): Promise<Ack | undefined> {
  const claimed = sha256FromReprDigest(header);
  if (claimed === undefined || !session.committed || session.storage !== 'disk') return undefined;
  session.sha256 ??= await hashFile(session.files.destination);
  return claimed === session.sha256 ? undefined : errorAck(400, DIGEST_MISMATCH, echoId);
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
