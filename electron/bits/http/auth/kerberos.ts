import type { ConnectionHandshake } from './handshake.js';

/** The slice of the optional `kerberos` package (MIT libkrb5 / GSSAPI) we use. */
interface KerberosClient {
  step(challenge: string): Promise<string>;
  contextComplete: boolean;
}

interface KerberosModule {
  GSS_MECH_OID_SPNEGO: number;
  initializeClient(
    service: string,
    options?: { mechOID?: number; principal?: string },
  ): Promise<KerberosClient>;
}

let loaded: Promise<KerberosModule | undefined> | undefined;

/** The `kerberos` package if it is installed and loads; never throws (it is optional). */
export function loadKerberos(): Promise<KerberosModule | undefined> {
  loaded ??= import('kerberos' as string).then(
    (module: { default?: KerberosModule } & KerberosModule) => module.default ?? module,
    () => undefined,
  );
  return loaded;
}

/** Why Kerberos could not even start here, in words for a message ("no ticket ...", "KDC unreachable ..."). */
export interface KerberosUnavailable {
  unavailable: string;
}

/** GSSAPI's own words (they name the cache, the realm, the KDC), bounded for a message. */
function gssWords(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'no reason given';
}

/**
 * A Kerberos (SPNEGO) handshake for HTTP@host with the ticket the user already has (kinit, or
 * the desktop login). Mutual authentication is asked for (the package's default flags), so the
 * server's last token is checked with `verify`. When there is no library, no ticket, no
 * credentials cache or no reachable KDC, says why instead: the caller then speaks NTLM.
 */
export async function kerberosHandshake(host: string): Promise<ConnectionHandshake | KerberosUnavailable> {
  const kerberos = await loadKerberos();
  if (!kerberos) return { unavailable: 'the optional kerberos package is not installed' };
  let client: KerberosClient;
  let firstToken: string;
  try {
    client = await kerberos.initializeClient(`HTTP@${host}`, { mechOID: kerberos.GSS_MECH_OID_SPNEGO });
    firstToken = await client.step('');
  } catch (error) {
    return { unavailable: `could not get a Kerberos ticket for HTTP@${host} (${gssWords(error)})` };
  }
  return {
    word: 'Negotiate',
    mechanism: 'Kerberos',
    async first() {
      return `Negotiate ${firstToken}`;
    },
    async next(token) {
      if (client.contextComplete) return undefined;
      const reply = await client.step(token).catch(() => undefined);
      return reply ? `Negotiate ${reply}` : undefined;
    },
    async verify(token) {
      if (client.contextComplete) return;
      try {
        await client.step(token);
      } catch (error) {
        throw new Error(gssWords(error));
      }
    },
  };
}

export function isUnavailable(
  value: ConnectionHandshake | KerberosUnavailable,
): value is KerberosUnavailable {
  return 'unavailable' in value;
}
