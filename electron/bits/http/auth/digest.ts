import { createHash, randomBytes } from 'node:crypto';
import type { Challenge } from './challenge.js';
import type { AuthIdentity } from './credentials.js';

/** The RFC 7616 algorithms we speak, strongest first. */
const ALGORITHMS = ['SHA-256-sess', 'SHA-256', 'MD5-sess', 'MD5'] as const;
export type DigestAlgorithm = (typeof ALGORITHMS)[number];

const HASH: Record<DigestAlgorithm, string> = {
  MD5: 'md5',
  'MD5-sess': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-sess': 'sha256',
};

/** The algorithm of a Digest challenge (absent means MD5), or undefined when we do not speak it. */
export function digestAlgorithm(challenge: Challenge): DigestAlgorithm | undefined {
  const named = challenge.params.get('algorithm') ?? 'MD5';
  return ALGORITHMS.find((a) => a.toLowerCase() === named.toLowerCase());
}

/** Of several Digest challenges, the one with the strongest algorithm we speak. */
export function strongestDigest(challenges: readonly Challenge[]): Challenge | undefined {
  let best: Challenge | undefined;
  let rank: number = ALGORITHMS.length;
  for (const c of challenges) {
    if (c.scheme.toLowerCase() !== 'digest' || !c.params.get('nonce')) continue;
    const algorithm = digestAlgorithm(c);
    const qop = c.params.get('qop');
    // We send qop=auth (or none, RFC 2069 style); a server that insists on auth-int only is skipped.
    if (!algorithm || (qop !== undefined && !qopList(qop).includes('auth'))) continue;
    const r = ALGORITHMS.indexOf(algorithm);
    if (r < rank) [best, rank] = [c, r];
  }
  return best;
}

function qopList(value: string): string[] {
  return value.split(',').map((q) => q.trim().toLowerCase());
}

export interface DigestInput {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  nonce: string;
  cnonce: string;
  /** Eight hex digits. */
  nc: string;
  /** 'auth', or undefined for a server that offered no qop (RFC 2069). */
  qop?: 'auth';
  method: string;
  uri: string;
}

/** The request-digest of RFC 7616 §3.4.1 (qop=auth), hex. */
export function digestResponse(input: DigestInput): string {
  const h = (text: string) => createHash(HASH[input.algorithm]).update(text, 'utf8').digest('hex');
  let ha1 = h(`${input.username}:${input.realm}:${input.password}`);
  if (input.algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${input.nonce}:${input.cnonce}`);
  const ha2 = h(`${input.method}:${input.uri}`);
  return input.qop
    ? h(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`)
    : h(`${ha1}:${input.nonce}:${ha2}`);
}

/** userhash=true (RFC 7616 §3.4.4): the user name travels as H(user:realm). */
export function digestUserhash(algorithm: DigestAlgorithm, username: string, realm: string): string {
  return createHash(HASH[algorithm]).update(`${username}:${realm}`, 'utf8').digest('hex');
}

/** RFC 8187 ext-value encoding: attr-chars as they are, every other UTF-8 byte percent-encoded. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/**
 * One Digest protection space: the server's nonce, our nonce count. Answers every request
 * preemptively after the first challenge (nc counts up), and takes a new nonce when the
 * server says the old one is stale.
 */
export class DigestSession {
  private challenge: Challenge;
  private algorithm: DigestAlgorithm;
  private count = 0;

  constructor(
    private readonly identity: AuthIdentity,
    challenge: Challenge,
    private readonly makeCnonce: () => string = () => randomBytes(16).toString('base64url'),
  ) {
    this.challenge = challenge;
    this.algorithm = digestAlgorithm(challenge) ?? 'MD5';
  }

  get algorithmName(): DigestAlgorithm {
    return this.algorithm;
  }

  /** A fresh nonce from the server (stale=true, or a new challenge of the same space). */
  renew(challenge: Challenge): void {
    this.challenge = challenge;
    this.algorithm = digestAlgorithm(challenge) ?? 'MD5';
    this.count = 0;
  }

  authorization(method: string, uri: string): string {
    const { params } = this.challenge;
    const realm = params.get('realm') ?? '';
    const nonce = params.get('nonce') ?? '';
    const qop = params.get('qop') !== undefined ? ('auth' as const) : undefined;
    const cnonce = this.makeCnonce();
    const nc = (++this.count).toString(16).padStart(8, '0');
    const userhash = params.get('userhash')?.toLowerCase() === 'true';
    const { given, password } = this.identity;
    const response = digestResponse({
      algorithm: this.algorithm,
      username: given,
      realm,
      password,
      nonce,
      cnonce,
      nc,
      qop,
      method,
      uri,
    });
    const username = userhash ? digestUserhash(this.algorithm, given, realm) : given;
    // A name outside printable ASCII cannot go in a quoted string: RFC 7616 §3.4.4 username*.
    const plain = /^[\x20-\x7e]*$/.test(username);
    const parts = [
      plain ? `username=${quote(username)}` : `username*=UTF-8''${encodeExtValue(username)}`,
      `realm=${quote(realm)}`,
      `uri=${quote(uri)}`,
      `algorithm=${this.algorithm}`,
      `nonce=${quote(nonce)}`,
    ];
    if (qop) parts.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${qop}`);
    parts.push(`response=${quote(response)}`);
    const opaque = params.get('opaque');
    if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
    if (userhash) parts.push('userhash=true');
    return `Digest ${parts.join(', ')}`;
  }
}
