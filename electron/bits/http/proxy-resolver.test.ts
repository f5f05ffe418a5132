import { describe, expect, it } from 'vitest';
import { proxyAuthFor } from './auth/proxy-auth.js';
import { bypasses, parseBypassList } from './proxy-bypass.js';
import { describeProxy, ProxyConfigError, parseProxyUrl } from './proxy-config.js';
import { chooseProxyResolver, environmentProxyResolver } from './proxy-resolver.js';

const route = async (resolver: ReturnType<typeof chooseProxyResolver>, url: string) => {
  const chosen = await resolver.resolve(new URL(url));
  return chosen.kind === 'proxy'
    ? `${chosen.source} ${describeProxy(chosen.proxy)}`
    : `direct (${chosen.reason})`;
};

describe('proxy URLs', () => {
  it('reads host:port with or without a scheme, credentials in the URL or apart', () => {
    expect(describeProxy(parseProxyUrl('proxy.corp:3128'))).toBe('http://proxy.corp:3128');
    expect(describeProxy(parseProxyUrl('http://proxy.corp'))).toBe('http://proxy.corp:8080');
    const inUrl = parseProxyUrl('http://ann%40corp:p%3Ass@proxy.corp:3128/');
    expect(inUrl.credentials).toEqual({ user: 'ann@corp', password: 'p:ss' });
    expect(describeProxy(inUrl)).toBe('http://proxy.corp:3128');
    // Nothing goes before the proxy has asked for a scheme; after it asked for Basic, Basic.
    const auth = proxyAuthFor(inUrl);
    expect(auth?.preemptive('GET', 'http://x/')).toBeUndefined();
    expect(auth?.challenged([['Proxy-Authenticate', 'Basic realm="p"']], undefined)).toBe(true);
    expect(auth?.preemptive('GET', 'http://x/')).toBe(
      `Basic ${Buffer.from('ann@corp:p:ss').toString('base64')}`,
    );
    const apart = parseProxyUrl('http://x:y@proxy.corp:3128', { user: 'bob', password: 'pw' });
    expect(apart.credentials).toEqual({ user: 'bob', password: 'pw' });
    expect(proxyAuthFor(parseProxyUrl('proxy:1'))).toBeUndefined();
  });

  it('refuses what it cannot use, without repeating a password', () => {
    for (const [raw, message] of [
      ['socks5://ann:hunter2@proxy:1080', /only HTTP proxies/],
      ['https://proxy:443', /only HTTP proxies/],
      ['http://ann:hunter2@proxy:3128/path', /no path/],
      ['http://ann:hunter2@', /not a proxy URL|no host/],
    ] as const) {
      const error = (() => {
        try {
          parseProxyUrl(raw);
        } catch (caught) {
          return caught as Error;
        }
        throw new Error(`accepted ${raw}`);
      })();
      expect(error).toBeInstanceOf(ProxyConfigError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('hunter2');
    }
  });
});

describe('bypass lists (NO_PROXY syntax)', () => {
  const list = parseBypassList('internal.corp, .lan 10.1.2.3,build:8080,[::1]');
  const bypassed = (url: string) => bypasses(list, new URL(url));

  it('names domains with their subdomains, exact addresses, and host:port', () => {
    expect(bypassed('https://internal.corp/u')).toBe(true);
    expect(bypassed('https://a.b.internal.corp/u')).toBe(true);
    expect(bypassed('https://notinternal.corp/u')).toBe(false);
    expect(bypassed('http://printer.lan/u')).toBe(true);
    expect(bypassed('http://10.1.2.3/u')).toBe(true);
    expect(bypassed('http://10.1.2.30/u')).toBe(false);
    expect(bypassed('http://build:8080/u')).toBe(true);
    expect(bypassed('http://build/u')).toBe(false);
    expect(bypassed('http://[::1]:9/u')).toBe(true);
  });

  it('"*" bypasses everything; an empty list nothing', () => {
    expect(bypasses(parseBypassList('*'), new URL('https://any.where/'))).toBe(true);
    expect(bypasses(parseBypassList(''), new URL('https://any.where/'))).toBe(false);
  });
});

describe('choosing the proxy', () => {
  const env = {
    HTTPS_PROXY: 'http://env-secure:3128',
    http_proxy: 'http://env-plain:3128',
    HTTP_PROXY: 'http://ignored-upper:3128',
    NO_PROXY: 'internal.corp',
  };

  it('uses the environment by scheme, honours NO_PROXY, and never proxies loopback from it', async () => {
    const resolver = environmentProxyResolver(env);
    expect(await route(resolver, 'https://up.example.com/a')).toBe('environment http://env-secure:3128');
    // Lower case wins, as curl reads them.
    expect(await route(resolver, 'http://up.example.com/a')).toBe('environment http://env-plain:3128');
    expect(await route(resolver, 'https://x.internal.corp/a')).toBe('direct (bypass)');
    expect(await route(resolver, 'http://127.0.0.1:4000/a')).toBe('direct (loopback)');
    expect(await route(resolver, 'https://localhost/a')).toBe('direct (loopback)');
    expect(await route(environmentProxyResolver({}), 'https://up.example.com/a')).toBe('direct (none)');
    expect(await route(environmentProxyResolver({ no_proxy: '*', https_proxy: 'p:1' }), 'https://a.b/')).toBe(
      'direct (bypass)',
    );
  });

  it('prefers the job, then the setting, then the environment; an explicit proxy carries loopback', async () => {
    const job = chooseProxyResolver({
      job: { proxy: 'job-proxy:1' },
      setting: { proxy: 'setting-proxy:2' },
      env,
    });
    expect(await route(job, 'http://127.0.0.1:4000/a')).toBe('job http://job-proxy:1');
    const setting = chooseProxyResolver({
      setting: { proxy: 'setting-proxy:2', bypass: 'internal.corp' },
      env,
    });
    expect(await route(setting, 'https://localhost/a')).toBe('setting http://setting-proxy:2');
    expect(await route(setting, 'https://internal.corp/a')).toBe('direct (bypass)');
    expect(await route(chooseProxyResolver({ setting: { proxy: '' }, env }), 'https://a.example/')).toBe(
      'environment http://env-secure:3128',
    );
  });

  it('"direct" turns proxies off at its level, the environment included', async () => {
    expect(
      await route(
        chooseProxyResolver({ job: { proxy: 'direct' }, setting: { proxy: 'p:1' }, env }),
        'https://a.example/',
      ),
    ).toBe('direct (none)');
    expect(
      await route(chooseProxyResolver({ setting: { proxy: 'DIRECT' }, env }), 'https://a.example/'),
    ).toBe('direct (none)');
  });

  it('takes separate credentials for the job proxy', async () => {
    const chosen = await chooseProxyResolver({
      job: { proxy: 'job-proxy:1', credentials: { user: 'ann', password: 'pw' } },
      env: {},
    }).resolve(new URL('https://a.example/'));
    expect(chosen.kind === 'proxy' && chosen.proxy.credentials).toEqual({ user: 'ann', password: 'pw' });
  });
});
