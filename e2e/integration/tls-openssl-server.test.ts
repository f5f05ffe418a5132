import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkEndpoint } from '../../electron/bits/check-endpoint.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { fingerprintOf, type IssuedCert, TestCa } from '../bits-server/index.js';
import { freePort, listening } from './support-daemon.js';

/*
 * OpenSSL's own server (`openssl s_server`, from Debian's openssl package) answers a client
 * certificate it does not trust with a TLS alert, as IIS, nginx and Apache do (Node's TLS
 * server, under the reference server, just drops the connection): the check must name it.
 */
let dir: string;
let serverCa: TestCa;
let clientCa: TestCa;
let serverLeaf: IssuedCert;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-s-server-'));
  serverCa = await TestCa.create(dir, 'Server CA');
  clientCa = await TestCa.create(dir, 'Client CA');
  serverLeaf = await serverCa.issue({ name: 'localhost', altNames: 'IP:127.0.0.1' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** s_server requiring a client certificate from clientCa, on loopback; stopped with the test. */
async function startSServer(version?: '-tls1_2' | '-tls1_3'): Promise<number> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      serverLeaf.certPath,
      '-key',
      serverLeaf.keyPath,
      '-CAfile',
      clientCa.certPath,
      '-Verify',
      '1',
      '-verify_return_error',
      '-www',
      '-quiet',
      ...(version ? [version] : []),
    ],
    { stdio: 'ignore' },
  );
  onTestFinished(() => {
    child.kill('SIGTERM');
  });
  await listening('openssl s_server', port, child, () => '(output not kept)');
  return port;
}

async function check(port: number, client?: IssuedCert) {
  const transport = createNodeTransport({
    tls: { ca: serverCa.cert, ...(client ? { cert: client.cert, key: client.key } : {}) },
  });
  try {
    return await checkEndpoint({ url: `https://127.0.0.1:${port}/up/a.bin`, transport });
  } finally {
    transport.close();
  }
}

describe('client certificates against openssl s_server', () => {
  it('none given: required; one from an untrusted CA: refused', async () => {
    const port = await startSServer();
    const none = await check(port);
    expect(none.problem?.kind).toBe('tls');
    expect(none.problem?.message).toMatch(/requires a client certificate and none was given/);
    const stranger = await serverCa.issue({ name: 'stranger', usage: 'client' });
    const refused = await check(port, stranger);
    expect(refused.problem?.kind).toBe('tls');
    expect(refused.problem?.message).toMatch(/refused the client certificate/);
  });

  // Under TLS 1.3 s_server's alert arrives after our side thinks the handshake is done (on the
  // first read); under 1.2 it ends the handshake. Both name our certificate.
  for (const version of ['-tls1_3', '-tls1_2'] as const) {
    it(`one from an untrusted CA (${version}): refused, naming its subject and fingerprint`, async () => {
      const port = await startSServer(version);
      const stranger = await serverCa.issue({ name: 'stranger', usage: 'client' });
      const refused = await check(port, stranger);
      expect(refused.problem?.kind).toBe('tls');
      expect(refused.problem?.message).toContain(
        'The server 127.0.0.1 refused the client certificate presented (subject CN=stranger; issued by CN=Server CA; ',
      );
      expect(refused.problem?.message).toContain(
        `SHA-256 ${await fingerprintOf(stranger.certPath)}): ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`,
      );
    });
  }
});
