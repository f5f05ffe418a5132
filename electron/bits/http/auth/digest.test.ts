import { describe, expect, it } from 'vitest';
import { parseChallenges } from './challenge.js';
import { parseIdentity } from './credentials.js';
import { DigestSession, digestResponse, strongestDigest } from './digest.js';

// RFC 7616 §3.9.1: the worked example, for both algorithms it shows.
const EXAMPLE = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  qop: 'auth' as const,
  method: 'GET',
  uri: '/dir/index.html',
};
const OPAQUE = 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS';
const SERVER_HEADER = [
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="${EXAMPLE.nonce}", opaque="${OPAQUE}"`,
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="${EXAMPLE.nonce}", opaque="${OPAQUE}"`,
];

describe('Digest (RFC 7616)', () => {
  it('computes the MD5 response of the §3.9.1 example', () => {
    expect(digestResponse({ ...EXAMPLE, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('computes the SHA-256 response of the §3.9.1 example', () => {
    expect(digestResponse({ ...EXAMPLE, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('answers the example challenge with SHA-256 (the strongest offered) and every field of §3.9.1', () => {
    const challenge = strongestDigest(parseChallenges(SERVER_HEADER))!;
    expect(challenge.params.get('algorithm')).toBe('SHA-256');
    const session = new DigestSession(
      parseIdentity({ user: 'Mufasa', password: 'Circle of Life' }),
      challenge,
      () => EXAMPLE.cnonce,
    );
    const header = session.authorization('GET', '/dir/index.html');
    expect(header).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, ' +
        `nonce="${EXAMPLE.nonce}", nc=00000001, cnonce="${EXAMPLE.cnonce}", qop=auth, ` +
        'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", ' +
        `opaque="${OPAQUE}"`,
    );
  });

  it('counts nc up on each preemptive request and restarts it with a renewed nonce', () => {
    const [challenge] = parseChallenges([`Digest realm="r", nonce="n1", qop="auth"`]);
    const session = new DigestSession(parseIdentity({ user: 'u', password: 'p' }), challenge!, () => 'c');
    expect(session.authorization('BITS_POST', '/a')).toContain('nc=00000001');
    expect(session.authorization('BITS_POST', '/a')).toContain('nc=00000002');
    session.renew(parseChallenges([`Digest realm="r", nonce="n2", qop="auth", stale=true`])[0]!);
    const renewed = session.authorization('BITS_POST', '/a');
    expect(renewed).toContain('nonce="n2"');
    expect(renewed).toContain('nc=00000001');
  });

  it('MD5-sess and SHA-256-sess fold the nonces into HA1', () => {
    const plain = digestResponse({ ...EXAMPLE, algorithm: 'MD5' });
    const sess = digestResponse({ ...EXAMPLE, algorithm: 'MD5-sess' });
    expect(sess).toMatch(/^[0-9a-f]{32}$/);
    expect(sess).not.toBe(plain);
    expect(digestResponse({ ...EXAMPLE, algorithm: 'SHA-256-sess' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends H(user:realm) as the user name when the server asks for userhash', () => {
    const [challenge] = parseChallenges([
      `Digest realm="http-auth@example.org", nonce="n", qop=auth, algorithm=SHA-256, userhash=true`,
    ]);
    const header = new DigestSession(
      parseIdentity({ user: 'Mufasa', password: 'x' }),
      challenge!,
      () => 'c',
    ).authorization('GET', '/');
    // §3.4.4: the name is replaced by H(user ":" realm), here with the challenge's SHA-256.
    expect(header).toMatch(/username="[0-9a-f]{64}"/);
    expect(header).toContain('userhash=true');
    expect(header).not.toContain('Mufasa');
  });

  it("sends a non-ASCII user name as username*=UTF-8'' (§3.4.4), computing over its UTF-8 form", () => {
    const [challenge] = parseChallenges(['Digest realm="r", nonce="n", qop=auth, algorithm=SHA-256']);
    const header = new DigestSession(
      parseIdentity({ user: 'Jäsøn 张', password: 'p' }),
      challenge!,
      () => 'c',
    ).authorization('GET', '/');
    expect(header).toContain("username*=UTF-8''J%C3%A4s%C3%B8n%20%E5%BC%A0,");
    expect(header).not.toMatch(/username="/);
    expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
  });

  it('skips algorithms it does not speak and auth-int-only challenges', () => {
    const picked = strongestDigest(
      parseChallenges([
        'Digest realm="a", nonce="1", algorithm=SHA-512-256',
        'Digest realm="a", nonce="2", qop="auth-int"',
        'Digest realm="a", nonce="3"',
      ]),
    );
    expect(picked?.params.get('nonce')).toBe('3');
  });
});
