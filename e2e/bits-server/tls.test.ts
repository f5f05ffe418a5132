import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, makeSelfSignedCert, startBitsServer } from './index.js';
import { createSession, fragment, makeRoot, RawClient, removeRoot } from './test-support.js';

let root: string;
let server: BitsServer;
let ca: string;

beforeAll(async () => {
  root = await makeRoot();
  const cert = await makeSelfSignedCert(root);
  ca = cert.cert;
  server = await startBitsServer({ root, tls: { key: cert.key, cert: cert.cert } });
});

afterAll(async () => {
  await server.close();
  await removeRoot(root);
});

describe('HTTPS', () => {
  it('serves BITS over TLS with the generated certificate (IP SAN verified)', async () => {
    expect(server.origin).toBe(`https://127.0.0.1:${server.port}`);
    const client = await RawClient.connect(server.port, { tls: { ca } });
    const id = await createSession(client, '/up/tls.bin');
    const ack = await client.request(fragment('/up/tls.bin', id, Buffer.from('secure'), 0, 6));
    expect(ack.get('BITS-Received-Content-Range')).toBe('6');
    client.close();
  });

  it("works with Node's https client against 127.0.0.1 and rejects an untrusted one", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        server.url('/up/x.bin'),
        {
          method: 'BITS_POST',
          headers: { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' },
          ca,
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    await expect(RawClient.connect(server.port, { tls: { ca: '' } })).rejects.toThrow();
  });
});
