import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEndpoint } from '../../electron/bits/check-endpoint.js';
import type { BitsError } from '../../electron/bits/errors.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import type { TlsOptions } from '../../electron/bits/http/transport.js';
import { fingerprintOf, type IssuedCert, opensslDate, TestCa } from '../bits-server/index.js';
import { randomFile, serverFor, uploadWithRetries } from './support.js';

/*
 * Each TLS failure against the real reference server over loopback, with certificates made by
 * openssl for the test: the check and the upload both say what is wrong, with the certificate's
 * subject, issuer, validity and SHA-256 fingerprint.
 */
let dir: string;
let ca: TestCa;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-tls-'));
  ca = await TestCa.create(dir);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function serverWith(leaf: IssuedCert, clientCa?: string) {
  return serverFor({ tls: { key: leaf.key, cert: leaf.cert, clientCa } });
}

async function check(url: string, tls: TlsOptions = { ca: ca.cert }) {
  const transport = createNodeTransport({ tls });
  try {
    return await checkEndpoint({ url, transport });
  } finally {
    transport.close();
  }
}

async function uploadError(url: string, tls: TlsOptions = { ca: ca.cert }): Promise<BitsError> {
  const file = await randomFile(dir, 1000);
  return uploadWithRetries({
    url,
    kind: 'upload',
    filePath: file.path,
    transportOptions: { tls },
    maxAttempts: 1,
  }).then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (error: BitsError) => error,
  );
}

const LOCAL = 'IP:127.0.0.1,DNS:localhost';

describe('TLS failures in plain words, with the certificate', () => {
  it('expired: the date it expired, subject, issuer, validity and fingerprint', async () => {
    const leaf = await ca.issue({
      name: 'expired.test',
      altNames: LOCAL,
      notBefore: opensslDate(-60),
      notAfter: opensslDate(-30),
    });
    const server = await serverWith(leaf);
    const fingerprint = await fingerprintOf(leaf.certPath);
    const report = await check(server.url('/up/a.bin'));
    expect(report.ok).toBe(false);
    expect(report.problem?.kind).toBe('tls');
    expect(report.problem?.message).toContain(`expired on ${opensslIso(opensslDate(-30))}`);
    expect(report.problem?.message).toContain('subject CN=expired.test');
    expect(report.problem?.message).toContain('issued by CN=BITS Test CA');
    expect(report.problem?.message).toContain(fingerprint);
    expect(report.problem?.hint).toMatch(/renew/);
    const error = await uploadError(server.url('/up/a.bin'));
    expect(error.classification).toBe('fatal');
    expect(error.message).toContain('expired on');
    expect(error.message).toContain(fingerprint);
  });

  it('not yet valid: the date it starts', async () => {
    const leaf = await ca.issue({
      name: 'future.test',
      altNames: LOCAL,
      notBefore: opensslDate(10),
      notAfter: opensslDate(40),
    });
    const server = await serverWith(leaf);
    const report = await check(server.url('/up/a.bin'));
    expect(report.problem?.message).toContain(`not valid until ${opensslIso(opensslDate(10))}`);
    expect(report.problem?.message).toContain('subject CN=future.test');
  });

  it('self-signed: says so and offers the pin of that very certificate', async () => {
    const leaf = await ca.issue({ name: 'selfie.test', altNames: LOCAL, selfSigned: true });
    const server = await serverWith(leaf);
    const fingerprint = await fingerprintOf(leaf.certPath);
    const report = await check(server.url('/up/a.bin'), {});
    expect(report.problem?.message).toMatch(/self-signed/);
    expect(report.problem?.message).toContain('issued by CN=selfie.test');
    expect(report.problem?.hint).toContain(`--pin sha256:${fingerprint}`);
    const error = await uploadError(server.url('/up/a.bin'), {});
    expect(error.message).toMatch(/self-signed/);
    expect(error.hint).toContain('--ca');
  });

  it('untrusted issuer: names the issuer this computer does not trust', async () => {
    const other = await TestCa.create(dir, 'Unknown Corp CA');
    const leaf = await other.issue({ name: 'corp.test', altNames: LOCAL });
    const server = await serverWith(leaf);
    const report = await check(server.url('/up/a.bin'));
    expect(report.problem?.message).toContain(
      'issued by CN=Unknown Corp CA, which this computer does not trust',
    );
    expect(report.problem?.message).toContain('subject CN=corp.test');
  });

  it('host name mismatch: the name asked for and the names the certificate covers', async () => {
    const leaf = await ca.issue({ name: 'elsewhere.test', altNames: 'DNS:elsewhere.test' });
    const server = await serverWith(leaf);
    const report = await check(server.url('/up/a.bin'));
    expect(report.problem?.message).toContain('not valid for the name 127.0.0.1');
    expect(report.problem?.message).toContain('DNS:elsewhere.test');
    const error = await uploadError(server.url('/up/a.bin'));
    expect(error.message).toContain('not valid for the name 127.0.0.1');
  });

  it('client certificate required: the server aborts the handshake without one', async () => {
    const clientCa = await TestCa.create(dir, 'Client CA');
    const leaf = await ca.issue({ name: 'localhost', altNames: LOCAL });
    const server = await serverWith(leaf, clientCa.cert);
    const report = await check(server.url('/up/a.bin'));
    expect(report.problem?.kind).toBe('tls');
    expect(report.problem?.message).toMatch(/requires a client certificate and none was given/);
    expect(report.problem?.hint).toContain('--cert');
    const error = await uploadError(server.url('/up/a.bin'));
    expect(error.message).toMatch(/requires a client certificate/);
    expect(error.classification).toBe('fatal');
  });
});

/** "20261101120000Z" -> "2026-11-01". */
function opensslIso(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}
