import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from './index.js';
import { sha256FromReprDigest } from './repr-digest.js';
import { bitsRequest, makeRoot, patternBytes, RawClient, removeRoot, upload } from './test-support.js';

let root: string;
let server: BitsServer;
let client: RawClient;
const data = patternBytes(5000, 3);
const digestOf = (bytes: Buffer) => `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;

beforeEach(async () => {
  root = await makeRoot();
  server = await startBitsServer({ root });
  client = await RawClient.connect(server.port);
});

afterEach(async () => {
  client.close();
  await server.close();
  await removeRoot(root);
});

const close = (sessionId: string, headers: Record<string, string> = {}) =>
  client.request(bitsRequest('/up/d.bin', 'Close-Session', { 'BITS-Session-Id': sessionId, ...headers }));

describe('Repr-Digest on Close-Session (RFC 9530)', () => {
  it('closes when the digest matches what was stored', async () => {
    const { sessionId } = await upload(client, '/up/d.bin', data);
    expect((await close(sessionId, { 'Repr-Digest': `unixsum=:AAA=:, ${digestOf(data)}` })).status).toBe(200);
  });

  it('answers 400 with ERROR_CRC and keeps the session when it does not', async () => {
    const { sessionId } = await upload(client, '/up/d.bin', data);
    const wrong = await close(sessionId, { 'Repr-Digest': digestOf(Buffer.from('something else')) });
    expect(wrong.status).toBe(400);
    expect(wrong.get('BITS-Error-Code')).toBe('0x80070017');
    // Clients that do not send the header (every other one) are not checked.
    expect((await close(sessionId)).status).toBe(200);
  });

  it('reads the sha-256 member of the dictionary, and nothing else', () => {
    expect(sha256FromReprDigest('sha-512=:AA==:, sha-256=:AQI=:')).toBe('0102');
    expect(sha256FromReprDigest('sha-512=:AQI=:')).toBeUndefined();
    expect(sha256FromReprDigest(undefined)).toBeUndefined();
  });

  it('ignoreReprDigest: a wrong digest closes like on IIS, which does not know the header', async () => {
    const lax = await startBitsServer({ root, ignoreReprDigest: true });
    const other = await RawClient.connect(lax.port);
    try {
      const { sessionId } = await upload(other, '/up/lax.bin', data);
      const answer = await other.request(
        bitsRequest('/up/lax.bin', 'Close-Session', {
          'BITS-Session-Id': sessionId,
          'Repr-Digest': digestOf(Buffer.from('something else')),
        }),
      );
      expect(answer.status).toBe(200);
    } finally {
      other.close();
      await lax.close();
    }
  });
});
