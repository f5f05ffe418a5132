import { describe, expect, it } from 'vitest';
import { normalizePin } from './tls-pin.js';

const HEX = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

describe('normalizePin', () => {
  it('takes openssl fingerprints with or without the prefix, colons or case', () => {
    expect(normalizePin(`sha256:${HEX}`)).toBe(HEX);
    expect(normalizePin(`SHA256=${HEX.toLowerCase()}`)).toBe(HEX);
    expect(normalizePin(HEX.replace(/:/g, ''))).toBe(HEX);
  });

  it('takes base64 of the 32 bytes (sha256/ or sha256: prefix)', () => {
    const b64 = Buffer.from(HEX.replace(/:/g, ''), 'hex').toString('base64');
    expect(normalizePin(`sha256/${b64}`)).toBe(HEX);
    expect(normalizePin(`sha256:${b64}`)).toBe(HEX);
  });

  it('refuses what is not a SHA-256', () => {
    expect(normalizePin('md5:12:34')).toBeUndefined();
    expect(normalizePin(`sha256:${HEX.slice(3)}`)).toBeUndefined();
    expect(normalizePin('sha256/AAAA')).toBeUndefined();
    expect(normalizePin('sha256/not base64!')).toBeUndefined();
  });
});
