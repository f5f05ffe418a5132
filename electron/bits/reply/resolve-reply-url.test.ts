import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../../shared/bits-codes.js';
import { BitsError } from '../errors.js';
import { resolveReplyUrl } from './resolve-reply-url.js';

const dest = new URL('http://frankcao8/upload-ref-isapi-WebFarm/2100mb-rfc2119.txt');
const guid = '{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}';

describe('resolveReplyUrl: accepted values', () => {
  it.each([
    // The MC-BUP capture (§8.4).
    [
      `BITS-Sessions\\Replies\\${guid}\\responsefile.bin`,
      dest,
      'http://frankcao8/upload-ref-isapi-WebFarm/BITS-Sessions/Replies/%7BC85B4E0A-9EB9-4114-BFA4-8A43B4710091%7D/responsefile.bin',
    ],
    [
      'BITS-Sessions\\Replies\\{C85B}\\responsefile.bin',
      new URL('http://h/upload-ref/2100mb.txt'),
      'http://h/upload-ref/BITS-Sessions/Replies/%7BC85B%7D/responsefile.bin',
    ],
    ['  reply.bin \t', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/reply.bin'],
    ['/abs/path/r.bin', dest, 'http://frankcao8/abs/path/r.bin'],
    ['http://other.example/r.bin', dest, 'http://other.example/r.bin'],
    ['HTTPS://Other.Example:443/r.bin', dest, 'https://other.example/r.bin'],
    ['https://other.example:8443/a/../b/r.bin', dest, 'https://other.example:8443/b/r.bin'],
    ['http:\\\\other.example\\share\\r.bin', dest, 'http://other.example/share/r.bin'],
    ['//cdn.example/r.bin', dest, 'http://cdn.example/r.bin'],
    ['//cdn.example/r.bin', new URL('https://up.example/x'), 'https://cdn.example/r.bin'],
    // Dot segments are resolved; the result stays on an http URL and cannot climb above the root.
    ['../../../../etc/passwd', dest, 'http://frankcao8/etc/passwd'],
    ['..\\..\\..\\windows\\win.ini', dest, 'http://frankcao8/windows/win.ini'],
    ['./a/./b/../c.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/a/c.bin'],
    ['%2e%2e/%2e%2e/x', dest, 'http://frankcao8/x'],
    // Percent-encoding: needed characters encoded, valid escapes left alone, stray % fixed.
    ['my reply file.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/my%20reply%20file.bin'],
    ['a%20b%7Bc%7d.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/a%20b%7Bc%7d.bin'],
    ['100%.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/100%25.bin'],
    ['50%zz.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/50%25zz.bin'],
    [
      'a"b<c>d`e^f|g[h]i.bin',
      dest,
      'http://frankcao8/upload-ref-isapi-WebFarm/a%22b%3Cc%3Ed%60e%5Ef%7Cg%5Bh%5Di.bin',
    ],
    ["keep!$&'()*+,;=:@~-_.bin", dest, "http://frankcao8/upload-ref-isapi-WebFarm/keep!$&'()*+,;=:@~-_.bin"],
    ['Antwort-größe.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/Antwort-gr%C3%B6%C3%9Fe.bin'],
    ['返信.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/%E8%BF%94%E4%BF%A1.bin'],
    ['emoji-😀.bin', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/emoji-%F0%9F%98%80.bin'],
    ['http://bücher.example/r', dest, 'http://xn--bcher-kva.example/r'],
    // Query kept (encoded), fragment dropped.
    ['r.bin?id=1&x=a b{}', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/r.bin?id=1&x=a%20b%7B%7D'],
    ['r.bin#frag', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/r.bin'],
    ['r.bin?q=1#frag?x', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/r.bin?q=1'],
    ['?only=query', dest, 'http://frankcao8/upload-ref-isapi-WebFarm/2100mb-rfc2119.txt?only=query'],
    // The destination's own query does not leak into the reply URL (RFC 3986 §5.2.2).
    ['r.bin', new URL('http://h/up/f.txt?ACCOUNT=1'), 'http://h/up/r.bin'],
    // IPv6 literals.
    ['http://[::1]:8080/r.bin', dest, 'http://[::1]:8080/r.bin'],
    ['r.bin', new URL('http://[2001:db8::1]/up/f'), 'http://[2001:db8::1]/up/r.bin'],
    ['//[2001:DB8::2]/r', dest, 'http://[2001:db8::2]/r'],
    ['http://127.0.0.1:9/r', dest, 'http://127.0.0.1:9/r'],
    // Exactly at the length limit.
    [`${'a'.repeat(2196)}.bin`, new URL('http://h/f'), `http://h/${'a'.repeat(2196)}.bin`],
  ])('%j', (raw, base, expected) => {
    const url = resolveReplyUrl(raw, base);
    expect(url.href).toBe(expected);
    expect(['http:', 'https:']).toContain(url.protocol);
  });

  it('never double-encodes: resolving its own output is a fixed point', () => {
    const once = resolveReplyUrl(`BITS-Sessions\\Replies\\${guid}\\a b%.bin`, dest);
    expect(resolveReplyUrl(once.href, dest).href).toBe(once.href);
  });
});

describe('resolveReplyUrl: rejected values', () => {
  it.each([
    ['', /empty/],
    ['   \t ', /empty/],
    ['a'.repeat(2201), /2201 characters long, over the 2200-character limit/],
    [`http://h/${'x'.repeat(100_000)}`, /over the 2200-character limit/],
    ['reply.bin\r\nSet-Cookie: x=1', /control characters/],
    ['reply\n.bin', /control characters/],
    ['reply\0.bin', /control characters/],
    ['http://h/\treply', /control characters/],
    ['re\x7fply', /control characters/],
    ['file:///etc/passwd', /"file:" scheme is not allowed/],
    ['FILE:C:\\Windows\\win.ini', /"file:" scheme/],
    ['javascript:alert(1)', /"javascript:" scheme/],
    ['JavaScript:alert(1)', /"javascript:" scheme/],
    ['data:text/html,<script>', /"data:" scheme/],
    ['ftp://h/r.bin', /"ftp:" scheme/],
    ['C:\\inetpub\\BITS-Sessions\\r.bin', /"c:" scheme/],
    ['http:r.bin', /must name a host/],
    ['http:/r.bin', /must name a host/],
    ['http:///r.bin', /names no host/],
    ['///evil.example/r.bin', /names no host/],
    ['http://user:pw@evil.example/r', /user name or password/],
    ['http://user@evil.example/r', /user name or password/],
    ['//@evil.example/r', /user name or password/],
    ['http://a b.example/r', /not a valid URL/],
    ['http://[::1/r', /not a valid URL/],
    ['http://h:99999/r', /not a valid URL/],
    ['bad-\uD800-surrogate', /malformed Unicode/],
  ])('%j', (raw, message) => {
    let caught: unknown;
    try {
      resolveReplyUrl(raw, dest);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BitsError);
    const error = caught as BitsError;
    expect(error.message).toMatch(message);
    expect(error.phase).toBe('reply');
    expect(error.code).toBe(HRESULT.BG_E_INVALID_SERVER_RESPONSE);
    expect(error.classification).toBe('fatal');
    expect(error.evidence.headers?.[0]?.[0]).toBe('BITS-Reply-URL');
  });

  it('keeps the raw header value as evidence (shortened when huge)', () => {
    const raw = 'javascript:alert(1)';
    expect(() => resolveReplyUrl(raw, dest)).toThrow(BitsError);
    try {
      resolveReplyUrl(raw, dest);
    } catch (error) {
      expect((error as BitsError).evidence.headers).toEqual([['BITS-Reply-URL', raw]]);
    }
    try {
      resolveReplyUrl('x'.repeat(50_000), dest);
    } catch (error) {
      const shown = (error as BitsError).evidence.headers?.[0]?.[1] ?? '';
      expect(shown.length).toBeLessThan(2300);
    }
  });

  it('treats a UNC-style \\\\server\\share value as a scheme-relative (cross-origin) URL', () => {
    expect(resolveReplyUrl('\\\\server\\share\\r.bin', dest).href).toBe('http://server/share/r.bin');
  });
});
