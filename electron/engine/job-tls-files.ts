import { readFileSync } from 'node:fs';
import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import { BitsError } from '../bits/errors.js';
import { clientCertProblem } from '../bits/http/client-cert.js';
import type { TlsOptions } from '../bits/http/transport.js';
import type { JobOptions } from '../store/index.js';

/** Retrying cannot bring a missing certificate back, nor fix a wrong passphrase: say so once, plainly. */
function localProblem(message: string, hint: string, cause: unknown): BitsError {
  return new BitsError(message, {
    code: HRESULT.E_FAIL,
    context: ERROR_CONTEXT.LOCAL_FILE,
    classification: 'fatal',
    phase: 'local-file',
    hint,
    cause,
  });
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw localProblem(
      `The ${what} ${path} cannot be read (${(error as Error).message}).`,
      'Put the file back, or change the job to use another one.',
      error,
    );
  }
}

/**
 * The TLS settings of a job's connections, read from its files at each attempt (a renewed
 * certificate is picked up on retry). A key that does not fit its certificate, or a wrong
 * passphrase, is found here, before anything is sent, and named plainly.
 */
export function jobTlsOptions(options: JobOptions): TlsOptions | undefined {
  const tls: TlsOptions = {};
  if (options.caFile) tls.ca = read(options.caFile, 'CA certificate file').toString('utf8');
  const client = options.clientCert;
  if (client?.pfxFile) tls.pfx = read(client.pfxFile, 'PKCS#12 file');
  if (client?.certFile) tls.cert = read(client.certFile, 'client certificate file').toString('utf8');
  if (client?.keyFile) tls.key = read(client.keyFile, 'client key file').toString('utf8');
  if (client?.passphrase !== undefined) tls.passphrase = client.passphrase;
  if (client) checkClientCert(tls, client.pfxFile ?? client.certFile ?? '');
  if (options.pins?.length) tls.pins = options.pins;
  return Object.keys(tls).length > 0 ? tls : undefined;
}

function checkClientCert(tls: TlsOptions, file: string): void {
  const problem = clientCertProblem(tls, file);
  if (!problem) return;
  throw localProblem(
    problem.message,
    problem.passphrase
      ? 'Give the right passphrase for the key or PKCS#12 file, then resume the job.'
      : 'Check that the key file belongs to the certificate and both are PEM (or use one PKCS#12 file).',
    undefined,
  );
}
