import http from 'node:http';

/** The upload protocol GUID every Create-Session offers (BITS 1.5 Upload Protocol). */
const UPLOAD_PROTOCOL = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

/**
 * One bodiless BITS_POST with node:http, for the curl baseline: the benchmark does the session
 * packets itself so curl only sends the data. Deliberately independent of electron/bits.
 */
function bitsPacket(url: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'BITS_POST',
      headers: { ...headers, 'Content-Length': '0' },
      agent: false,
    });
    req.once('error', reject);
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res));
      res.once('error', reject);
    });
    req.end();
  });
}

export async function createSession(url: string): Promise<string> {
  const res = await bitsPacket(url, {
    'BITS-Packet-Type': 'Create-Session',
    'BITS-Supported-Protocols': UPLOAD_PROTOCOL,
  });
  const id = res.headers['bits-session-id'];
  if (res.statusCode !== 200 || typeof id !== 'string') {
    throw new Error(`Create-Session failed: HTTP ${res.statusCode} ${JSON.stringify(res.headers)}`);
  }
  return id;
}

export async function closeSession(url: string, sessionId: string): Promise<void> {
  const res = await bitsPacket(url, { 'BITS-Packet-Type': 'Close-Session', 'BITS-Session-Id': sessionId });
  if (res.statusCode !== 200) throw new Error(`Close-Session failed: HTTP ${res.statusCode}`);
}
