import type tls from 'node:tls';
import { type CertificateSummary, summarizeCertificate } from './tls-dial.js';
import { TransportError } from './transport.js';

/** What a connection did with our client certificate: whether the server asked for one, which went. */
export interface ClientCertUse {
  /** The server sent a CertificateRequest, so OpenSSL sent ours. */
  requested: boolean;
  certificate?: CertificateSummary;
  protocol?: string;
}

/** Our own code for "the server refused the client certificate without a TLS alert saying so". */
export const CLIENT_CERT_REFUSED = 'ERR_TLS_CLIENT_CERT_REFUSED';

const uses = new WeakMap<object, ClientCertUse>();

/**
 * Watches a TLS connection that offers a client certificate. A server that refuses it often
 * says nothing: under TLS 1.3 its alert (or Node's bare close) comes after our side thinks the
 * handshake is done; under TLS 1.2 Node's server closes mid-handshake. To tell that from any
 * other closed connection we note whether the server asked for a certificate: the key material
 * events come after its CertificateRequest, when OpenSSL knows the signature algorithms it
 * shares with the server for client authentication (none when no certificate was requested).
 */
export function watchClientCert(socket: tls.TLSSocket): void {
  const use: ClientCertUse = { requested: false };
  uses.set(socket, use);
  const note = () => {
    try {
      if (!use.requested && socket.getSharedSigalgs().length > 0) {
        use.requested = true;
        use.certificate = summarizeCertificate(socket.getCertificate() as tls.PeerCertificate);
      }
      use.protocol = socket.getProtocol() ?? use.protocol;
    } catch {
      // The connection is already gone: what was noted stands.
    }
  };
  socket.on('keylog', note);
  socket.once('secureConnect', () => {
    note();
    socket.off('keylog', note);
  });
}

export function clientCertUse(socket: object | null | undefined): ClientCertUse | undefined {
  return socket ? uses.get(socket) : undefined;
}

/**
 * A failure on a connection before any byte of an answer, when the server had asked for our
 * certificate: a TLS alert is given our certificate to name, and a bare close becomes "refused".
 */
export function explainClientCertFailure(
  failure: TransportError,
  use: ClientCertUse | undefined,
  when: 'handshake' | 'after-handshake',
): TransportError {
  if (!use?.requested) return failure;
  if (failure.kind === 'tls') {
    failure.details.clientCert = true;
    failure.details.clientCertificate ??= use.certificate;
    return failure;
  }
  if (failure.kind !== 'reset') return failure;
  const version = (use.protocol ?? 'TLS').replace('v', ' ');
  const words =
    when === 'handshake'
      ? `it asked for a client certificate, then closed the connection during the ${version} handshake once it had ours`
      : `it asked for a client certificate, then closed the connection right after the ${version} handshake without answering (under TLS 1.3 that is how a server refuses the certificate it got)`;
  return new TransportError('tls', words, {
    ...failure.details,
    code: CLIENT_CERT_REFUSED,
    clientCert: true,
    clientCertificate: use.certificate,
    cause: failure,
  });
}
