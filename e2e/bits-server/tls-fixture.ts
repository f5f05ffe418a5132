import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCert {
  /** PEM private key. */
  key: string;
  /** PEM certificate (self-signed, so it is also its own CA). */
  cert: string;
  /** Path of the certificate file, for clients that take a CA file. */
  caPath: string;
}

/**
 * A fresh self-signed certificate for CN=localhost with SAN IP:127.0.0.1 and DNS:localhost, valid
 * 30 days, made with the openssl binary at test time (never committed). P-256 keeps it fast.
 */
export async function makeSelfSignedCert(dir: string): Promise<SelfSignedCert> {
  const keyPath = path.join(dir, 'localhost-key.pem');
  const caPath = path.join(dir, 'localhost-cert.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    caPath,
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(caPath, 'utf8')]);
  return { key, cert, caPath };
}
