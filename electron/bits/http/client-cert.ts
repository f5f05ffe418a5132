import { createSecureContext } from 'node:tls';
import type { TlsOptions } from './transport.js';

export interface ClientCertProblem {
  message: string;
  /** The passphrase is wrong or missing (asking for it may help). */
  passphrase: boolean;
}

/**
 * Loads the certificate and key as a TLS connection would, so a key that does not fit its
 * certificate or a wrong passphrase is found before anything is sent, and named plainly.
 */
export function clientCertProblem(tls: TlsOptions, file: string): ClientCertProblem | undefined {
  try {
    createSecureContext({ pfx: tls.pfx, cert: tls.cert, key: tls.key, passphrase: tls.passphrase });
    return undefined;
  } catch (error) {
    const text = (error as Error).message;
    const passphrase = /mac verify|bad decrypt|passphrase|decrypt|PKCS12|PEM_read_bio/i.test(text);
    return {
      passphrase,
      message: passphrase
        ? `The client certificate ${file} cannot be opened: the passphrase is wrong or missing (${text}).`
        : `The client certificate ${file} cannot be used (${text}).`,
    };
  }
}
