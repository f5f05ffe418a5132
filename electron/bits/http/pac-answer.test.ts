import { describe, expect, it } from 'vitest';
import { parsePacAnswer } from './pac-answer.js';

const origins = (answer: unknown) =>
  parsePacAnswer(answer).candidates.map((c) => (c.kind === 'direct' ? 'DIRECT' : c.proxy.url.origin));

describe('parsePacAnswer', () => {
  it('keeps the order of PROXY / HTTP / DIRECT entries, spacing and case aside', () => {
    expect(origins('PROXY a.corp:3128;  proxy b.corp:8080 ; HTTP c.corp:80; DIRECT')).toEqual([
      'http://a.corp:3128',
      'http://b.corp:8080',
      'http://c.corp',
      'DIRECT',
    ]);
  });

  it('an empty or non-string answer is DIRECT, as in browsers', () => {
    expect(origins('')).toEqual(['DIRECT']);
    expect(origins(undefined)).toEqual(['DIRECT']);
    expect(origins(42)).toEqual(['DIRECT']);
  });

  it('skips SOCKS and HTTPS proxies, saying which', () => {
    const answer = parsePacAnswer('SOCKS5 s.corp:1080; HTTPS h.corp:443; PROXY p.corp:3128');
    expect(answer.skipped).toEqual(['SOCKS5 s.corp:1080', 'HTTPS h.corp:443']);
    expect(answer.candidates).toHaveLength(1);
    expect(parsePacAnswer('SOCKS s.corp:1080').candidates).toEqual([]);
  });

  it('gives every chosen proxy the job’s proxy credentials', () => {
    const [first] = parsePacAnswer('PROXY p.corp:3128', { user: 'ann', password: 'pw' }).candidates;
    expect(first?.kind === 'proxy' && first.proxy.credentials).toEqual({ user: 'ann', password: 'pw' });
  });
});
