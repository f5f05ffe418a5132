/** How the reference server asks for authentication (BitsServerOptions.auth). */
export interface ServerAuthOptions {
  scheme: 'basic' | 'digest' | 'ntlm' | 'negotiate';
  /** Accepted accounts: "user", "DOMAIN\\user" or "user@domain" (domain matched case-insensitively) to password. */
  users: Record<string, string>;
  /** Digest and Basic realm; default "BITS". */
  realm?: string;
  /** Digest algorithms offered, one challenge each; default ['SHA-256', 'MD5']. */
  algorithms?: Array<'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess'>;
  /** Digest: a nonce answers this many requests, then the server says stale=true. Default unlimited. */
  nonceUses?: number;
  /** Digest: ask for userhash. */
  userhash?: boolean;
  /** NTLM: the NetBIOS domain in the challenge's target info; default "BITSDOM". */
  domain?: string;
  /** Negotiate: the service the keytab holds (KRB5_KTNAME), e.g. "HTTP@localhost"; absent: NTLM only. */
  kerberosService?: string;
  /** Negotiate: offer NTLM too (two challenges, as IIS with both providers), and take NTLM under either word. */
  offerNtlm?: boolean;
  /** Negotiate: corrupt the final Kerberos token on success, so the client's mutual authentication fails. */
  tamperMutual?: boolean;
}

/** The older form, still accepted: one Basic account. */
export interface LegacyBasicAuth {
  user: string;
  password: string;
}

export function normalizeAuth(auth: ServerAuthOptions | LegacyBasicAuth): ServerAuthOptions {
  return 'scheme' in auth ? auth : { scheme: 'basic', users: { [auth.user]: auth.password } };
}

/** Handshakes the server completed: per connection, so tests can count "once per connection". */
export class AuthStats {
  readonly byConnection = new Map<number, number>();
  /** Requests that arrived with credentials the server refused. */
  refused = 0;
  /** What the last successful handshake or check ran on ("NTLM", "Kerberos", "Digest SHA-256", "Basic"). */
  lastMechanism?: string;

  get handshakes(): number {
    let total = 0;
    for (const n of this.byConnection.values()) total += n;
    return total;
  }

  completed(connectionId: number, mechanism: string): void {
    this.byConnection.set(connectionId, (this.byConnection.get(connectionId) ?? 0) + 1);
    this.lastMechanism = mechanism;
  }
}

/** Finds the password of an account, the domain part compared case-insensitively. */
export function lookupPassword(
  users: Record<string, string>,
  user: string,
  domain: string,
): string | undefined {
  const wanted = [domain ? `${domain}\\${user}` : user, domain ? `${user}@${domain}` : user, user].map((k) =>
    k.toLowerCase(),
  );
  for (const key of wanted) {
    for (const [name, password] of Object.entries(users)) if (name.toLowerCase() === key) return password;
  }
  return undefined;
}
