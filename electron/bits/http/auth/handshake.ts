import { hostname } from 'node:os';
import type { AuthIdentity } from './credentials.js';
import { authenticateMessage, negotiateMessage } from './ntlm.js';
import { NtlmFormatError } from './ntlm-messages.js';

/**
 * A connection-bound handshake (NTLM, Negotiate): one per connection, a few legs long. Each leg
 * is the whole Authorization value; undefined means "stop" (refused, or nothing more to say).
 */
export interface ConnectionHandshake {
  /** The header word: what the server will answer with. */
  readonly word: 'NTLM' | 'Negotiate';
  /** Which mechanism really runs (Negotiate may carry NTLM when Kerberos is not available). */
  readonly mechanism: 'NTLM' | 'Kerberos';
  first(): Promise<string>;
  next(token: string): Promise<string | undefined>;
  /**
   * Checks the server's last token, sent with its success answer (Kerberos mutual
   * authentication); throws when it does not prove the server is who we asked for.
   */
  verify?(token: string): Promise<void>;
}

/** The NetBIOS-style name we give as workstation: the host name's first label, upper case. */
export function workstationName(): string {
  return (hostname().split('.')[0] ?? '').toUpperCase().slice(0, 15);
}

/** NTLMv2 under either header word: raw NTLMSSP tokens are what IIS accepts inside "Negotiate" too. */
export function ntlmHandshake(identity: AuthIdentity, word: 'NTLM' | 'Negotiate'): ConnectionHandshake {
  const negotiate = negotiateMessage();
  let done = false;
  return {
    word,
    mechanism: 'NTLM',
    async first() {
      return `${word} ${negotiate.toString('base64')}`;
    },
    async next(token) {
      if (done) return undefined;
      done = true;
      const challenge = Buffer.from(token, 'base64');
      try {
        const message = authenticateMessage({
          identity,
          workstation: workstationName(),
          negotiate,
          challenge,
        });
        return `${word} ${message.toString('base64')}`;
      } catch (error) {
        if (error instanceof NtlmFormatError) return undefined;
        throw error;
      }
    },
  };
}
