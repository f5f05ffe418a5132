import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BitsError } from '../../electron/bits/errors.js';
import type { TlsOptions } from '../../electron/bits/http/transport.js';
import { fingerprintOf, type IssuedCert, TestCa } from '../bits-server/index.js';
import { randomFile, serverFor, storedBytes, uploadWithRetries } from './support.js';

let dir: string;
let serverCa: TestCa;
let clientCa: TestCa;
let serverLeaf: IssuedCert;
let client: IssuedCert;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-mtls-'));
  serverCa = await TestCa.create(dir, 'Server CA');
  clientCa = await TestCa.create(dir, 'Client CA');
  serverLeaf = await serverCa.issue({ name: 'localhost', altNames: 'IP:127.0.0.1,DNS:localhost' });
  client = await clientCa.issue({ name: 'uploader', usage: 'client' });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function upload(url: string, tls: TlsOptions) {
  const file = await randomFile(dir, 150_000);
  await uploadWithRetries({
    url,
    kind: 'upload',
    filePath: file.path,
    fragmentSize: 64 * 1024,
    transportOptions: { tls },
    maxAttempts: 1,
  });
  return file.bytes;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (error: BitsError) => error,
  );

describe('TLS client certificates against a server that requires one', () => {
  it('uploads with a PEM certificate and key the server trusts', async () => {
    const server = await serverFor({
      tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert },
    });
    const bytes = await upload(server.url('/up/pem.bin'), {
      ca: serverCa.cert,
      cert: client.cert,
      key: client.key,
    });
    expect((await storedBytes(server, '/up/pem.bin')).equals(bytes)).toBe(true);
  });

  it('uploads with a PKCS#12 file and its passphrase', async () => {
    const server = await serverFor({
      tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert },
    });
    const pfx = await readFile(await clientCa.pkcs12(client, 'correct horse'));
    const bytes = await upload(server.url('/up/p12.bin'), {
      ca: serverCa.cert,
      pfx,
      passphrase: 'correct horse',
    });
    expect((await storedBytes(server, '/up/p12.bin')).equals(bytes)).toBe(true);
  });

  it('is refused without a certificate, and with one from a CA the server does not trust', async () => {
    const server = await serverFor({
      tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert },
    });
    const none = await failure(upload(server.url('/up/none.bin'), { ca: serverCa.cert }));
    expect(none.message).toMatch(/requires a client certificate and none was given/);
    expect(server.log.length).toBe(0);
  });

  // Node's TLS server (under the reference server) drops a certificate it refuses without an
  // alert: under TLS 1.3 after our side thinks the handshake is done, under 1.2 during it.
  for (const [version, when] of [
    ['TLSv1.3', 'right after the TLS 1.3 handshake without answering'],
    ['TLSv1.2', 'during the TLS 1.2 handshake once it had ours'],
  ] as const) {
    it(`a certificate the server refuses in silence (${version}) is named with its subject and fingerprint`, async () => {
      const server = await serverFor({
        tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert, maxVersion: version },
      });
      const stranger = await serverCa.issue({ name: 'stranger', usage: 'client' });
      const refused = await failure(
        upload(server.url('/up/none.bin'), { ca: serverCa.cert, cert: stranger.cert, key: stranger.key }),
      );
      const fingerprint = await fingerprintOf(stranger.certPath);
      expect(refused.message).toContain(
        `The server 127.0.0.1 refused the client certificate presented (subject CN=stranger; issued by CN=Server CA; `,
      );
      expect(refused.message).toContain(
        `SHA-256 ${fingerprint}): it asked for a client certificate, then closed the connection ${when}`,
      );
      expect(refused.classification).toBe('fatal');
      expect(server.log.length).toBe(0);
    });
  }
});

describe('a client certificate the server did not ask for', () => {
  it('a dropped connection is not blamed on it: closed, retried, and the bytes arrive', async () => {
    const server = await serverFor({ tls: { key: serverLeaf.key, cert: serverLeaf.cert } });
    server.faults.add({ match: { packet: 'Create-Session', nth: 1 }, action: { type: 'drop-ack' } });
    const file = await randomFile(dir, 100_000);
    const result = await uploadWithRetries({
      url: server.url('/up/unasked.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: { tls: { ca: serverCa.cert, cert: client.cert, key: client.key } },
      maxAttempts: 3,
    });
    expect(result.errors.map((error) => error.message)).toEqual([
      'The connection to the server was closed before it answered.',
    ]);
    expect((await storedBytes(server, '/up/unasked.bin')).equals(file.bytes)).toBe(true);
  });
});

describe('pinning the server certificate by its SHA-256', () => {
  it('accepts a self-signed server whose fingerprint matches, and refuses another with both fingerprints', async () => {
    const selfSigned = await serverCa.issue({
      name: 'pinned.test',
      altNames: 'DNS:pinned.test',
      selfSigned: true,
    });
    const pin = await fingerprintOf(selfSigned.certPath);
    // Neither trusted nor for this name: only the pin vouches for it.
    const server = await serverFor({ tls: { key: selfSigned.key, cert: selfSigned.cert } });
    const bytes = await upload(server.url('/up/pinned.bin'), { pins: [pin] });
    expect((await storedBytes(server, '/up/pinned.bin')).equals(bytes)).toBe(true);

    const other = await serverCa.issue({ name: 'impostor', altNames: 'IP:127.0.0.1', selfSigned: true });
    const impostor = await serverFor({ tls: { key: other.key, cert: other.cert } });
    const refused = await failure(upload(impostor.url('/up/pinned.bin'), { pins: [pin] }));
    expect(refused.message).toContain('does not match the pinned fingerprint');
    expect(refused.message).toContain(pin);
    expect(refused.message).toContain(await fingerprintOf(other.certPath));
    expect(refused.classification).toBe('fatal');
    expect(impostor.log.length).toBe(0);
  });

  it('a pin replaces the CA check: a trusted server with another certificate is refused', async () => {
    const server = await serverFor({ tls: { key: serverLeaf.key, cert: serverLeaf.cert } });
    const wrong = `${'AA:'.repeat(31)}AA`;
    const refused = await failure(upload(server.url('/up/x.bin'), { ca: serverCa.cert, pins: [wrong] }));
    expect(refused.message).toContain(await fingerprintOf(serverLeaf.certPath));
  });
});
