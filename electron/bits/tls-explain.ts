import { CLIENT_CERT_REFUSED } from './http/client-cert-refusal.js';
import type { CertificateSummary } from './http/tls-dial.js';
import { PIN_MISMATCH } from './http/tls-dial.js';
import type { TransportError } from './http/transport.js';

export type TlsProblem =
  | 'expired'
  | 'not-yet-valid'
  | 'self-signed'
  | 'untrusted-issuer'
  | 'name-mismatch'
  | 'pin-mismatch'
  | 'client-cert-required'
  | 'client-cert-refused'
  | 'client-cert-unusable'
  | 'other';

export interface TlsExplanation {
  problem: TlsProblem;
  message: string;
  hint: string;
  /** The certificate in one line (subject, issuer, validity, fingerprint), when the server sent one. */
  certificate?: string;
  /** Ours in one line, when the server refused it. */
  clientCertificate?: string;
}

const UNTRUSTED =
  /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG|CERT_SIGNATURE_FAILURE|INVALID_CA|CERT_REJECTED/;

function problemOf(code: string, message: string, clientCert: boolean): TlsProblem {
  if (code === PIN_MISMATCH) return 'pin-mismatch';
  if (code === 'ERR_CLIENT_CERT') return 'client-cert-unusable';
  if (code === CLIENT_CERT_REFUSED) return 'client-cert-refused';
  if (code === 'CERT_HAS_EXPIRED') return 'expired';
  if (code === 'CERT_NOT_YET_VALID') return 'not-yet-valid';
  if (/SELF_SIGNED/.test(code)) return 'self-signed';
  if (UNTRUSTED.test(code)) return 'untrusted-issuer';
  if (/ALTNAME|HOSTNAME/.test(code)) return 'name-mismatch';
  const alert = `${code} ${message}`;
  if (/CERTIFICATE_REQUIRED|certificate required/i.test(alert)) {
    return clientCert ? 'client-cert-refused' : 'client-cert-required';
  }
  // TLS 1.2 servers say "handshake failure" when a required certificate is missing.
  if (
    /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)/i.test(
      alert,
    )
  ) {
    return clientCert ? 'client-cert-refused' : 'client-cert-required';
  }
  if (/ALERT_HANDSHAKE_FAILURE/i.test(alert) && !clientCert) return 'client-cert-required';
  return 'other';
}

/** "subject CN=x, issued by CN=y, valid 2026-01-01 to 2026-02-01, SHA-256 AB:CD:..." */
export function describeCertificate(cert: CertificateSummary): string {
  const day = (iso: string) => iso.slice(0, 10);
  return `subject ${cert.subject}; issued by ${cert.issuer}; valid ${day(cert.validFrom)} to ${day(cert.validTo)}; SHA-256 ${cert.fingerprint256}`;
}

const CA_OR_PIN = (cert?: CertificateSummary) =>
  `If you trust this server, pass its CA certificate with --ca <file.pem>${cert ? `, or pin this certificate with --pin sha256:${cert.fingerprint256}` : ', or pin its certificate with --pin sha256:...'} after checking the fingerprint with the server's administrator.`;

/** A TLS failure in plain words: what is wrong, with the certificate it is about, and what to do. */
export function explainTls(error: TransportError, host: string): TlsExplanation {
  const code = error.details.code ?? '';
  const cert = error.details.certificate;
  const problem = problemOf(code, error.message, error.details.clientCert ?? false);
  const day = (iso: string) => iso.slice(0, 10);
  const about = cert ? ` (${describeCertificate(cert)})` : '';
  const say = (message: string, hint: string): TlsExplanation => ({
    problem,
    message: `${message}${about}.`,
    hint,
    ...(cert ? { certificate: describeCertificate(cert) } : {}),
  });
  switch (problem) {
    case 'expired':
      return say(
        `The server's certificate expired on ${cert ? day(cert.validTo) : 'an earlier date'}`,
        "Ask the server's administrator to renew it, and check that this computer's date and time are right.",
      );
    case 'not-yet-valid':
      return say(
        `The server's certificate is not valid until ${cert ? day(cert.validFrom) : 'a later date'}`,
        "Check this computer's date and time; if they are right, the server's certificate was issued for the future.",
      );
    case 'self-signed':
      return say(`The server's certificate is self-signed, so nothing vouches for it`, CA_OR_PIN(cert));
    case 'untrusted-issuer':
      return say(
        `The server's certificate was issued by ${cert?.issuer ?? 'an authority'}, which this computer does not trust`,
        CA_OR_PIN(cert),
      );
    case 'name-mismatch':
      return say(
        `The server's certificate is not valid for the name ${host}${cert?.altNames ? ` (it covers ${cert.altNames})` : ''}`,
        'Use the host name the certificate was issued for, or ask for a certificate that covers this name.',
      );
    case 'pin-mismatch':
      return say(
        `The server's certificate does not match the pinned fingerprint: ${error.message}`,
        'The server may have a new certificate, or something is intercepting the connection. Check the new fingerprint with its administrator before changing the pin.',
      );
    case 'client-cert-required':
      return say(
        `The server ${host} requires a client certificate and none was given (${code || error.message})`,
        'Give your certificate with --cert <file.pem> --key <file.pem>, or --pfx <file.p12>.',
      );
    case 'client-cert-refused': {
      const ours = error.details.clientCertificate;
      const reason = code === CLIENT_CERT_REFUSED ? error.message : code || error.message;
      return {
        ...say(
          `The server ${host} refused the client certificate presented${ours ? ` (${describeCertificate(ours)})` : ''}: ${reason}`,
          'Check that the certificate is the one the server expects, is still valid and was issued by a CA the server trusts.',
        ),
        ...(ours ? { clientCertificate: describeCertificate(ours) } : {}),
      };
    }
    case 'client-cert-unusable':
      return {
        problem,
        message: `The client certificate cannot be used (${error.message}).`,
        hint: 'Check that the key belongs to the certificate, and the passphrase of the key or PKCS#12 file.',
      };
    case 'other':
      return say(
        `The secure connection to ${host} failed (${error.message})`,
        'Check that the server really speaks HTTPS on this port. If it uses a private CA, pass it with --ca <file.pem>.',
      );
  }
}
