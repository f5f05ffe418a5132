import { resolve } from 'node:path';
import type { ClientCert } from '../../shared/contract/core-api.js';
import { CoreError } from '../../shared/contract/core-api.js';
import { pacLocation } from '../bits/http/pac-script.js';
import type { JobOptions } from '../store/index.js';
import { checkLocalFile } from './local-file-policy.js';

/** A client certificate as stored: absolute paths of ordinary files (never a device or pipe). */
export async function jobClientCert(cert: ClientCert): Promise<NonNullable<JobOptions['clientCert']>> {
  const result: NonNullable<JobOptions['clientCert']> = {};
  const files = [
    ['certFile', 'client certificate file'],
    ['keyFile', 'client key file'],
    ['pfxFile', 'PKCS#12 file'],
  ] as const;
  for (const [field, what] of files) {
    const path = cert[field];
    if (!path) continue;
    // Like a CA file: not confined to the upload folders (keys live elsewhere), but never a device.
    await checkLocalFile(path, [], what).catch((error: CoreError) => {
      throw error.message.startsWith('There is no file')
        ? new CoreError('invalid-input', `The ${what} ${path} does not exist.`)
        : error;
    });
    result[field] = resolve(path);
  }
  if (cert.passphrase !== undefined && cert.passphrase !== '') result.passphrase = cert.passphrase;
  return result;
}

/** A PAC file as stored: a URL as given, a path made absolute. */
export function jobProxyPac(pac: string): string {
  try {
    const where = pacLocation(pac);
    return where.kind === 'url' ? where.url.href : resolve(where.path);
  } catch (error) {
    throw new CoreError('invalid-input', (error as Error).message);
  }
}
