import { describe, expect, it } from 'vitest';
import type { HttpRequest } from './http/transport.js';
import { OriginPolicy, parseHeaderLine } from './origin-policy.js';
import { ScriptedTransport } from './testing/scripted-transport.js';

const get = (url: string): HttpRequest => ({
  method: 'GET',
  url: new URL(url),
  headers: [],
  sendTimeoutMs: 1000,
  responseTimeoutMs: 1000,
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('parseHeaderLine', () => {
  it.each([
    ['X-Api-Key: abc123', ['X-Api-Key', 'abc123']],
    ['X-Trace:value-without-space', ['X-Trace', 'value-without-space']],
    ['X-Padded: \t spaced value \t', ['X-Padded', 'spaced value']],
    ['X-Colon: a:b:c', ['X-Colon', 'a:b:c']],
    ['X-Empty:', ['X-Empty', '']],
    ['Authorization: Bearer t0k3n', ['Authorization', 'Bearer t0k3n']],
    ["x!#$%&'*+.^_`|~: odd but legal token", ["x!#$%&'*+.^_`|~", 'odd but legal token']],
  ])('accepts %j', (line, expected) => {
    expect(parseHeaderLine(line)).toEqual(expected);
  });

  it.each([
    ['X-A: ok\r\nHost: evil', /line break/],
    ['X-A: ok\nX-B: smuggled', /line break/],
    ['X-A: ok\r', /line break/],
    ['X-A: a\0b', /NUL/],
    ['no colon here', /Name: value/],
    [': value', /name is empty/],
    ['Bad Name: v', /not a valid header name/],
    ['X(A): v', /not a valid header name/],
    ['Ünïcode: v', /not a valid header name/],
    ['Host: evil.example', /set by the uploader itself/],
    ['content-length: 5', /set by the uploader itself/],
    ['Content-Range: bytes 0-1/2', /set by the uploader itself/],
    ['Transfer-Encoding: chunked', /set by the uploader itself/],
    ['CONNECTION: close', /set by the uploader itself/],
    ['BITS-Packet-Type: Cancel-Session', /set by the uploader itself/],
    ['bits-session-id: {x}', /set by the uploader itself/],
    ['Range: bytes=0-', /set by the uploader itself/],
    ['X-Ctl: a\x01b', /control/],
    ['X-Wide: snow ☃', /control or non-Latin-1/],
  ])('rejects %j', (line, message) => {
    expect(() => parseHeaderLine(line)).toThrow(message);
  });

  it('quotes the offending line (shortened) in the message', () => {
    expect(() => parseHeaderLine(`Host: ${'x'.repeat(200)}`)).toThrow(/"Host: x+…"/);
  });
});

describe('OriginPolicy', () => {
  const auth = {
    headers: [['X-Key', 'k']] as Array<[string, string]>,
    credentials: { user: 'ann', password: 'pw' },
  };

  it('sends custom headers to the destination origin, and no credentials before a challenge', () => {
    const policy = new OriginPolicy(new URL('https://up.example/bits/a.bin'), auth);
    expect(policy.headersFor(new URL('https://up.example/other/path?q=1'))).toEqual([['X-Key', 'k']]);
  });

  it.each([
    ['HTTPS://UP.EXAMPLE/x', true],
    ['https://up.example:443/x', true],
    ['https://up.example.:443/x', false],
    ['http://up.example/x', false],
    ['https://up.example:8443/x', false],
    ['https://evil.example/x', false],
    ['https://up.example.evil.example/x', false],
    ['https://user:pw@up.example/x', true],
    ['ftp://up.example/x', false],
    ['file:///etc/passwd', false],
  ])('isTrusted(%s) = %s', (url, trusted) => {
    const policy = new OriginPolicy(new URL('https://up.example/bits/a.bin'), auth);
    expect(policy.isTrusted(new URL(url))).toBe(trusted);
    expect(policy.headersFor(new URL(url))).toHaveLength(trusted ? 1 : 0);
  });

  it('normalises default ports, case and IDN', () => {
    const policy = new OriginPolicy(new URL('http://Bücher.Example:80/up'), { headers: [] });
    expect(policy.isTrusted(new URL('http://xn--bcher-kva.example/reply'))).toBe(true);
    expect(policy.isTrusted(new URL('http://BÜCHER.example/reply'))).toBe(true);
  });

  it('trusts the BITS-Host-Id origin only after allowOrigin, including IPv6 literals', () => {
    const policy = new OriginPolicy(new URL('https://farm.example/up'), auth);
    const node = new URL('https://[2001:db8::7]/up');
    expect(policy.isTrusted(node)).toBe(false);
    policy.allowOrigin(node);
    expect(policy.isTrusted(new URL('https://[2001:DB8:0::7]:443/reply'))).toBe(true);
    expect(policy.isTrusted(new URL('https://[2001:db8::8]/reply'))).toBe(false);
  });

  it('refuses to trust non-http origins', () => {
    const policy = new OriginPolicy(new URL('https://up.example/'), auth);
    expect(() => policy.allowOrigin(new URL('ftp://up.example/'))).toThrow(/http/);
    expect(() => new OriginPolicy(new URL('ftp://up.example/'), auth)).toThrow(/http/);
  });

  it('sends nothing but an empty list when there is nothing to send', () => {
    const policy = new OriginPolicy(new URL('https://up.example/'), { headers: [] });
    expect(policy.headersFor(new URL('https://up.example/'))).toEqual([]);
    expect(policy.warnings()).toEqual([]);
  });

  it('returns a fresh array each time so callers cannot mutate the policy', () => {
    const policy = new OriginPolicy(new URL('https://up.example/'), auth);
    policy.headersFor(new URL('https://up.example/')).length = 0;
    expect(policy.headersFor(new URL('https://up.example/'))).toHaveLength(1);
  });

  it('warns in plain words about Basic credentials over http, also for a later host id', () => {
    const policy = new OriginPolicy(new URL('https://up.example/'), auth);
    expect(policy.warnings()).toEqual([]);
    policy.allowOrigin(new URL('http://node7.example/'));
    expect(policy.warnings()).toEqual([expect.stringMatching(/unencrypted to http:\/\/node7\.example/)]);
  });

  it('does not warn about plain http without credentials', () => {
    const policy = new OriginPolicy(new URL('http://up.example/'), { headers: [['X-A', 'b']] });
    expect(policy.warnings()).toEqual([]);
  });

  it('re-validates headers handed in directly', () => {
    expect(
      () => new OriginPolicy(new URL('https://a.example/'), { headers: [['X-A', 'v\r\nHost: b']] }),
    ).toThrow(/line break/);
    expect(
      () => new OriginPolicy(new URL('https://a.example/'), { headers: [['BITS-Session-Id', 'x']] }),
    ).toThrow(/set by the uploader/);
  });

  it('rejects a colon in the Basic user name and encodes UTF-8 credentials', async () => {
    expect(
      () =>
        new OriginPolicy(new URL('https://a.example/'), {
          headers: [],
          credentials: { user: 'a:b', password: 'c' },
        }),
    ).toThrow(/cannot contain ":"/);
    const policy = new OriginPolicy(new URL('https://a.example/'), {
      headers: [],
      credentials: { user: 'jürgen', password: 'pä:ss' },
    });
    const transport = new ScriptedTransport();
    const answered = policy.authenticated(transport).request(get('https://a.example/x'));
    (await transport.next()).respond(401, { 'WWW-Authenticate': 'Basic realm="r"' });
    const retry = await transport.next();
    expect(retry.header('Authorization')).toBe(basic('jürgen', 'pä:ss'));
    retry.respond(200);
    expect((await answered).status).toBe(200);
  });

  it('drops a custom Authorization header when credentials are given, and says so', () => {
    const policy = new OriginPolicy(new URL('https://a.example/'), {
      headers: [['authorization', 'Bearer x']],
      credentials: { user: 'u', password: 'p' },
    });
    expect(policy.headersFor(new URL('https://a.example/'))).toEqual([]);
    expect(policy.warnings()).toEqual([expect.stringMatching(/custom Authorization header was dropped/)]);
  });
});
