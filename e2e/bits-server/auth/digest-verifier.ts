import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerAuthOptions } from './auth-options.js';

/** Server side of RFC 7616 Digest, written from the RFC (not from the client's code). */

const HASHES: Record<string, string> = {
  md5: 'md5',
  'md5-sess': 'md5',
  'sha-256': 'sha256',
  'sha-256-sess': 'sha256',
};

interface NonceState {
  lastNc: number;
  uses: number;
}

/** Reads `name=value, name="quoted \" value"` (the Authorization header's parameters). */
export function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;
  for (let m = re.exec(text); m && m[0].length > 0; m = re.exec(text)) {
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return params;
}

export class DigestVerifier {
  private readonly nonces = new Map<string, NonceState>();
  private readonly opaque = randomBytes(12).toString('hex');
  readonly realm: string;

  constructor(private readonly options: ServerAuthOptions) {
    this.realm = options.realm ?? 'BITS';
  }

  /** WWW-Authenticate values: one challenge per offered algorithm, strongest first. */
  challenges(stale = false): string[] {
    const nonce = randomBytes(24).toString('base64');
    this.nonces.set(nonce, { lastNc: 0, uses: 0 });
    return (this.options.algorithms ?? ['SHA-256', 'MD5']).map((algorithm) => {
      const parts = [
        `realm="${this.realm}"`,
        'qop="auth"',
        `algorithm=${algorithm}`,
        `nonce="${nonce}"`,
        `opaque="${this.opaque}"`,
      ];
      if (this.options.userhash) parts.push('userhash=true');
      if (stale) parts.push('stale=true');
      return `Digest ${parts.join(', ')}`;
    });
  }

  /** 'ok', 'stale' (right credentials, used-up nonce) or 'refused'. */
  verify(
    header: string,
    method: string,
    target: string,
  ): { verdict: 'ok' | 'stale' | 'refused'; user?: string } {
    const m = /^Digest\s+(.*)$/is.exec(header);
    if (!m) return { verdict: 'refused' };
    const p = parseParams(m[1]!);
    const algorithm = (p.get('algorithm') ?? 'MD5').toLowerCase();
    const hash = HASHES[algorithm];
    const nonce = p.get('nonce') ?? '';
    const state = this.nonces.get(nonce);
    if (!hash || p.get('realm') !== this.realm || p.get('uri') !== target || p.get('qop') !== 'auth') {
      return { verdict: 'refused' };
    }
    if (p.get('opaque') !== this.opaque) return { verdict: 'refused' };
    const h = (s: string) => createHash(hash).update(s, 'utf8').digest('hex');
    const extended = /^UTF-8''(.*)$/i.exec(p.get('username*') ?? '')?.[1];
    const claimed = extended !== undefined ? safeDecode(extended) : (p.get('username') ?? '');
    const user = Object.keys(this.options.users).find((name) =>
      p.get('userhash') === 'true' ? h(`${name}:${this.realm}`) === claimed : name === claimed,
    );
    if (user === undefined) return { verdict: 'refused' };
    const nc = p.get('nc') ?? '';
    const cnonce = p.get('cnonce') ?? '';
    if (!/^[0-9a-f]{8}$/i.test(nc) || !cnonce) return { verdict: 'refused' };
    let ha1 = h(`${user}:${this.realm}:${this.options.users[user]}`);
    if (algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
    const expected = h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${h(`${method}:${target}`)}`);
    const given = Buffer.from(p.get('response') ?? '', 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      return { verdict: 'refused' };
    }
    // The right answer for a nonce we no longer know (or one used up): stale, not wrong.
    if (!state) return { verdict: 'stale', user };
    const count = Number.parseInt(nc, 16);
    if (count <= state.lastNc) return { verdict: 'refused' }; // a replay
    state.lastNc = count;
    state.uses++;
    if (this.options.nonceUses !== undefined && state.uses > this.options.nonceUses) {
      this.nonces.delete(nonce);
      return { verdict: 'stale', user };
    }
    return { verdict: 'ok', user };
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
