import { describe, expect, it } from 'vitest';
import { offeredSchemes, parseChallenges } from './challenge.js';
import { parseIdentity } from './credentials.js';

describe('parseChallenges', () => {
  it('splits several challenges in one header, quoted commas included', () => {
    const [digest, ntlm, basic] = parseChallenges([
      'Digest realm="a, b", qop="auth,auth-int", nonce="x\\"y", NTLM, Basic realm="c"',
    ]);
    expect(digest?.scheme).toBe('Digest');
    expect(digest?.params.get('realm')).toBe('a, b');
    expect(digest?.params.get('qop')).toBe('auth,auth-int');
    expect(digest?.params.get('nonce')).toBe('x"y');
    expect(ntlm?.scheme).toBe('NTLM');
    expect(ntlm?.params.size).toBe(0);
    expect(basic?.params.get('realm')).toBe('c');
  });

  it('reads token68 messages, padding included, and several header lines', () => {
    const list = parseChallenges(['Negotiate', 'NTLM TlRMTVNTUAACAAAA==', 'Basic realm=BITS']);
    expect(list.map((c) => c.scheme)).toEqual(['Negotiate', 'NTLM', 'Basic']);
    expect(list[1]?.token68).toBe('TlRMTVNTUAACAAAA==');
    expect(list[2]?.params.get('realm')).toBe('BITS');
  });

  it('survives garbage without throwing and names the schemes once', () => {
    expect(() => parseChallenges(['', ',,,', '"unterminated', 'Digest realm="open'])).not.toThrow();
    expect(offeredSchemes(parseChallenges(['Bearer', 'bearer realm=x', 'Mutual']))).toEqual([
      'Bearer',
      'Mutual',
    ]);
  });
});

describe('parseIdentity', () => {
  it('splits DOMAIN\\user and user@domain, and leaves plain names alone', () => {
    expect(parseIdentity({ user: 'CORP\\ann', password: 'p' })).toMatchObject({
      user: 'ann',
      domain: 'CORP',
      given: 'CORP\\ann',
    });
    expect(parseIdentity({ user: 'ann@corp.example', password: 'p' })).toMatchObject({
      user: 'ann',
      domain: 'corp.example',
    });
    expect(parseIdentity({ user: 'ann', password: 'p' })).toMatchObject({ user: 'ann', domain: '' });
  });
});
