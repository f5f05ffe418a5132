import type { ConnectionHandshake } from './handshake.js';

/** The slice of the optional `kerberos` package (MIT libkrb5 / GSSAPI) we use. */
interface KerberosModule {
  GSS_MECH_OID_SPNEGO: number;
  initializeClient(
    service: string,
    options?: { mechOID?: number; principal?: string },
  ): Promise<{ step(challenge: string): Promise<string>; contextComplete: boolean }>;
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

/**
 * A Kerberos (SPNEGO) handshake for HTTP@host with the ticket the user already has (kinit, or
 * the desktop login). Resolves undefined when there is no library, no ticket, or no such
 * service principal: the caller then speaks NTLM inside Negotiate.
 */
export async function kerberosHandshake(host: string): Promise<ConnectionHandshake | undefined> {
  const kerberos = await loadKerberos();
  if (!kerberos) return undefined;
  try {
    const client = await kerberos.initializeClient(`HTTP@${host}`, { mechOID: kerberos.GSS_MECH_OID_SPNEGO });
    const firstToken = await client.step('');
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
    };
  } catch {
    return undefined;
  }
}
