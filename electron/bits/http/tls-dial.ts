import net from 'node:net';
import tls from 'node:tls';
import { clientCertUse, explainClientCertFailure, watchClientCert } from './client-cert-refusal.js';
import { classifyNodeError } from './node-errors.js';
import { TransportError } from './transport.js';

/** What people need to judge a server certificate: who it is for, who issued it, when, which one. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** ISO dates (UTC). */
  validFrom: string;
  validTo: string;
  /** SHA-256 of the DER certificate, AB:CD:... */
  fingerprint256: string;
  /** The names it covers (subjectAltName), as the server sent them. */
  altNames?: string;
}

export interface TrustOptions {
  /** Pins (AB:CD:... SHA-256 of the leaf): when given, the leaf must match one, whatever its issuer. */
  pins?: readonly string[];
  /** Whether a client certificate was offered (to tell "none given" from "ours refused"). */
  clientCert: boolean;
}

/** The pin did not match: a code of our own, next to OpenSSL's. */
export const PIN_MISMATCH = 'ERR_TLS_PIN_MISMATCH';

function distinguishedName(name: tls.Certificate | undefined): string {
  if (!name) return '(none)';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

export function summarizeCertificate(cert: tls.PeerCertificate): CertificateSummary | undefined {
  if (!cert?.fingerprint256) return undefined;
  const summary: CertificateSummary = {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    fingerprint256: cert.fingerprint256,
  };
  if (cert.subjectaltname) summary.altNames = cert.subjectaltname;
  return summary;
}

/**
 * TLS to the server, judged by us before any request byte is sent: OpenSSL verifies the chain
 * and Node the host name as usual, but a failure is reported with the certificate it was about
 * (subject, issuer, dates, fingerprint); with pins, the leaf's SHA-256 decides instead. Never
 * an option to skip the checks: only a matching pin accepts an otherwise untrusted certificate.
 */
export function secureDial(options: tls.ConnectionOptions, trust: TrustOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = options.host ?? 'localhost';
    const describe = `TLS to ${host}:${options.port ?? 443}`;
    let socket: tls.TLSSocket;
    try {
      socket = tls.connect({
        ...options,
        servername: options.servername ?? (net.isIP(host) ? undefined : host),
        rejectUnauthorized: false,
      });
    } catch (error) {
      // A key that does not fit its certificate, a wrong PKCS#12 passphrase: a local problem.
      reject(new TransportError('tls', (error as Error).message, { code: 'ERR_CLIENT_CERT', cause: error }));
      return;
    }
    if (trust.clientCert) watchClientCert(socket);
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        explainClientCertFailure(classifyNodeError(error, describe), clientCertUse(socket), 'handshake'),
      );
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      const peer = socket.getPeerCertificate();
      const certificate = summarizeCertificate(peer);
      const refuse = (code: string, message: string) => {
        socket.destroy();
        reject(new TransportError('tls', message, { code, certificate }));
      };
      if (trust.pins && trust.pins.length > 0) {
        const actual = peer?.fingerprint256;
        if (actual && trust.pins.includes(actual)) return resolve(socket);
        return refuse(
          PIN_MISMATCH,
          `the server's certificate has SHA-256 ${actual ?? '(none)'}, not the pinned ${trust.pins.join(' or ')}`,
        );
      }
      if (socket.authorized) return resolve(socket);
      const code = String(socket.authorizationError ?? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      refuse(code, `certificate verification failed (${code})`);
    });
  });
}
