/** A user name as people type it on Windows networks, split for the schemes that need the parts. */
export interface AuthIdentity {
  /** Exactly as given: what Basic and Digest send (Digest's realm is the server's, never ours). */
  readonly given: string;
  /** The account name without its domain (NTLM). */
  readonly user: string;
  /** NetBIOS or DNS domain from DOMAIN\user or user@domain; '' when none was given (NTLM). */
  readonly domain: string;
  readonly password: string;
}

/**
 * "DOMAIN\user" and "user@domain.example" both name a domain account; a plain name has none.
 * Only the first backslash splits (a user name cannot contain one); for '@' the last one does,
 * as Windows parses UPNs.
 */
export function parseIdentity(credentials: { user: string; password: string }): AuthIdentity {
  const given = credentials.user;
  const slash = given.indexOf('\\');
  if (slash > 0) {
    return {
      given,
      domain: given.slice(0, slash),
      user: given.slice(slash + 1),
      password: credentials.password,
    };
  }
  const at = given.lastIndexOf('@');
  if (at > 0 && at < given.length - 1) {
    return { given, user: given.slice(0, at), domain: given.slice(at + 1), password: credentials.password };
  }
  return { given, user: given, domain: '', password: credentials.password };
}
