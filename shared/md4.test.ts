import { describe, expect, it } from 'vitest';
import { md4 } from './md4.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const text = (s: string) => new TextEncoder().encode(s);

describe('md4', () => {
  // RFC 1320 appendix A.5, the whole test suite.
  it.each([
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      'e33b4ddc9c38f2199c3e7b164fcc0536',
    ],
  ])('MD4("%s") = %s', (input, digest) => {
    expect(hex(md4(text(input)))).toBe(digest);
  });

  it('computes the NT hash of "Password" that MS-NLMP 4.2.1 uses', () => {
    const utf16 = new Uint8Array([...'Password'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(hex(md4(utf16))).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });
});
