import { timingSafeEqual } from 'node:crypto';
import { AuthStats, type LegacyBasicAuth, normalizeAuth, type ServerAuthOptions } from './auth-options.js';
import { DigestVerifier } from './digest-verifier.js';
import { challengeFor, messageType, type NtlmPending, verifyAuthenticate } from './ntlm-verifier.js';

/** ok may carry headers for the answer (Negotiate's final token, for the client's mutual authentication). */
export type AuthVerdict =
  | { ok: true; headers?: Array<[string, string]> }
  | { ok: false; headers: Array<[string, string]> };

interface ConnectionAuth {
  pending?: NtlmPending;
  /** The connection finished a handshake: later requests on it need no header (as IIS does). */
  user?: string;
  kerberos?: { step(token: string): Promise<string>; contextComplete: boolean; username: string };
}

interface KerberosServerModule {
  initializeServer(service: string): Promise<NonNullable<ConnectionAuth['kerberos']>>;
}

const OK: AuthVerdict = { ok: true };

/** The reference server's authentication gate: Basic, Digest, NTLM, or Negotiate (Kerberos or NTLM). */
export class ServerAuth {
  readonly stats = new AuthStats();
  private readonly options: ServerAuthOptions;
  private readonly digest?: DigestVerifier;
  private readonly connections = new Map<number, ConnectionAuth>();

  constructor(options: ServerAuthOptions | LegacyBasicAuth) {
    this.options = normalizeAuth(options);
    if (this.options.scheme === 'digest') this.digest = new DigestVerifier(this.options);
  }

  forget(connectionId: number): void {
    this.connections.delete(connectionId);
  }

  async check(
    connectionId: number,
    method: string,
    target: string,
    header: string | undefined,
  ): Promise<AuthVerdict> {
    switch (this.options.scheme) {
      case 'basic':
        return this.basic(header);
      case 'digest':
        return this.digestCheck(header, method, target);
      default:
        return this.connectionBound(connectionId, header);
    }
  }

  private challenge(values: string[]): AuthVerdict {
    return { ok: false, headers: values.map((v) => ['WWW-Authenticate', v] as [string, string]) };
  }

  private refuse(values: string[]): AuthVerdict {
    this.stats.refused++;
    return this.challenge(values);
  }

  private basic(header: string | undefined): AuthVerdict {
    const realm = `Basic realm="${this.options.realm ?? 'BITS'}"`;
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
    if (!m) return this.challenge([realm]);
    const given = Buffer.from(m[1]!, 'base64');
    for (const [user, password] of Object.entries(this.options.users)) {
      const expected = Buffer.from(`${user}:${password}`, 'utf8');
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        this.stats.lastMechanism = 'Basic';
        return OK;
      }
    }
    return this.refuse([realm]);
  }

  private digestCheck(header: string | undefined, method: string, target: string): AuthVerdict {
    const digest = this.digest!;
    if (!header) return this.challenge(digest.challenges());
    const { verdict } = digest.verify(header, method, target);
    if (verdict === 'ok') {
      this.stats.lastMechanism = 'Digest';
      return OK;
    }
    if (verdict === 'stale') return this.challenge(digest.challenges(true));
    return this.refuse(digest.challenges());
  }

  private async connectionBound(connectionId: number, header: string | undefined): Promise<AuthVerdict> {
    // Negotiate with offerNtlm offers both, as IIS with both providers does, and takes NTLM under either word.
    const words =
      this.options.scheme === 'ntlm' ? ['NTLM'] : ['Negotiate', ...(this.options.offerNtlm ? ['NTLM'] : [])];
    const state = this.connections.get(connectionId) ?? {};
    this.connections.set(connectionId, state);
    const m = /^(\S+)\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    const word = words.find((w) => w.toLowerCase() === m?.[1]?.toLowerCase());
    if (!m || !word) {
      if (state.user) return OK;
      return header ? this.refuse(words) : this.challenge(words);
    }
    const token = Buffer.from(m[2]!, 'base64');
    const type = messageType(token);
    if (type === 1) {
      state.user = undefined;
      state.pending = challengeFor(token, this.options.domain ?? 'BITSDOM');
      return this.challenge([`${word} ${state.pending.challenge.toString('base64')}`]);
    }
    if (type === 3 && state.pending) {
      const account = verifyAuthenticate(token, state.pending, this.options.users);
      state.pending = undefined;
      if (!account) return this.refuse(words);
      state.user = account.user;
      this.stats.completed(connectionId, 'NTLM');
      return OK;
    }
    if (type === undefined && word === 'Negotiate' && this.options.kerberosService) {
      return this.kerberos(connectionId, state, m[2]!, words);
    }
    return this.refuse(words);
  }

  private async kerberos(
    connectionId: number,
    state: ConnectionAuth,
    token: string,
    words: string[],
  ): Promise<AuthVerdict> {
    try {
      const module = (await import('kerberos' as string)) as {
        default?: KerberosServerModule;
      } & KerberosServerModule;
      const kerberos = module.default ?? module;
      state.kerberos ??= await kerberos.initializeServer(this.options.kerberosService!);
      const reply = await state.kerberos.step(token);
      if (!state.kerberos.contextComplete) return this.challenge([`Negotiate ${reply}`]);
      state.user = state.kerberos.username;
      state.kerberos = undefined;
      this.stats.completed(connectionId, 'Kerberos');
      // The last token proves to the client that we hold the service key (mutual authentication).
      if (!reply) return OK;
      const final = this.options.tamperMutual ? tamper(reply) : reply;
      return { ok: true, headers: [['WWW-Authenticate', `Negotiate ${final}`]] };
    } catch {
      state.kerberos = undefined;
      return this.refuse(words);
    }
  }
}

/** The token with bytes in its second half flipped: what a server without the service key might send. */
function tamper(token: string): string {
  const bytes = Buffer.from(token, 'base64');
  for (let i = Math.floor(bytes.length / 2); i < bytes.length; i += 7) bytes[i] = bytes[i]! ^ 0x5a;
  return bytes.toString('base64');
}
